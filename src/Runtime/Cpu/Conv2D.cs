using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NetForge.Cpu;

/// <summary>
/// A 2-D convolution layer with a fused activation:
/// y[b, f, oh, ow] = act(bias[f] + Σ_{c, ki, kj} w[f, c, ki, kj] · x[b, c, oh·S + ki − P, ow·S + kj − P]), where
/// inputs outside the image read as zero. Tensors are row-major: x is [batch, channels, height, width] (NCHW),
/// the weight [filters, channels, kernel height, kernel width] (PyTorch's layout), y [batch, filters, OH, OW].
/// Buffers may be longer than the sizes need; the extra values are left alone. The kernels split their work over the
/// workers of a trainer where that pays, use the widest SIMD vectors the hardware accelerates, and work in memory
/// owned by each thread, which they allocate on first use and reuse afterwards.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Conv2D
{
    /// <summary>Computes y = act(conv(x, W) + bias).</summary>
    /// <typeparam name="TAct">The activation, specialised by the JIT.</typeparam>
    /// <param name="x">Inputs, [batch, channels, height, width].</param>
    /// <param name="weight">Weights, [filters, channels, kernel height, kernel width].</param>
    /// <param name="bias">Biases, [filters]; empty for a layer without bias, or when it is not wanted.</param>
    /// <param name="y">Receives the activated outputs, [batch, filters, output height, output width].</param>
    /// <param name="batch">The number of samples.</param>
    /// <param name="shape">The layer's sizes.</param>
    /// <param name="activation">The activation applied to each output.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batch"/> is negative.</exception>
    /// <exception cref="ArgumentException">A buffer is too short for the sizes, or the shape is <c>default</c>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward<TAct>(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> y,
        int batch, ConvShape shape, TAct activation)
        where TAct : struct, IActivation
    {
        CheckForward(x.Length, weight.Length, bias.Length, y.Length, batch, shape);

        if (Vector512.IsHardwareAccelerated)
            ConvForwardKernel.Run<Vector512Ops, Vector512<float>, TAct>(x, weight, bias, y, batch, shape, activation);
        else if (Vector256.IsHardwareAccelerated)
            ConvForwardKernel.Run<Vector256Ops, Vector256<float>, TAct>(x, weight, bias, y, batch, shape, activation);
        else if (Vector128.IsHardwareAccelerated)
            ConvForwardKernel.Run<Vector128Ops, Vector128<float>, TAct>(x, weight, bias, y, batch, shape, activation);
        else
            ConvForwardKernel.Run<ScalarOps, float, TAct>(x, weight, bias, y, batch, shape, activation);
    }

    /// <summary>
    /// Back-propagates through the layer. <paramref name="dy"/> is first turned in place into the gradient with
    /// respect to the pre-activation (dy ·= act'(y)); then the parameter gradients and, when wanted, the input
    /// gradient are written. All gradients are overwritten, not accumulated, and summed over the batch.
    /// </summary>
    /// <typeparam name="TAct">The activation, specialised by the JIT.</typeparam>
    /// <param name="x">The inputs of the forward pass, [batch, channels, height, width].</param>
    /// <param name="weight">Weights, [filters, channels, kernel height, kernel width].</param>
    /// <param name="y">The activated outputs of the forward pass, [batch, filters, output height, output width].</param>
    /// <param name="dy">On entry the gradient with respect to y; on return the gradient with respect to the pre-activation. Same shape as y.</param>
    /// <param name="dWeight">Receives the weight gradient, same shape as the weight; empty when it is not wanted (a frozen weight).</param>
    /// <param name="dBias">Receives the bias gradient, [filters]; empty for a layer without bias, or when it is not wanted.</param>
    /// <param name="dx">Receives the input gradient, same shape as x; empty when it is not needed (the first layer).</param>
    /// <param name="batch">The number of samples.</param>
    /// <param name="shape">The layer's sizes.</param>
    /// <param name="activation">The activation of the forward pass.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batch"/> is negative.</exception>
    /// <exception cref="ArgumentException">A buffer is too short for the sizes, or the shape is <c>default</c>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward<TAct>(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> y, Span<float> dy,
        Span<float> dWeight, Span<float> dBias, Span<float> dx, int batch, ConvShape shape, TAct activation)
        where TAct : struct, IActivation
    {
        CheckBackward(x.Length, weight.Length, y.Length, dy.Length, dWeight.Length, dBias.Length, dx.Length, batch, shape);
        BackwardFrom(x, weight, y, dy, dWeight, dBias, dx, batch, shape, activation, new GivenGradient());
    }

    /// <summary>
    /// Computes activated = act(conv(x, W) + bias) and y = maxpool(activated), a convolution and the max pooling after it
    /// as one step: the values of <see cref="Forward"/> then <see cref="MaxPool.Forward"/>, each sample pooled by the
    /// thread that convolved it, while it is still in that core's cache.
    /// </summary>
    /// <typeparam name="TAct">The activation, specialised by the JIT.</typeparam>
    /// <param name="x">Inputs, [batch, channels, height, width].</param>
    /// <param name="weight">Weights, [filters, channels, kernel height, kernel width].</param>
    /// <param name="bias">Biases, [filters]; empty for a layer without bias, or when it is not wanted.</param>
    /// <param name="activated">Receives the activated outputs, [batch, filters, output height, output width], which the backward reads.</param>
    /// <param name="y">Receives the pooled outputs, [batch, filters, pooled height, pooled width].</param>
    /// <param name="batch">The number of samples.</param>
    /// <param name="shape">The convolution's sizes.</param>
    /// <param name="activation">The activation applied to each output.</param>
    /// <param name="pool">The pooling's sizes, whose input is the convolution's output.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batch"/> is negative.</exception>
    /// <exception cref="ArgumentException">A buffer is too short for the sizes, a shape is <c>default</c>, or the pooling's input is not the convolution's output.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ForwardMaxPooled<TAct>(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> activated,
        Span<float> y, int batch, ConvShape shape, TAct activation, PoolShape pool)
        where TAct : struct, IActivation =>
        ForwardPooled<TAct, MaxReduction>(x, weight, bias, activated, y, batch, shape, activation, pool);

    /// <summary>
    /// Computes activated = act(conv(x, W) + bias) and y = avgpool(activated), a convolution and the average pooling
    /// after it as one step: the values of <see cref="Forward"/> then <see cref="AvgPool.Forward"/>.
    /// </summary>
    /// <inheritdoc cref="ForwardMaxPooled"/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ForwardAvgPooled<TAct>(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> activated,
        Span<float> y, int batch, ConvShape shape, TAct activation, PoolShape pool)
        where TAct : struct, IActivation =>
        ForwardPooled<TAct, MeanReduction>(x, weight, bias, activated, y, batch, shape, activation, pool);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ForwardPooled<TAct, TReduce>(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> activated,
        Span<float> y, int batch, ConvShape shape, TAct activation, PoolShape pool)
        where TAct : struct, IActivation
        where TReduce : struct, IWindowReduction
    {
        CheckForward(x.Length, weight.Length, bias.Length, activated.Length, batch, shape);
        CheckPooling(activated.Length, y.Length, batch, shape, pool);
        if (Vector512.IsHardwareAccelerated)
            ConvPoolKernel.Forward<Vector512Ops, Vector512<float>, TAct, TReduce>(x, weight, bias, activated, y, batch, shape, activation, pool);
        else if (Vector256.IsHardwareAccelerated)
            ConvPoolKernel.Forward<Vector256Ops, Vector256<float>, TAct, TReduce>(x, weight, bias, activated, y, batch, shape, activation, pool);
        else if (Vector128.IsHardwareAccelerated)
            ConvPoolKernel.Forward<Vector128Ops, Vector128<float>, TAct, TReduce>(x, weight, bias, activated, y, batch, shape, activation, pool);
        else
        {
            // Without SIMD hardware the convolution runs on scalars and the pooling in 128-bit software vectors, as alone.
            Forward(x, weight, bias, activated, batch, shape, activation);
            Pooling.Forward<Vector128Ops, Vector128<float>, TReduce>(activated, y, batch, pool);
        }
    }

    /// <summary>
    /// Back-propagates through a convolution and the max pooling after it as one step: each sample's pooling gradient is
    /// written into <paramref name="dActivated"/> (each window's gradient to its largest value) and masked there at once
    /// (dActivated ·= act'(activated)) by one thread, then the parameter gradients and, when wanted, the input gradient
    /// are written as <see cref="Backward"/> writes them.
    /// </summary>
    /// <typeparam name="TAct">The activation, specialised by the JIT.</typeparam>
    /// <param name="x">The inputs of the forward pass, [batch, channels, height, width].</param>
    /// <param name="weight">Weights, [filters, channels, kernel height, kernel width].</param>
    /// <param name="activated">The activated outputs of the forward pass, [batch, filters, output height, output width].</param>
    /// <param name="dy">The gradient with respect to the pooled outputs, [batch, filters, pooled height, pooled width].</param>
    /// <param name="dActivated">Receives the gradient with respect to the pre-activation; same shape as <paramref name="activated"/>.</param>
    /// <param name="dWeight">Receives the weight gradient, same shape as the weight; empty when it is not wanted (a frozen weight).</param>
    /// <param name="dBias">Receives the bias gradient, [filters]; empty for a layer without bias, or when it is not wanted.</param>
    /// <param name="dx">Receives the input gradient, same shape as x; empty when it is not needed (the first layer).</param>
    /// <param name="batch">The number of samples.</param>
    /// <param name="shape">The convolution's sizes.</param>
    /// <param name="activation">The activation of the forward pass.</param>
    /// <param name="pool">The pooling's sizes.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batch"/> is negative.</exception>
    /// <exception cref="ArgumentException">A buffer is too short for the sizes, a shape is <c>default</c>, or the pooling's input is not the convolution's output.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void BackwardMaxPooled<TAct>(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> activated, ReadOnlySpan<float> dy,
        Span<float> dActivated, Span<float> dWeight, Span<float> dBias, Span<float> dx, int batch, ConvShape shape, TAct activation, PoolShape pool)
        where TAct : struct, IActivation
    {
        CheckPooledBackward(x.Length, weight.Length, activated.Length, dy.Length, dActivated.Length, dWeight.Length, dBias.Length, dx.Length, batch, shape, pool);
        fixed (float* pa = activated, pdy = dy)
        {
            if (Vector512.IsHardwareAccelerated)
                BackwardFrom(x, weight, activated, dActivated, dWeight, dBias, dx, batch, shape, activation, new MaxPoolingGradient<Vector512Ops, Vector512<float>>(pa, pdy, pool));
            else if (Vector256.IsHardwareAccelerated)
                BackwardFrom(x, weight, activated, dActivated, dWeight, dBias, dx, batch, shape, activation, new MaxPoolingGradient<Vector256Ops, Vector256<float>>(pa, pdy, pool));
            else
                BackwardFrom(x, weight, activated, dActivated, dWeight, dBias, dx, batch, shape, activation, new MaxPoolingGradient<Vector128Ops, Vector128<float>>(pa, pdy, pool));
        }
    }

    /// <summary>
    /// Back-propagates through a convolution and the average pooling after it as one step: each sample's pooling gradient
    /// (each window's gradient spread evenly over it) is written into <paramref name="dActivated"/> and masked there at
    /// once by one thread, then the parameter gradients and, when wanted, the input gradient are written.
    /// </summary>
    /// <inheritdoc cref="BackwardMaxPooled"/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void BackwardAvgPooled<TAct>(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> activated, ReadOnlySpan<float> dy,
        Span<float> dActivated, Span<float> dWeight, Span<float> dBias, Span<float> dx, int batch, ConvShape shape, TAct activation, PoolShape pool)
        where TAct : struct, IActivation
    {
        CheckPooledBackward(x.Length, weight.Length, activated.Length, dy.Length, dActivated.Length, dWeight.Length, dBias.Length, dx.Length, batch, shape, pool);
        fixed (float* pdy = dy)
            BackwardFrom(x, weight, activated, dActivated, dWeight, dBias, dx, batch, shape, activation, new AveragePoolingGradient(pdy, pool));
    }

    private static void BackwardFrom<TAct, TSource>(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> y, Span<float> dy,
        Span<float> dWeight, Span<float> dBias, Span<float> dx, int batch, ConvShape shape, TAct activation, TSource source)
        where TAct : struct, IActivation
        where TSource : struct, IGradientSource
    {
        if (Vector512.IsHardwareAccelerated)
            ConvBackwardKernel.Run<Vector512Ops, Vector512<float>, TAct, TSource>(x, weight, y, dy, dWeight, dBias, dx, batch, shape, activation, source);
        else if (Vector256.IsHardwareAccelerated)
            ConvBackwardKernel.Run<Vector256Ops, Vector256<float>, TAct, TSource>(x, weight, y, dy, dWeight, dBias, dx, batch, shape, activation, source);
        else // Without SIMD hardware the 128-bit code runs in software, summing in the same lane layout.
            ConvBackwardKernel.Run<Vector128Ops, Vector128<float>, TAct, TSource>(x, weight, y, dy, dWeight, dBias, dx, batch, shape, activation, source);
    }

    private static void CheckPooledBackward(int x, int weight, int activated, int dy, int dActivated, int dWeight, int dBias, int dx, int batch,
        ConvShape shape, PoolShape pool)
    {
        CheckBackward(x, weight, activated, dActivated, dWeight, dBias, dx, batch, shape);
        CheckPooling(activated, dy, batch, shape, pool);
    }

    /// <summary>Checks that a pooling fused after the convolution reads its output, and that its buffers fit.</summary>
    internal static void CheckPooling(int activated, int pooled, int batch, ConvShape shape, PoolShape pool)
    {
        pool.CheckInitialised(nameof(pool));
        if (pool.Channels != shape.Filters || pool.Height != shape.OutputHeight || pool.Width != shape.OutputWidth)
            throw new ArgumentException(FormattableString.Invariant(
                $"The pooling takes [{pool.Channels}, {pool.Height}, {pool.Width}] but the convolution yields [{shape.Filters}, {shape.OutputHeight}, {shape.OutputWidth}]."), nameof(pool));
        Pooling.Check(activated, pooled, batch, pool);
    }

    // The checks by buffer length, shared with the float64 kernel.
    internal static void CheckForward(int x, int weight, int bias, int y, int batch, ConvShape shape)
    {
        shape.CheckInitialised(nameof(shape));
        BufferCheck.Size(batch, nameof(batch));
        BufferCheck.AtLeast(x, batch, shape.InputSize, nameof(x));
        BufferCheck.AtLeast(weight, shape.Filters, shape.PatchSize, nameof(weight));
        BufferCheck.EmptyOrAtLeast(bias, 1, shape.Filters, nameof(bias));
        BufferCheck.AtLeast(y, batch, shape.OutputSize, nameof(y));
    }

    internal static void CheckBackward(int x, int weight, int y, int dy, int dWeight, int dBias, int dx, int batch, ConvShape shape)
    {
        shape.CheckInitialised(nameof(shape));
        BufferCheck.Size(batch, nameof(batch));
        BufferCheck.AtLeast(x, batch, shape.InputSize, nameof(x));
        BufferCheck.AtLeast(weight, shape.Filters, shape.PatchSize, nameof(weight));
        BufferCheck.AtLeast(y, batch, shape.OutputSize, nameof(y));
        BufferCheck.AtLeast(dy, batch, shape.OutputSize, nameof(dy));
        BufferCheck.EmptyOrAtLeast(dWeight, shape.Filters, shape.PatchSize, nameof(dWeight));
        BufferCheck.EmptyOrAtLeast(dBias, 1, shape.Filters, nameof(dBias));
        BufferCheck.EmptyOrAtLeast(dx, batch, shape.InputSize, nameof(dx));
    }
}
