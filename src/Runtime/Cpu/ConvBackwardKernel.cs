using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetForge.Cpu;

/// <summary>
/// The convolution's backward pass. The weight gradient sums, over the output positions p, the output gradient
/// times the input each tap reads: dW[f, k] = Σ_p dY[f, p] · patches[k, p]. The input gradient is itself a
/// convolution: of the output gradient, spread out by the stride and padded so that the kernel reaches every input
/// position, with the weights flipped and their filter and channel axes swapped; so it reuses the forward product
/// and writes each input gradient once, instead of scattering into it. (With stride S that convolution multiplies
/// by S² − 1 zeros for every useful term; the typical layers have stride 1.) Where the spread's border is wide next
/// to the map (a valid convolution with a large kernel), a stride-1 layer scatters the patches' gradient instead,
/// whichever multiplies fewer values (<see cref="InputGradientPlan"/>).
/// </summary>
/// <remarks>
/// The weight gradient's dot products end in horizontal sums, which cost as much as some 50 steps of the product.
/// Large stride-1 maps amortise them within one sample, and there the taps are read in place from the padded sample
/// (<see cref="TapGradient"/>), against output gradients laid out at its row width with zeros in the gaps. Small
/// maps, and strides above 1, unroll the patches of several samples side by side (<see cref="Patches.Unroll{TOps, TVec}"/>)
/// so that each dot product runs over about a thousand positions; but a small map of a valid stride-1 convolution with
/// whole groups of 16 filters needs no sums across lanes at all, with the filters along them (<see cref="FilterVectorGradient"/>),
/// and reads its taps in place.
/// </remarks>
internal static class ConvBackwardKernel
{
    /// <summary>Output positions per sample (laid out at the padded width) from which one sample's dot products amortise their sums.</summary>
    private const int ShiftedColumns = 512;

    /// <summary>How many output positions (samples × OH × OW) one unrolled weight-gradient product runs over.</summary>
    private const int GroupColumns = 1024;

    /// <summary>The most floats of unrolled inputs a group may take; larger samples go one at a time.</summary>
    private const long GroupFloats = 1 << 21;

