using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
        if (SampleWorkers(batch, shape) is not { } workers)
        {
            Serial<TOps, TVec, TAct>(x, weight, bias, y, batch, shape, activation);
            return;
        }
        fixed (float* px = x, pw = weight, pb = bias, py = y)
            workers.SplitRange(new SamplePass<TOps, TVec, TAct>(px, pw, weight.Length, pb, bias.Length, py, shape, activation), batch);
    }

    /// <summary>The workers that share a batch's convolution by samples, or null where it runs on the calling thread.</summary>
    public static Workers? SampleWorkers(int batch, ConvShape shape) =>
        Workers.Current is { } workers && batch >= 2 && 2L * batch * shape.OutputSize * shape.PatchSize >= Workers.SplitFlops ? workers : null;

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

    /// <summary>The convolution of every sample on the calling thread (a single sample's may still split by rows).</summary>
    public static void Serial<TOps, TVec, TAct>(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> y,
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
    private static unsafe void Shifted<TOps, TVec, TAct>(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> y,
        int batch, ConvShape shape, TAct activation)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
        where TAct : struct, IActivation
    {
        if (batch == 1 && FilterWorkers<TOps, TVec>(shape) is { } filterWorkers)
        {
            fixed (float* pw = weight, pb = bias, px = x, py = y)
                filterWorkers.SplitFixed(new FilterShares<TOps, TVec, TAct>(pw, pb, bias.Length, px, py, shape, activation), shape.Filters, FilterBlock<TOps, TVec>(shape));
            return;
        }

        var workers = batch == 1 ? RowWorkers(shape) : null;

        if (FilterVectorForward.Applies<TOps, TVec>(shape))
        {
            if (workers is not null)
            {
                fixed (float* px = x, pw = weight, pb = bias, py = y)
                    workers.SplitFixed(new FilterVectorRows<TOps, TVec, TAct>(px, pw, pb, bias.Length, py, shape, activation), shape.OutputHeight, 1);
                return;
            }

            FilterVectorForward.Run<TOps, TVec, TAct>(x, weight, bias, y, batch, shape, activation, Scratch.Get(FilterVectorForward.ScratchLength(shape)));
            for (var b = 0; b < batch; b++)
                VectorActivation.FinishForward(y.Slice(b * shape.OutputSize, shape.OutputSize), shape.OutputSize, activation);
            return;
        }

        if (workers is not null)
        {
            fixed (float* pw = weight, pb = bias, px = x, py = y)
                workers.SplitFixed(new ShiftedRows<TOps, TVec, TAct>(pw, pb, bias.Length, px, py, shape, activation), shape.OutputHeight, 1);
            return;
        }

        var scratch = new ShiftedScratch(shape);
        for (var b = 0; b < batch; b++)
        {
            ShiftedRows<TOps, TVec, TAct>.Run(weight, bias, x.Slice(b * shape.InputSize, shape.InputSize), y.Slice(b * shape.OutputSize, shape.OutputSize),
                0, shape.OutputHeight, 0, shape.Filters, scratch, shape, activation);
        }
    }

    /// <summary>
    /// The workers that share a single sample's shifted convolution by filters, or null where it is not split so. Each
    /// thread's outputs are then whole planes, which the fused pooling after it can reduce on the same thread: split by
    /// rows, every plane had a cache line written by both threads, and pooling on one thread read half the outputs from
    /// the other core's cache, which cost LeNet-5's first layer as much as the split saved.
    /// </summary>
    public static Workers? FilterWorkers<TOps, TVec>(ConvShape shape)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct =>
        shape.Stride == 1 && RowWorkers(shape) is { } workers && SplitsByFilters<TOps, TVec>(shape, workers) ? workers : null;

    /// <summary>
    /// Whether a split single sample goes by filters: at least three for each thread in the shifted form, so that each
    /// keeps a block of several, and a 256-bit vector of them for each with the filters along the lanes.
    /// </summary>
    private static bool SplitsByFilters<TOps, TVec>(ConvShape shape, Workers workers)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct =>
        FilterVectorForward.Applies<TOps, TVec>(shape)
            ? Vector256.IsHardwareAccelerated && shape.Filters >= Vector256<float>.Count * workers.Count
            : shape.Filters >= 3 * workers.Count;

    /// <summary>The filters a split by filters shares out in whole numbers of: a 256-bit vector of them where they go along the lanes.</summary>
    public static int FilterBlock<TOps, TVec>(ConvShape shape)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct =>
        FilterVectorForward.Applies<TOps, TVec>(shape) ? Vector256<float>.Count : 1;

    /// <summary>
    /// Filters [<paramref name="firstFilter"/>, <paramref name="endFilter"/>) of one sample, whole planes of the outputs,
    /// on the calling thread, every output computed as in a call for all the filters. With the filters along the lanes
    /// they are a convolution of their own, in 256-bit vectors (a whole number of which they are), whose weights and
    /// outputs are the filters' slices; each output sums the same values in the same order at any width.
    /// </summary>
    public static void SampleFilters<TOps, TVec, TAct>(ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, ReadOnlySpan<float> sample, Span<float> output,
        int firstFilter, int endFilter, ConvShape shape, TAct activation)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
        where TAct : struct, IActivation
    {
        if (!FilterVectorForward.Applies<TOps, TVec>(shape))
        {
            ShiftedRows<TOps, TVec, TAct>.Run(weight, bias, sample, output, 0, shape.OutputHeight, firstFilter, endFilter, new ShiftedScratch(shape), shape, activation);
            return;
        }

        var count = endFilter - firstFilter;
        var part = new ConvShape(shape.Channels, shape.Height, shape.Width, count, shape.KernelHeight, shape.KernelWidth, 1, 0);
        var planes = output.Slice(firstFilter * shape.OutputHeight * shape.OutputWidth, part.OutputSize);
        FilterVectorForward.Run<Vector256Ops, Vector256<float>, TAct>(sample, weight.Slice(firstFilter * shape.PatchSize, part.WeightSize),
            bias.IsEmpty ? bias : bias.Slice(firstFilter, count), planes, 1, part, activation, Scratch.Get(FilterVectorForward.ScratchLength(part)));
        VectorActivation.FinishForward(planes, part.OutputSize, activation);
    }

    /// <summary>
    /// Applies an activation without a vector form to output rows [<paramref name="firstRow"/>, <paramref name="endRow"/>)
    /// of filters [<paramref name="firstFilter"/>, <paramref name="endFilter"/>) of one sample's outputs, [filters, OH, OW].
    /// </summary>
    private static void FinishRows<TAct>(Span<float> output, int firstRow, int endRow, int firstFilter, int endFilter, ConvShape shape, TAct activation)
        where TAct : struct, IActivation
    {
        var plane = shape.OutputHeight * shape.OutputWidth;
        var rows = (endRow - firstRow) * shape.OutputWidth;
        for (var filter = firstFilter; filter < endFilter; filter++)
            VectorActivation.FinishForward(output.Slice(filter * plane + firstRow * shape.OutputWidth, rows), rows, activation);
    }

    /// <summary>
    /// The workers that share a single sample's convolution (a prediction) by output rows, or null where it runs alone:
    /// the sample's product took 1.8–2.5 µs on one thread for LeNet-5's layers, and handing half of it to a spinning
    /// worker and back 0.2–0.3 µs.
    /// </summary>
    private static Workers? RowWorkers(ConvShape shape) =>
        Workers.Current is { } workers && shape.OutputHeight >= 2 * workers.Count && 2L * shape.OutputSize * shape.PatchSize >= SplitAloneFlops
            ? workers
            : null;

    /// <summary>The least arithmetic of a single sample's convolution that is split over the workers, about 0.6 µs of one core's.</summary>
    private const long SplitAloneFlops = 1 << 17;

    /// <summary>
    /// The shifted form's working memory on the calling thread, laid out once for a call: the offsets of the kernel's
    /// taps, the padded sample, and the outputs at the padded width where they need compacting.
    /// </summary>
    private readonly ref struct ShiftedScratch
    {
        public ShiftedScratch(ConvShape shape)
        {
            PaddedHeight = shape.Height + 2 * shape.Padding;
            PaddedWidth = shape.Width + 2 * shape.Padding;
            // Outputs laid out PaddedWidth apart; the last row needs only its wanted values.
            var width = (shape.OutputHeight - 1) * PaddedWidth + shape.OutputWidth;
            Compact = PaddedWidth == shape.OutputWidth;
            OutputStride = Compact ? width : Scratch.Round(width);
            var offsetsLength = Scratch.Round(shape.PatchSize);
            var paddedLength = shape.Padding == 0 ? 0 : Scratch.Round(shape.Channels * PaddedHeight * PaddedWidth);
            var wideLength = Compact ? 0 : checked(shape.Filters * OutputStride);
            var scratch = Scratch.Get(checked(offsetsLength + paddedLength + wideLength));
            Offsets = MemoryMarshal.Cast<float, int>(scratch[..offsetsLength]);
            Padded = scratch.Slice(offsetsLength, paddedLength);
            Wide = scratch.Slice(offsetsLength + paddedLength, wideLength);
            Patches.ShiftedOffsets(Offsets, shape.Channels, PaddedHeight, PaddedWidth, shape.KernelHeight, shape.KernelWidth);
        }

        public int PaddedHeight { get; }
        public int PaddedWidth { get; }
        public bool Compact { get; }
        public int OutputStride { get; }
        public Span<int> Offsets { get; }
        public Span<float> Padded { get; }
        public Span<float> Wide { get; }
    }

    /// <summary>
    /// Some output rows of one sample in the shifted form. Each thread pads the sample into its own working memory, so
    /// that what it reads and writes stays in its own core's cache: reading a padded sample another core had just
    /// written took as long as the product it saved.
    /// </summary>
    private readonly unsafe struct ShiftedRows<TOps, TVec, TAct>(float* weight, float* bias, int biasLength, float* sample, float* output,
        ConvShape shape, TAct activation) : IRangePass
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
        where TAct : struct, IActivation
    {
        public void Run(int start, int count) =>
            Run(new ReadOnlySpan<float>(weight, shape.WeightSize), new ReadOnlySpan<float>(bias, biasLength), new ReadOnlySpan<float>(sample, shape.InputSize),
                new Span<float>(output, shape.OutputSize), start, start + count, 0, shape.Filters, new ShiftedScratch(shape), shape, activation);

        /// <summary>
        /// Output rows [<paramref name="firstRow"/>, <paramref name="endRow"/>) of filters [<paramref name="firstFilter"/>,
        /// <paramref name="endFilter"/>): the product over the shifted patches, its rows compacted where they are laid out
        /// wider, the activation finished. Each output is computed as in a call for all the rows and filters.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Run(ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, ReadOnlySpan<float> sample, Span<float> output,
            int firstRow, int endRow, int firstFilter, int endFilter, ShiftedScratch scratch, ConvShape shape, TAct activation)
        {
            if (shape.Padding > 0)
                Patches.Spread(sample, shape.Channels, shape.Height, shape.Width, scratch.Padded, scratch.PaddedHeight, scratch.PaddedWidth, 1, shape.Padding, shape.Padding);
            ReadOnlySpan<float> patches = shape.Padding > 0 ? scratch.Padded : sample;

            var first = firstRow * scratch.PaddedWidth;
            var width = (endRow - firstRow - 1) * scratch.PaddedWidth + shape.OutputWidth;
            var filters = endFilter - firstFilter;
            var filterWeights = weight[(firstFilter * shape.PatchSize)..];
            var filterBias = bias.IsEmpty ? bias : bias[firstFilter..];
            var firstWide = firstFilter * scratch.OutputStride + first;
            if (scratch.Compact)
            {
                FilterProduct.Run<TOps, TVec, TAct>(filterWeights, filterBias, patches[first..], scratch.Offsets, output[firstWide..], scratch.OutputStride,
                    filters, shape.PatchSize, width, activation);
            }
            else
            {
                var plane = shape.OutputHeight * shape.OutputWidth;
                FilterProduct.Run<TOps, TVec, TAct>(filterWeights, filterBias, patches[first..], scratch.Offsets, scratch.Wide[firstWide..], scratch.OutputStride,
                    filters, shape.PatchSize, width, activation);
                Patches.Compact(scratch.Wide[firstWide..], scratch.OutputStride, filters, endRow - firstRow, shape.OutputWidth, scratch.PaddedWidth,
                    output[(firstFilter * plane + firstRow * shape.OutputWidth)..], plane);
            }

            FinishRows(output, firstRow, endRow, firstFilter, endFilter, shape, activation);
        }
    }

    /// <summary>Some filters of one sample (<see cref="SampleFilters"/>), each thread working in its own memory.</summary>
    private readonly unsafe struct FilterShares<TOps, TVec, TAct>(float* weight, float* bias, int biasLength, float* sample, float* output,
        ConvShape shape, TAct activation) : IRangePass
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
        where TAct : struct, IActivation
    {
        public void Run(int start, int count) =>
            SampleFilters<TOps, TVec, TAct>(new ReadOnlySpan<float>(weight, shape.WeightSize), new ReadOnlySpan<float>(bias, biasLength),
                new ReadOnlySpan<float>(sample, shape.InputSize), new Span<float>(output, shape.OutputSize), start, start + count, shape, activation);
    }

    /// <summary>
    /// Some output rows of one sample with the filters along the lanes. Each thread reads the weights by tap from its
    /// own <see cref="TapLayout"/>, for the reason <see cref="ShiftedRows{TOps, TVec, TAct}"/> gives.
    /// </summary>
    private readonly unsafe struct FilterVectorRows<TOps, TVec, TAct>(float* sample, float* weight, float* bias, int biasLength, float* y,
        ConvShape shape, TAct activation) : IRangePass
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
        where TAct : struct, IActivation
    {
        public void Run(int start, int count)
        {
            var output = new Span<float>(y, shape.OutputSize);
            FilterVectorForward.Prepare(new ReadOnlySpan<float>(weight, shape.WeightSize), shape, Scratch.Get(FilterVectorForward.ScratchLength(shape)),
                out var byTap, out var byPosition);
            FilterVectorForward.Rows<TOps, TVec, TAct>(new ReadOnlySpan<float>(sample, shape.InputSize), byTap, new ReadOnlySpan<float>(bias, biasLength),
                byPosition, start, start + count, shape, activation);
            FilterVectorForward.Finish(byPosition, shape, output, start, start + count);
            FinishRows(output, start, start + count, 0, shape.Filters, shape, activation);
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
