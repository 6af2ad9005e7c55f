using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetForge.Cpu;

/// <summary>
/// y = act(conv(x, W) + bias), one sample at a time: pad the sample, arrange it as patches, multiply.
/// </summary>
/// <remarks>
/// A product over patches (rather than a direct convolution) lets one register-blocked kernel serve every kernel
/// size, stride and padding, and it vectorises along the flattened output plane, which for the small maps of these
/// networks (10 × 10, 14 × 14) keeps 16-lane vectors full where a direct convolution along one output row of 10 or
/// 14 values would leave lanes idle. With stride 1 the patches are shifted views of the padded sample (see
/// <see cref="Patches"/>), so the only copies are the padding and the compaction of the outputs; the price is the
/// Wp − OW values per row computed and discarded (2 in 30 for the padded 28 × 28 layers). Unrolling the patches
/// instead costs a copy of every tap's row, as much as a third of the product for 3 × 3 kernels. Where the discarded
/// share is large (4 in 14 for LeNet-5's second layer), a valid layer with whole groups of 16 filters and a kernel
/// five wide runs with the filters along the lanes instead (<see cref="FilterVectorForward"/>).
/// </remarks>
internal static class ConvForwardKernel
{
    /// <summary>
    /// Spans are not checked: the caller has validated their lengths and the shape. With <see cref="Workers.Current"/>
    /// set and work enough, the samples are split over the workers; each sample is computed as it would be alone.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Run<TOps, TVec, TAct>(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> y,
        int batch, ConvShape shape, TAct activation)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
        where TAct : struct, IActivation
    {
        if (Workers.Current is not { } workers || batch < 2 || 2L * batch * shape.OutputSize * shape.PatchSize < Workers.SplitFlops)
        {
            Serial<TOps, TVec, TAct>(x, weight, bias, y, batch, shape, activation);
            return;
        }
        fixed (float* px = x, pw = weight, pb = bias, py = y)
            workers.SplitRange(new SamplePass<TOps, TVec, TAct>(px, pw, weight.Length, pb, bias.Length, py, shape, activation), batch);
    }

    /// <summary>The convolution of some of the samples.</summary>
    private readonly unsafe struct SamplePass<TOps, TVec, TAct>(float* x, float* weight, int weightLength, float* bias, int biasLength, float* y,
        ConvShape shape, TAct activation) : IRangePass
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
        where TAct : struct, IActivation
    {
        public void Run(int start, int count) =>
            Serial<TOps, TVec, TAct>(new ReadOnlySpan<float>(x + (nint)start * shape.InputSize, count * shape.InputSize),
                new ReadOnlySpan<float>(weight, weightLength), new ReadOnlySpan<float>(bias, biasLength),
                new Span<float>(y + (nint)start * shape.OutputSize, count * shape.OutputSize), count, shape, activation);
    }

    private static void Serial<TOps, TVec, TAct>(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> y,
        int batch, ConvShape shape, TAct activation)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
        where TAct : struct, IActivation
    {
        if (shape.Stride == 1)
            Shifted<TOps, TVec, TAct>(x, weight, bias, y, batch, shape, activation);
        else
            Unrolled<TOps, TVec, TAct>(x, weight, bias, y, batch, shape, activation);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Shifted<TOps, TVec, TAct>(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> y,
        int batch, ConvShape shape, TAct activation)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
        where TAct : struct, IActivation
    {
        if (FilterVectorForward.Applies<TOps, TVec>(shape))
        {
            FilterVectorForward.Run<TOps, TVec, TAct>(x, weight, bias, y, batch, shape, activation, Scratch.Get(FilterVectorForward.ScratchLength(shape)));
            for (var b = 0; b < batch; b++)
                VectorActivation.FinishForward(y.Slice(b * shape.OutputSize, shape.OutputSize), shape.OutputSize, activation);
            return;
        }

        var paddedHeight = shape.Height + 2 * shape.Padding;
        var paddedWidth = shape.Width + 2 * shape.Padding;
        var outputHeight = shape.OutputHeight;
        var outputWidth = shape.OutputWidth;

        // Outputs laid out paddedWidth apart; the last row needs only its wanted values.
        var width = (outputHeight - 1) * paddedWidth + outputWidth;
        var compact = paddedWidth == outputWidth;
        var outputStride = compact ? width : Scratch.Round(width);
        var offsetsLength = Scratch.Round(shape.PatchSize);
        var paddedLength = shape.Padding == 0 ? 0 : Scratch.Round(shape.Channels * paddedHeight * paddedWidth);
        var wideLength = compact ? 0 : checked(shape.Filters * outputStride);
        var scratch = Scratch.Get(checked(offsetsLength + paddedLength + wideLength));
        var offsets = MemoryMarshal.Cast<float, int>(scratch[..offsetsLength]);
        var padded = scratch.Slice(offsetsLength, paddedLength);
        var wide = scratch.Slice(offsetsLength + paddedLength, wideLength);
        Patches.ShiftedOffsets(offsets, shape.Channels, paddedHeight, paddedWidth, shape.KernelHeight, shape.KernelWidth);

        for (var b = 0; b < batch; b++)
        {
            var sample = x.Slice(b * shape.InputSize, shape.InputSize);
            if (shape.Padding > 0)
                Patches.Spread(sample, shape.Channels, shape.Height, shape.Width, padded, paddedHeight, paddedWidth, 1, shape.Padding, shape.Padding);
            var output = y.Slice(b * shape.OutputSize, shape.OutputSize);
            if (compact)
            {
                FilterProduct.Run<TOps, TVec, TAct>(weight, bias, shape.Padding > 0 ? padded : sample, offsets, output, outputStride,
                    shape.Filters, shape.PatchSize, width, activation);
            }
            else
            {
                FilterProduct.Run<TOps, TVec, TAct>(weight, bias, shape.Padding > 0 ? padded : sample, offsets, wide, outputStride,
                    shape.Filters, shape.PatchSize, width, activation);
                Patches.Compact(wide, outputStride, shape.Filters, outputHeight, outputWidth, paddedWidth, output);
            }

            VectorActivation.FinishForward(output, shape.OutputSize, activation);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Unrolled<TOps, TVec, TAct>(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> y,
        int batch, ConvShape shape, TAct activation)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
        where TAct : struct, IActivation
    {
        var paddedHeight = shape.Height + 2 * shape.Padding;
        var paddedWidth = shape.Width + 2 * shape.Padding;
        var outputs = shape.OutputHeight * shape.OutputWidth;
        var rowStride = Scratch.Round(outputs);
        var offsetsLength = Scratch.Round(shape.PatchSize);
        var paddedLength = Scratch.Round(shape.Channels * paddedHeight * paddedWidth);
        var patchesLength = Scratch.Round(checked(shape.PatchSize * rowStride + Scratch.Alignment));
        var scratch = Scratch.Get(checked(offsetsLength + paddedLength + patchesLength));
        var offsets = MemoryMarshal.Cast<float, int>(scratch[..offsetsLength]);
        var padded = scratch.Slice(offsetsLength, paddedLength);
        var patches = scratch.Slice(offsetsLength + paddedLength, patchesLength);
        Patches.RowOffsets(offsets, shape.PatchSize, rowStride);

        for (var b = 0; b < batch; b++)
        {
            Patches.Spread(x.Slice(b * shape.InputSize, shape.InputSize), shape.Channels, shape.Height, shape.Width,
                padded, paddedHeight, paddedWidth, 1, shape.Padding, shape.Padding);
            Patches.Unroll<TOps, TVec>(padded, 1, shape.Channels, paddedHeight, paddedWidth, shape.KernelHeight, shape.KernelWidth,
                shape.Stride, shape.OutputHeight, shape.OutputWidth, patches, rowStride);
            var output = y.Slice(b * shape.OutputSize, shape.OutputSize);
            FilterProduct.Run<TOps, TVec, TAct>(weight, bias, patches, offsets, output, outputs, shape.Filters, shape.PatchSize, outputs, activation);
            VectorActivation.FinishForward(output, shape.OutputSize, activation);
        }
    }
}
