using System.Runtime.CompilerServices;

namespace NetForge.Cpu;

/// <summary>
/// A convolution with the pooling after it fused into one step. Forward, each thread pools the samples it has just
/// convolved while their activated outputs are still in its core's cache, in one hand-over to the workers instead of one a layer;
/// backward, the pooling's gradient of each sample is written just before the convolution masks it, by the same thread,
/// in place of a pass of its own over the whole batch. Every value is computed by the operations of the two layers
/// run one after the other, so the bits are theirs.
/// </summary>
internal static class ConvPoolKernel
{
    /// <summary>Spans are not checked: the caller has validated their lengths and the shapes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Forward<TOps, TVec, TAct, TReduce>(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias,
        Span<float> activated, Span<float> y, int batch, ConvShape shape, TAct activation, PoolShape pool)
        where TOps : struct, IPairOps<TVec>
        where TVec : struct
        where TAct : struct, IActivation
        where TReduce : struct, IWindowReduction
    {
        if (batch == 1 && ConvForwardKernel.FilterWorkers<TOps, TVec>(shape) is { } filterWorkers)
        {
            fixed (float* px = x, pw = weight, pb = bias, pa = activated, py = y)
            {
                filterWorkers.SplitFixed(new FilterPass<TOps, TVec, TAct, TReduce>(px, pw, weight.Length, pb, bias.Length, pa, py, shape, activation, pool),
                    shape.Filters, ConvForwardKernel.FilterBlock<TOps, TVec>(shape));
            }
            return;
        }
        if (ConvForwardKernel.SampleWorkers(batch, shape) is not { } workers)
        {
            ConvForwardKernel.Run<TOps, TVec, TAct>(x, weight, bias, activated, batch, shape, activation);
            Pooling.Forward<TOps, TVec, TReduce>(activated, y, batch, pool);
            return;
        }
        fixed (float* px = x, pw = weight, pb = bias, pa = activated, py = y)
            workers.SplitRange(new SamplePass<TOps, TVec, TAct, TReduce>(px, pw, weight.Length, pb, bias.Length, pa, py, shape, activation, pool), batch);
    }

    /// <summary>The convolution and pooling of some of a single sample's filters, whole planes that no other thread writes.</summary>
    private readonly unsafe struct FilterPass<TOps, TVec, TAct, TReduce>(float* x, float* weight, int weightLength, float* bias, int biasLength,
        float* activated, float* y, ConvShape shape, TAct activation, PoolShape pool) : IRangePass
        where TOps : struct, IPairOps<TVec>
        where TVec : struct
        where TAct : struct, IActivation
        where TReduce : struct, IWindowReduction
    {
        public void Run(int start, int count)
        {
            ConvForwardKernel.SampleFilters<TOps, TVec, TAct>(new ReadOnlySpan<float>(weight, weightLength), new ReadOnlySpan<float>(bias, biasLength),
                new ReadOnlySpan<float>(x, shape.InputSize), new Span<float>(activated, shape.OutputSize), start, start + count, shape, activation);
            var plane = new PoolShape(1, pool.Height, pool.Width, pool.Size, pool.Stride);
            Pooling.SerialForward<TOps, TVec, TReduce>(new ReadOnlySpan<float>(activated + (nint)start * plane.InputSize, count * plane.InputSize),
                new Span<float>(y + (nint)start * plane.OutputSize, count * plane.OutputSize), count, plane);
        }
    }

    /// <summary>The convolution and pooling of some of the samples.</summary>
    private readonly unsafe struct SamplePass<TOps, TVec, TAct, TReduce>(float* x, float* weight, int weightLength, float* bias, int biasLength,
        float* activated, float* y, ConvShape shape, TAct activation, PoolShape pool) : IRangePass
        where TOps : struct, IPairOps<TVec>
        where TVec : struct
        where TAct : struct, IActivation
        where TReduce : struct, IWindowReduction
    {
        public void Run(int start, int count)
        {
            var outputs = new Span<float>(activated + (nint)start * shape.OutputSize, count * shape.OutputSize);
            ConvForwardKernel.Serial<TOps, TVec, TAct>(new ReadOnlySpan<float>(x + (nint)start * shape.InputSize, count * shape.InputSize),
                new ReadOnlySpan<float>(weight, weightLength), new ReadOnlySpan<float>(bias, biasLength), outputs, count, shape, activation);
            Pooling.SerialForward<TOps, TVec, TReduce>(outputs, new Span<float>(y + (nint)start * pool.OutputSize, count * pool.OutputSize), count, pool);
        }
    }
}

/// <summary>Where a convolution's backward takes each sample's output gradient from, just before it masks it.</summary>
internal interface IGradientSource
{
    /// <summary>Writes sample <paramref name="sample"/>'s gradient with respect to the activated output, or leaves it.</summary>
    void Write(int sample, Span<float> gradient);
}

/// <summary>The gradient as the caller gave it: a convolution without a fused pooling.</summary>
internal readonly struct GivenGradient : IGradientSource
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(int sample, Span<float> gradient)
    {
    }
}

/// <summary>A fused max pooling's backward: each window's gradient to its largest activated output, zero elsewhere.</summary>
internal readonly unsafe struct MaxPoolingGradient<TOps, TVec>(float* activated, float* pooledGradient, PoolShape pool) : IGradientSource
    where TOps : struct, IPairOps<TVec>
    where TVec : struct
{
    public void Write(int sample, Span<float> gradient) =>
        Pooling.SerialMaxBackward<TOps, TVec>(new ReadOnlySpan<float>(activated + (nint)sample * pool.InputSize, pool.InputSize),
            new ReadOnlySpan<float>(pooledGradient + (nint)sample * pool.OutputSize, pool.OutputSize), gradient, 1, pool);
}

/// <summary>A fused average pooling's backward: each window's gradient spread evenly over it, zero where no window reaches.</summary>
internal readonly unsafe struct AveragePoolingGradient(float* pooledGradient, PoolShape pool) : IGradientSource
{
    public void Write(int sample, Span<float> gradient) =>
        AvgPool.Backward(new ReadOnlySpan<float>(pooledGradient + (nint)sample * pool.OutputSize, pool.OutputSize), gradient, 1, pool);
}