    /// <summary>
    /// Spans are not checked: the caller has validated their lengths and the shape. <paramref name="source"/> writes
    /// each sample's output gradient just before it is masked (a fused pooling's backward), or leaves the one given.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TOps, TVec, TAct, TSource>(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> y, Span<float> dy,
        Span<float> dWeight, Span<float> dBias, Span<float> dx, int batch, ConvShape shape, TAct activation, TSource source)
        where TOps : struct, ILaneSums<TVec>
        where TVec : struct
        where TAct : struct, IActivation
        where TSource : struct, IGradientSource
    {
        if (!dWeight.IsEmpty)
            dWeight[..shape.WeightSize].Clear();
        if (!dBias.IsEmpty)
            dBias[..shape.Filters].Clear();
        if (batch == 0)
            return;

        // Every weight-gradient form and the input gradient read the masked output gradient; the filter-vector form
        // reads it with the filters innermost, and the masking lays it out so as it goes.
        var shifted = shape.Stride == 1 && shape.OutputHeight * (shape.Width + 2 * shape.Padding) >= ShiftedColumns;
        var transposed = !dWeight.IsEmpty && !shifted && FilterVectorGradient.Applies(shape) ? Grown(ref t_transposed, batch * shape.OutputSize) : null;
        MaskAndSums<TOps, TVec, TAct, TSource>(y, dy, dBias, transposed, batch, shape, activation, source);

        if (transposed is not null)
            FilterVectors<TOps, TVec>(x, transposed, dWeight, batch, shape);
        else if (!dWeight.IsEmpty && shifted)
            Shifted<TOps, TVec>(x, dy, dWeight, batch, shape);
        else if (!dWeight.IsEmpty)
            Unrolled<TOps, TVec>(x, dy, dWeight, batch, shape);
        if (!dx.IsEmpty)
            InputGradients<TOps, TVec>(dy, weight, dx, batch, shape);
    }

    /// <summary>
    /// Every sample's input gradient from its masked output gradient. With <see cref="Workers.Current"/> set and work
    /// enough, the samples are split over the workers; each is computed as it would be alone.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void InputGradients<TOps, TVec>(ReadOnlySpan<float> dy, ReadOnlySpan<float> weight, Span<float> dx, int batch, ConvShape shape)
        where TOps : struct, ILaneSums<TVec>
        where TVec : struct
    {
        if (Workers.Current is not { } workers || batch < 2 || 2L * batch * shape.OutputSize * shape.PatchSize < Workers.SplitFlops)
        {
            SerialInputGradients<TOps, TVec>(dy, weight, dx, batch, shape);
            return;
        }
        // With the samples along the lanes, each chunk is whole groups of them.
        fixed (float* pdy = dy, pw = weight, pdx = dx)
            workers.SplitRange(new InputGradientPass<TOps, TVec>(pdy, pw, pdx, shape), batch, InSampleLanes(shape, batch) ? Lanes.Group : 4);
    }

    /// <summary>Whether the input gradient takes <see cref="SampleLaneInputGradient"/>'s form, which gives the same bits as the scatter it replaces.</summary>
    internal static bool InSampleLanes(ConvShape shape, int batch) =>
        batch >= SampleLaneInputGradient.MinimumBatch && SampleLaneInputGradient.Applies(shape) && new InputGradientPlan(shape, wanted: true).Scatters;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SerialInputGradients<TOps, TVec>(ReadOnlySpan<float> dy, ReadOnlySpan<float> weight, Span<float> dx, int batch, ConvShape shape)
        where TOps : struct, ILaneSums<TVec>
        where TVec : struct
    {
        if (InSampleLanes(shape, batch))
        {
            SampleLaneInputGradient.Run<TOps, TVec>(dy, weight, dx, batch, shape);
            return;
        }

        var plan = new InputGradientPlan(shape, wanted: true);
        var rest = Scratch.Get(plan.ScratchLength);
        var buffers = plan.Carve(ref rest);
        plan.Prepare(weight, buffers);
        for (var b = 0; b < batch; b++)
            InputGradient<TOps, TVec>(dy.Slice(b * shape.OutputSize, shape.OutputSize), weight, dx.Slice(b * shape.InputSize, shape.InputSize), shape, plan, buffers);
    }

    /// <summary>The input gradients of some of the samples.</summary>
    private readonly unsafe struct InputGradientPass<TOps, TVec>(float* dy, float* weight, float* dx, ConvShape shape) : IRangePass
        where TOps : struct, ILaneSums<TVec>
        where TVec : struct
    {
        public void Run(int start, int count) =>
            SerialInputGradients<TOps, TVec>(new ReadOnlySpan<float>(dy + (nint)start * shape.OutputSize, count * shape.OutputSize),
                new ReadOnlySpan<float>(weight, shape.WeightSize), new Span<float>(dx + (nint)start * shape.InputSize, count * shape.InputSize), count, shape);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Shifted<TOps, TVec>(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dWeight, int batch, ConvShape shape)
        where TOps : struct, ILaneSums<TVec>
        where TVec : struct
    {
        if (Workers.Current is not { } workers || batch < 2 || 2L * batch * shape.OutputSize * shape.PatchSize < Workers.SplitFlops)
        {
            ShiftedShares<TOps, TVec>(x, dy, dWeight, 0, 0, batch, shape);
            return;
        }

        // Each sample's share goes to its own slot, and the slots are added to dW in the order of the samples: each
        // value is added once, as when the shares are added to dW one after the other, so the bits are the same.
        var shares = Grown(ref t_sampleShares, checked(batch * shape.WeightSize));
        fixed (float* px = x, pdy = dy, pshares = shares)
            workers.SplitRange(new SharesPass<TOps, TVec>(px, pdy, pshares, batch, shape), batch);
        for (var b = 0; b < batch; b++)
            Tensors.Sum<TOps, TVec>(dWeight, shares.AsSpan(b * shape.WeightSize, shape.WeightSize), dWeight, shape.WeightSize);
    }

    /// <summary>The slots for the samples' shares of a split shifted weight gradient, grown only when a call needs more.</summary>
    [ThreadStatic]
    private static float[]? t_sampleShares;

    /// <summary>Some samples' shares of the weight gradient, each to its slot.</summary>
    private readonly unsafe struct SharesPass<TOps, TVec>(float* x, float* dy, float* shares, int batch, ConvShape shape) : IRangePass
        where TOps : struct, ILaneSums<TVec>
        where TVec : struct
    {
        public void Run(int start, int count) =>
            ShiftedShares<TOps, TVec>(new ReadOnlySpan<float>(x, batch * shape.InputSize), new ReadOnlySpan<float>(dy, batch * shape.OutputSize),
                new Span<float>(shares + (nint)start * shape.WeightSize, count * shape.WeightSize), shape.WeightSize, start, count, shape);
    }

    /// <summary>
    /// Adds the shares of the <paramref name="count"/> samples from <paramref name="first"/> on, their output gradients
    /// already masked, to <paramref name="target"/>: all to its start when <paramref name="shareStride"/> is 0, else
    /// each to its own slot, cleared first, that far apart.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ShiftedShares<TOps, TVec>(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> target, int shareStride,
        int first, int count, ConvShape shape)
        where TOps : struct, ILaneSums<TVec>
        where TVec : struct
    {
        var paddedHeight = shape.Height + 2 * shape.Padding;
        var paddedWidth = shape.Width + 2 * shape.Padding;
        var paddedSize = shape.Channels * paddedHeight * paddedWidth;

        // Each filter's output gradients at the padded row width, zero in the gaps and up to a whole vector; the
        // dot products' last vector reads that far past the last tap's row, into zeroed slack.
        var length = Scratch.Round(shape.OutputHeight * paddedWidth);
        var slack = Scratch.Round(paddedWidth + Scratch.Alignment);
        var rest = Scratch.Get(checked(Scratch.Round(shape.PatchSize) + Scratch.Round(shape.Filters * length) + Scratch.Round(paddedSize + slack)));
        var offsets = MemoryMarshal.Cast<float, int>(Scratch.Take(ref rest, shape.PatchSize));
        var rows = Scratch.Take(ref rest, shape.Filters * length);
        var padded = Scratch.Take(ref rest, paddedSize + slack);
        Patches.ShiftedOffsets(offsets, shape.Channels, paddedHeight, paddedWidth, shape.KernelHeight, shape.KernelWidth);
        padded[paddedSize..].Clear();

        var outputs = shape.OutputHeight * shape.OutputWidth;
        for (var b = first; b < first + count; b++)
        {
            var sample = dy.Slice(b * shape.OutputSize, shape.OutputSize);
            for (var f = 0; f < shape.Filters; f++)
            {
                var row = rows.Slice(f * length, length);
                Patches.Spread(sample.Slice(f * outputs, outputs), 1, shape.OutputHeight, shape.OutputWidth, row, shape.OutputHeight, paddedWidth, 1, 0, 0);
                row[(shape.OutputHeight * paddedWidth)..].Clear();
            }

            Patches.Spread(x.Slice(b * shape.InputSize, shape.InputSize), shape.Channels, shape.Height, shape.Width,
                padded, paddedHeight, paddedWidth, 1, shape.Padding, shape.Padding);
            var share = target.Slice((b - first) * shareStride, shape.WeightSize);
            if (shareStride != 0)
                share.Clear();
            TapGradient.Run<TOps, TVec>(rows, length, padded, offsets, share, shape.Filters, shape.PatchSize, length);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Unrolled<TOps, TVec>(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dWeight, int batch, ConvShape shape)
        where TOps : struct, ILaneSums<TVec>
        where TVec : struct
    {
        var outputs = shape.OutputHeight * shape.OutputWidth;
        var group = Math.Clamp(GroupColumns / outputs, 1, batch);
        while (group > 1 && (long)shape.PatchSize * Scratch.Round(group * outputs) > GroupFloats)
            group--;
        var groups = (batch + group - 1) / group;

        // Each group's share of dW is summed into it in the order of the groups, however many threads computed them.
        if (Workers.Current is { } workers && groups > 1 && 2L * batch * shape.OutputSize * shape.PatchSize >= Workers.SplitFlops)
        {
            var work = GroupWork<TOps, TVec>.Get();
            var shares = work.Shares(checked(groups * shape.WeightSize));
            fixed (float* px = x, pdy = dy, pshares = shares)
            {
                work.X = px;
                work.Dy = pdy;
                work.Partials = pshares;
                (work.Batch, work.Group, work.Shape, work.Claims) = (batch, group, shape, workers.Claims);
                workers.Claims.Reset(groups, 1);
                workers.Run(work);
            }

            shares.AsSpan(0, shape.WeightSize).CopyTo(dWeight);
            for (var g = 1; g < groups; g++)
                Tensors.Sum<TOps, TVec>(dWeight, shares.AsSpan(g * shape.WeightSize, shape.WeightSize), dWeight, shape.WeightSize);
            return;
        }

        for (var start = 0; start < batch; start += group)
        {
            if (start == 0)
            {
                GroupShare<TOps, TVec>(x, dy, dWeight, start, Math.Min(group, batch), group, shape);
                continue;
            }

            // The share goes to the buffer's end, past the group's working memory, which GroupShare takes from its start.
            var partial = Scratch.Get(checked(GroupScratch(group, shape) + shape.WeightSize))[^shape.WeightSize..];
            GroupShare<TOps, TVec>(x, dy, partial, start, Math.Min(group, batch - start), group, shape);
            Tensors.Sum<TOps, TVec>(dWeight, partial, dWeight, shape.WeightSize);
        }
    }

    /// <summary>The floats of scratch memory <see cref="GroupShare"/> takes for groups of <paramref name="group"/> samples.</summary>
    private static int GroupScratch(int group, ConvShape shape)
    {
        var columns = Scratch.Round(group * shape.OutputHeight * shape.OutputWidth);
        var paddedSize = shape.Channels * (shape.Height + 2 * shape.Padding) * (shape.Width + 2 * shape.Padding);
        // The unrolling writes up to a vector past the rows and reads up to a vector past the padded samples.
        return checked(Scratch.Round(shape.Filters * columns) + Scratch.Round(group * paddedSize + Scratch.Alignment)
            + Scratch.Round(shape.PatchSize * columns + Scratch.Alignment));
    }

    /// <summary>
    /// Writes one group's share of the weight gradient, share[f, k] = Σ_p gradients[f, p] · patches[k, p], to
    /// <paramref name="share"/>: the group's masked output gradients side by side, its inputs unrolled, and the dense
    /// forward product with filters for samples and taps for outputs, on the calling thread alone.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void GroupShare<TOps, TVec>(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> share, int start, int count, int group, ConvShape shape)
        where TOps : struct, ILaneSums<TVec>
        where TVec : struct
    {
        var outputs = shape.OutputHeight * shape.OutputWidth;
        var columns = Scratch.Round(group * outputs);
        var paddedHeight = shape.Height + 2 * shape.Padding;
        var paddedWidth = shape.Width + 2 * shape.Padding;
        var paddedSize = shape.Channels * paddedHeight * paddedWidth;
        var rest = Scratch.Get(GroupScratch(group, shape));
        var gradients = Scratch.Take(ref rest, shape.Filters * columns);
        var padded = Scratch.Take(ref rest, group * paddedSize + Scratch.Alignment);
        var patches = Scratch.Take(ref rest, shape.PatchSize * columns + Scratch.Alignment);

        // The group's masked output gradients side by side, [filters, stride], zero after the last sample.
        var used = count * outputs;
        var stride = Scratch.Round(used);
        for (var g = 0; g < count; g++)
        {
            var sample = dy.Slice((start + g) * shape.OutputSize, shape.OutputSize);
            for (var f = 0; f < shape.Filters; f++)
                sample.Slice(f * outputs, outputs).CopyTo(gradients[(f * stride + g * outputs)..]);
        }

        for (var f = 0; f < shape.Filters; f++)
            gradients.Slice(f * stride + used, stride - used).Clear();

        for (var g = 0; g < count; g++)
            Patches.Spread(x.Slice((start + g) * shape.InputSize, shape.InputSize), shape.Channels, shape.Height, shape.Width,
                padded[(g * paddedSize)..], paddedHeight, paddedWidth, 1, shape.Padding, shape.Padding);
        Patches.Unroll<TOps, TVec>(padded, count, shape.Channels, paddedHeight, paddedWidth, shape.KernelHeight, shape.KernelWidth,
            shape.Stride, shape.OutputHeight, shape.OutputWidth, patches, stride);
        DenseForwardKernel.Serial<TOps, TVec, Identity>(gradients, patches, [], share, shape.Filters, stride, shape.PatchSize, default);
    }

    /// <summary>Some groups' shares of a split weight gradient, each to its own slot; one per calling thread and kernel, reused.</summary>
    private sealed unsafe class GroupWork<TOps, TVec> : IPartWork
        where TOps : struct, ILaneSums<TVec>
        where TVec : struct
    {
        [ThreadStatic]
        private static GroupWork<TOps, TVec>? _cached;

        private float[] _shares = [];

        public float* X, Dy, Partials;
        public int Batch, Group;
        public ConvShape Shape;
        public RangeClaims? Claims;

        public static GroupWork<TOps, TVec> Get() => _cached ??= new();

        /// <summary>The slots for the shares, grown only when a call needs more than any before it.</summary>
        public float[] Shares(int length)
        {
            if (_shares.Length < length)
                _shares = GC.AllocateUninitializedArray<float>(length, pinned: true);
            return _shares;
        }

        public void Run(int part)
        {
            var x = new ReadOnlySpan<float>(X, Batch * Shape.InputSize);
            var dy = new ReadOnlySpan<float>(Dy, Batch * Shape.OutputSize);
            var victim = part;
            while (Claims!.Next(part, ref victim, out var first, out var count))
            {
                for (var g = first; g < first + count; g++)
                {
                    var start = g * Group;
                    GroupShare<TOps, TVec>(x, dy, new Span<float>(Partials + (nint)g * Shape.WeightSize, Shape.WeightSize), start,
                        Math.Min(Group, Batch - start), Group, Shape);
                }
            }
        }
    }

    /// <summary>
    /// Masks every sample's output gradient and adds its sums to the bias gradient. With <see cref="Workers.Current"/>
    /// set and values enough, the samples are split over the workers, each sample's sums kept in its own slot and added
    /// to the bias gradient afterwards in the order of the samples, as when one thread adds them one after the other.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void MaskAndSums<TOps, TVec, TAct, TSource>(ReadOnlySpan<float> y, Span<float> dy, Span<float> dBias, float[]? transposed, int batch,
        ConvShape shape, TAct activation, TSource source)
        where TOps : struct, ILaneSums<TVec>
        where TVec : struct
        where TAct : struct, IActivation
        where TSource : struct, IGradientSource
    {
        if (Workers.Current is not { } workers || batch < 2 || (long)batch * shape.OutputSize < MaskSplitValues)
        {
            for (var b = 0; b < batch; b++)
            {
                source.Write(b, dy.Slice(b * shape.OutputSize, shape.OutputSize));
                MaskAndSum<TOps, TVec, TAct>(y.Slice(b * shape.OutputSize, shape.OutputSize), dy.Slice(b * shape.OutputSize, shape.OutputSize), dBias, shape, activation);
                if (transposed is not null)
                    Transposition.Run(dy.Slice(b * shape.OutputSize, shape.OutputSize), shape.Filters, shape.OutputHeight * shape.OutputWidth,
                        transposed.AsSpan(b * shape.OutputSize, shape.OutputSize));
            }
            return;
        }

        var sums = dBias.IsEmpty ? null : Grown(ref t_biasSums, checked(batch * shape.Filters));
        fixed (float* py = y, pdy = dy, psums = sums, pt = transposed)
            workers.SplitRange(new MaskPass<TOps, TVec, TAct, TSource>(py, pdy, psums, pt, shape, activation, source), batch);
        if (sums is null)
            return;
        for (var b = 0; b < batch; b++)
        {
            for (var f = 0; f < shape.Filters; f++)
                dBias[f] += sums[b * shape.Filters + f];
        }
    }

    /// <summary>The fewest output-gradient values a backward pass must have for its masking to be split over the workers.</summary>
    private const long MaskSplitValues = 1 << 16;

    /// <summary>The slots for the samples' bias sums of a split masking, grown only when a call needs more.</summary>
    [ThreadStatic]
    private static float[]? t_biasSums;

    /// <summary>Masks some samples' output gradients, each sample's bias sums to its slot when there are slots, and lays them out with the filters innermost when asked.</summary>
    private readonly unsafe struct MaskPass<TOps, TVec, TAct, TSource>(float* y, float* dy, float* sums, float* transposed, ConvShape shape, TAct activation,
        TSource source) : IRangePass
        where TOps : struct, ILaneSums<TVec>
        where TVec : struct
        where TAct : struct, IActivation
        where TSource : struct, IGradientSource
    {
        public void Run(int start, int count)
        {
            for (var b = start; b < start + count; b++)
            {
                var slot = sums is null ? default : new Span<float>(sums + (nint)b * shape.Filters, shape.Filters);
                slot.Clear();
                var gradient = new Span<float>(dy + (nint)b * shape.OutputSize, shape.OutputSize);
                source.Write(b, gradient);
                MaskAndSum<TOps, TVec, TAct>(new ReadOnlySpan<float>(y + (nint)b * shape.OutputSize, shape.OutputSize), gradient, slot, shape, activation);
                if (transposed is not null)
                    Transposition.Run(gradient, shape.Filters, shape.OutputHeight * shape.OutputWidth,
                        new Span<float>(transposed + (nint)b * shape.OutputSize, shape.OutputSize));
            }
        }
    }

    /// <summary>The output gradients laid out for <see cref="FilterVectorGradient"/>, grown only when a call needs more.</summary>
    [ThreadStatic]
    private static float[]? t_transposed;

    /// <summary>A thread's buffer of at least <paramref name="length"/> floats, kept in <paramref name="kept"/> and grown only when a call needs more.</summary>
    private static float[] Grown(ref float[]? kept, int length) =>
        kept is { } buffer && buffer.Length >= length ? buffer : kept = AlignedArrays.Allocate(length);

    /// <summary>
    /// The weight gradient in <see cref="FilterVectorGradient"/>'s form, its kernel rows (for kernels five wide) or its
    /// taps split over the workers where there is work enough, then turned from [taps, filters] into the weights'
    /// [filters, taps].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void FilterVectors<TOps, TVec>(ReadOnlySpan<float> x, float[] transposed, Span<float> dWeight, int batch, ConvShape shape)
        where TOps : struct, ILaneSums<TVec>
        where TVec : struct
    {
        var offsetsLength = Scratch.Round(shape.PatchSize);
        var scratch = Scratch.Get(checked(offsetsLength + shape.WeightSize));
        var offsets = MemoryMarshal.Cast<float, int>(scratch[..offsetsLength])[..shape.PatchSize];
        var byTap = scratch.Slice(offsetsLength, shape.WeightSize);
        var gradients = transposed.AsSpan(0, batch * shape.OutputSize);
        var workers = Workers.Current is { } current && shape.PatchSize >= 16 && 2L * batch * shape.OutputSize * shape.PatchSize >= Workers.SplitFlops
            ? current
            : null;
        if (FilterVectorGradient.RowsApply<TOps, TVec>(shape))
        {
            var rows = shape.Channels * shape.KernelHeight;
            if (workers is not null)
            {
                fixed (float* px = x, pg = gradients, pt = byTap)
                    workers.SplitRange(new RowPass<TOps, TVec>(px, x.Length, pg, pt, batch, shape), rows, 2);
            }
            else
                FilterVectorGradient.RunRows<TOps, TVec>(x, gradients, byTap, batch, shape, 0, rows);
        }
        else
        {
            Patches.ShiftedOffsets(offsets, shape.Channels, shape.Height, shape.Width, shape.KernelHeight, shape.KernelWidth);
            if (workers is not null)
            {
                fixed (float* px = x, pg = gradients, pt = byTap)
                fixed (int* po = offsets)
                    workers.SplitRange(new TapPass<TOps, TVec>(px, x.Length, pg, po, pt, batch, shape), shape.PatchSize, 8);
            }
            else
                FilterVectorGradient.Run<TOps, TVec>(x, gradients, offsets, byTap, batch, shape, 0, shape.PatchSize);
        }

        Transposition.Run(byTap, shape.PatchSize, shape.Filters, dWeight);
    }

    /// <summary>Some kernel rows of a split filter-vector weight gradient.</summary>
    private readonly unsafe struct RowPass<TOps, TVec>(float* x, int xLength, float* gradients, float* byTap, int batch, ConvShape shape) : IRangePass
        where TOps : struct, ILaneSums<TVec>
        where TVec : struct
    {
        public void Run(int start, int count) =>
            FilterVectorGradient.RunRows<TOps, TVec>(new ReadOnlySpan<float>(x, xLength), new ReadOnlySpan<float>(gradients, batch * shape.OutputSize),
                new Span<float>(byTap, shape.WeightSize), batch, shape, start, count);
    }

    /// <summary>Some taps of a split filter-vector weight gradient.</summary>
    private readonly unsafe struct TapPass<TOps, TVec>(float* x, int xLength, float* gradients, int* offsets, float* byTap, int batch, ConvShape shape) : IRangePass
        where TOps : struct, ILaneSums<TVec>
        where TVec : struct
    {
        public void Run(int start, int count) =>
            FilterVectorGradient.Run<TOps, TVec>(new ReadOnlySpan<float>(x, xLength), new ReadOnlySpan<float>(gradients, batch * shape.OutputSize),
                new ReadOnlySpan<int>(offsets, shape.PatchSize), new Span<float>(byTap, shape.WeightSize), batch, shape, start, count);
    }

    /// <summary>Masks one sample's output gradient in place by the activation's derivative and adds its sums to the bias gradient.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MaskAndSum<TOps, TVec, TAct>(ReadOnlySpan<float> y, Span<float> dy, Span<float> dBias, ConvShape shape, TAct activation)
        where TOps : struct, ILaneSums<TVec>
        where TVec : struct
        where TAct : struct, IActivation
    {
        VectorActivation.Mask<TOps, TVec, TAct>(y, dy, shape.OutputSize, activation);
        if (dBias.IsEmpty)
            return;
        var outputs = shape.OutputHeight * shape.OutputWidth;
        for (var f = 0; f < shape.Filters; f++)
            dBias[f] += Lanes.Sum<TOps, TVec>(ref dy[f * outputs], outputs);
    }

    /// <summary>
    /// dx[c, i, j] = Σ_{f, ki, kj} dY[f, (i + P − ki) / S, (j + P − kj) / S] · W[f, c, ki, kj] over the terms whose
    /// divisions are exact and in range: a stride-1 convolution of dY, spread S apart and offset by K − 1 − P, with
    /// the flipped weights, computed like the forward pass on shifted views of the spread planes.
    /// </summary>
    private static void InputGradient<TOps, TVec>(ReadOnlySpan<float> dy, ReadOnlySpan<float> weight, Span<float> dx, ConvShape shape,
        InputGradientPlan plan, InputGradientBuffers buffers)
        where TOps : struct, ILaneSums<TVec>
        where TVec : struct
    {
        if (plan.Scatters)
        {
            ScatteredInputGradient<TOps, TVec>(dy, weight, dx, shape, plan, buffers);
            return;
        }

        Patches.Spread(dy, shape.Filters, shape.OutputHeight, shape.OutputWidth, buffers.Spread, plan.SpreadHeight, plan.SpreadWidth, shape.Stride,
            shape.KernelHeight - 1 - shape.Padding, shape.KernelWidth - 1 - shape.Padding);
        var depth = shape.Filters * shape.KernelHeight * shape.KernelWidth;
        if (plan.SpreadWidth == shape.Width)
        {
            FilterProduct.Run<TOps, TVec, Identity>(buffers.Flipped, [], buffers.Spread, buffers.Offsets, dx, plan.Width, shape.Channels, depth, plan.Width, default);
            return;
        }

        FilterProduct.Run<TOps, TVec, Identity>(buffers.Flipped, [], buffers.Spread, buffers.Offsets, buffers.Wide, plan.Stride, shape.Channels, depth, plan.Width, default);
        Patches.Compact(buffers.Wide, plan.Stride, shape.Channels, shape.Height, shape.Width, plan.SpreadWidth, dx, shape.Height * shape.Width);
    }

    /// <summary>
    /// dx for stride 1 as the patches' gradient, scattered: dP[k, t] = Σ_f W[f, k] · dY[f, t], with dY laid out at the
    /// padded row width and zero in the gaps, is a product of plain rows (<see cref="RowCombination"/>), one channel's
    /// taps at a time; then each tap k = (c, ki, kj) adds its whole row of dP, in tap order, to channel c's padded
    /// plane at ki·Wp + kj, and the planes are cut to the input. For a valid convolution with a large kernel
    /// (LeNet-5's second) that multiplies far fewer zeros than the spread convolution does, whose border is as wide as
    /// the kernel. The adds are made as gathers: each vector of a plane sums its channel's taps in tap order, from
    /// rows of dP with zeros either side, and is stored once. Added one row after another, each row's vectors read
    /// what the row before had just stored one float over, loads that must wait for those stores: the adds took 2.7 µs
    /// a sample of LeNet-5's second layer, against 5 µs for the whole product.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ScatteredInputGradient<TOps, TVec>(ReadOnlySpan<float> dy, ReadOnlySpan<float> weight, Span<float> dx, ConvShape shape,
        InputGradientPlan plan, InputGradientBuffers buffers)
        where TOps : struct, ILaneSums<TVec>
        where TVec : struct
    {
        var outputs = shape.OutputHeight * shape.OutputWidth;
        var length = plan.Length;
        for (var f = 0; f < shape.Filters; f++)
        {
            var row = buffers.Rows.Slice(f * length, length);
            Patches.Spread(dy.Slice(f * outputs, outputs), 1, shape.OutputHeight, shape.OutputWidth, row, shape.OutputHeight, plan.PaddedWidth, 1, 0, 0);
            row[(shape.OutputHeight * plan.PaddedWidth)..].Clear();
        }

        // Sources past either end of a row of dP read its zero margins, and a zero adds nothing: a plane's sums never
        // are −0, which adding +0 would turn to +0, as they start from +0.
        var taps = shape.KernelHeight * shape.KernelWidth;
        var margin = plan.ProductMargin;
        nint rowStride = plan.ProductStride;
        ref var d0 = ref MemoryMarshal.GetReference(buffers.Product);
        ref var p0 = ref MemoryMarshal.GetReference(buffers.Planes);
        for (var c = 0; c < shape.Channels; c++)
        {
            RowCombination.Run<TOps, TVec>(weight[(c * taps)..], shape.PatchSize, 1, buffers.Rows, length, buffers.Product[margin..], plan.ProductStride,
                taps, shape.Filters, length);
            ref var plane = ref Unsafe.Add(ref p0, (nint)c * plan.PlaneStride);
            nint u = 0;
            for (; u <= plan.PlaneStride - 4 * TOps.Count; u += 4 * TOps.Count)
                Gather4<TOps, TVec>(ref Unsafe.Add(ref d0, margin + u), rowStride, ref Unsafe.Add(ref plane, u), shape.KernelHeight, shape.KernelWidth, plan.PaddedWidth);
            for (; u < plan.PlaneStride; u += TOps.Count)
            {
                var sum = TOps.Zero;
                ref var source = ref Unsafe.Add(ref d0, margin + u);
                var k = 0;
                for (var ki = 0; ki < shape.KernelHeight; ki++)
                {
                    for (var kj = 0; kj < shape.KernelWidth; kj++, k++)
                        sum = TOps.Add(sum, TOps.Load(ref Unsafe.Add(ref source, k * rowStride - (ki * plan.PaddedWidth + kj))));
                }

                TOps.Store(sum, ref Unsafe.Add(ref plane, u));
            }
        }

        Patches.Compact(buffers.Planes[(shape.Padding * plan.PaddedWidth + shape.Padding)..], plan.PlaneStride, shape.Channels, shape.Height, shape.Width,
            plan.PaddedWidth, dx, shape.Height * shape.Width);
    }

    /// <summary>Four neighbouring vectors of a plane, each its taps' sum in tap order, in four chains of adds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Gather4<TOps, TVec>(ref float source, nint rowStride, ref float plane, int kernelHeight, int kernelWidth, int paddedWidth)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
    {
        nint lanes = TOps.Count;
        TVec s0 = TOps.Zero, s1 = TOps.Zero, s2 = TOps.Zero, s3 = TOps.Zero;
        nint k = 0;
        for (var ki = 0; ki < kernelHeight; ki++)
        {
            for (var kj = 0; kj < kernelWidth; kj++, k++)
            {
                ref var row = ref Unsafe.Add(ref source, k * rowStride - (ki * paddedWidth + kj));
                s0 = TOps.Add(s0, TOps.Load(ref row));
                s1 = TOps.Add(s1, TOps.Load(ref Unsafe.Add(ref row, lanes)));
                s2 = TOps.Add(s2, TOps.Load(ref Unsafe.Add(ref row, 2 * lanes)));
                s3 = TOps.Add(s3, TOps.Load(ref Unsafe.Add(ref row, 3 * lanes)));
            }
        }

        TOps.Store(s0, ref plane);
        TOps.Store(s1, ref Unsafe.Add(ref plane, lanes));
        TOps.Store(s2, ref Unsafe.Add(ref plane, 2 * lanes));
        TOps.Store(s3, ref Unsafe.Add(ref plane, 3 * lanes));
    }

    /// <summary>
    /// The sizes of the input gradient's convolution: the output gradient spread to [filters, SpreadHeight,
    /// SpreadWidth] so that a stride-1 kernel reaches every input position, and the product's outputs laid out
    /// SpreadWidth apart, the last row cut to its wanted values. All zero when the input gradient is not wanted.
    /// </summary>
    private readonly struct InputGradientPlan
    {
        public InputGradientPlan(ConvShape shape, bool wanted)
        {
            Shape = shape;
            if (!wanted)
                return;
            SpreadHeight = shape.Height + shape.KernelHeight - 1;
            SpreadWidth = shape.Width + shape.KernelWidth - 1;
            Width = (shape.Height - 1) * SpreadWidth + shape.Width;
            Stride = Scratch.Round(Width);
            Taps = shape.Filters * shape.KernelHeight * shape.KernelWidth;

            // The scatter's product runs over the output rows at the padded width, and its taps add as many values
            // again; the convolution's product over the input rows at the spread width.
            PaddedWidth = shape.Width + 2 * shape.Padding;
            Length = Scratch.Round(shape.OutputHeight * PaddedWidth);
            var scatter = (long)shape.PatchSize * Length * (shape.Filters + 1);
            var convolution = (long)shape.Channels * Taps * Width;
            Scatters = shape.Stride == 1 && scatter < convolution;
            if (Scatters)
            {
                PlaneStride = Scratch.Round((shape.Height + 2 * shape.Padding) * PaddedWidth + shape.KernelWidth + Scratch.Alignment);
                RowsLength = checked(shape.Filters * Length);
                ProductMargin = Scratch.Round((shape.KernelHeight - 1) * PaddedWidth + shape.KernelWidth - 1);
                ProductStride = checked(ProductMargin + Math.Max(Length, PlaneStride + Scratch.Alignment));
                ProductLength = checked(shape.KernelHeight * shape.KernelWidth * ProductStride + ProductMargin);
                PlanesLength = checked(shape.Channels * PlaneStride);
                ScratchLength = checked(RowsLength + ProductLength + PlanesLength);
                return;
            }

            SpreadLength = shape.Filters * SpreadHeight * SpreadWidth;
            WideLength = SpreadWidth == shape.Width ? 0 : checked(shape.Channels * Stride);
            ScratchLength = checked(Scratch.Round(Taps) + Scratch.Round(shape.WeightSize) + Scratch.Round(SpreadLength) + Scratch.Round(WideLength));
        }

        /// <summary>Whether the input gradient is scattered from the patches' gradient rather than convolved.</summary>
        public bool Scatters { get; }

        /// <summary>The padded input's row width, at which the scatter lays out output rows.</summary>
        public int PaddedWidth { get; }

        /// <summary>The scatter's row length: the output rows at the padded width, up to whole vectors.</summary>
        public int Length { get; }

        /// <summary>The distance between the scatter's padded planes, each with slack for the last tap's row.</summary>
        public int PlaneStride { get; }

        /// <summary>The zeros before each of the scatter's rows of dP, as many as the furthest tap's offset.</summary>
        public int ProductMargin { get; }

        /// <summary>The distance between the scatter's rows of dP, each with zeros after it up to a plane's length.</summary>
        public int ProductStride { get; }

        public int RowsLength { get; }

        public int ProductLength { get; }

        public int PlanesLength { get; }

        public ConvShape Shape { get; }

        public int SpreadHeight { get; }

        public int SpreadWidth { get; }

        /// <summary>Outputs per channel of the product, laid out <see cref="SpreadWidth"/> apart.</summary>
        public int Width { get; }

        /// <summary>The distance between the product's output rows.</summary>
        public int Stride { get; }

        /// <summary>Kernel taps of the input gradient's convolution: filters × KH × KW.</summary>
        public int Taps { get; }

        public int SpreadLength { get; }

        public int WideLength { get; }

        /// <summary>The floats of scratch memory <see cref="Carve"/> takes.</summary>
        public int ScratchLength { get; }

        public InputGradientBuffers Carve(ref Span<float> rest) => new(
            MemoryMarshal.Cast<float, int>(Scratch.Take(ref rest, Scatters ? 0 : Taps)),
            Scratch.Take(ref rest, ScratchLength == 0 || Scatters ? 0 : Shape.WeightSize),
            Scratch.Take(ref rest, SpreadLength),
            Scratch.Take(ref rest, WideLength),
            Scratch.Take(ref rest, RowsLength),
            Scratch.Take(ref rest, ProductLength),
            Scratch.Take(ref rest, PlanesLength));

        /// <summary>
        /// Fills in what is the same for every sample of the convolution: the tap offsets and the flipped weights,
        /// flipped[c, f, KH − 1 − ki, KW − 1 − kj] = weight[f, c, ki, kj]; or for the scatter, which reads the weights as
        /// they are, the zeros around its rows of dP.
        /// </summary>
        public void Prepare(ReadOnlySpan<float> weight, InputGradientBuffers buffers)
        {
            // The products overwrite only the rows of dP, so their zero margins stay for every sample.
            if (Scatters)
            {
                buffers.Product.Clear();
                return;
            }

            Patches.ShiftedOffsets(buffers.Offsets, Shape.Filters, SpreadHeight, SpreadWidth, Shape.KernelHeight, Shape.KernelWidth);
            var taps = Shape.KernelHeight * Shape.KernelWidth;
            for (var f = 0; f < Shape.Filters; f++)
            {
                for (var c = 0; c < Shape.Channels; c++)
                {
                    var from = weight.Slice((f * Shape.Channels + c) * taps, taps);
                    var to = buffers.Flipped.Slice((c * Shape.Filters + f) * taps, taps);
                    for (var t = 0; t < taps; t++)
                        to[taps - 1 - t] = from[t];
                }
            }
        }
    }

    /// <summary>The input gradient's working memory, carved from the scratch buffer.</summary>
    private readonly ref struct InputGradientBuffers(Span<int> offsets, Span<float> flipped, Span<float> spread, Span<float> wide,
        Span<float> rows, Span<float> product, Span<float> planes)
    {
        /// <summary>The scatter's output gradients, [filters, Length].</summary>
        public Span<float> Rows { get; } = rows;

        /// <summary>The scatter's patches' gradient of one channel, [KH·KW, ProductStride], its rows between zeros.</summary>
        public Span<float> Product { get; } = product;

        /// <summary>The scatter's padded input gradient, [channels, PlaneStride].</summary>
        public Span<float> Planes { get; } = planes;

        public Span<int> Offsets { get; } = offsets;

        public Span<float> Flipped { get; } = flipped;

        public Span<float> Spread { get; } = spread;

        public Span<float> Wide { get; } = wide;
    }
}
