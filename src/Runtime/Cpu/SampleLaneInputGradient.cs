using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetForge.Cpu;

/// <summary>
/// A stride-1 convolution's input gradient with the samples along the lanes, for the layers whose input gradient is
/// otherwise scattered from the patches' gradient (LeNet-5's second): sixteen samples at a time, each lane one sample,
/// dx[c, i, j] = Σ over the taps (ki, kj) that reach an output, in tap order, of Σ_f W[f, c, ki, kj] · dY[f, i + P − ki, j + P − kj].
/// The scatter multiplies by the zeros between the output rows laid out at the padded width (four in every fourteen
/// on LeNet-5's second layer) and then gathers each input position's 25 taps with loads that split cache lines; here
/// every product is wanted, every load is a whole aligned vector, and no sum crosses lanes. Each value sums its taps as
/// the scatter does (each tap's filters in a chain of multiply-adds from zero, then the taps added in order, the taps
/// that reach no output adding +0, which changes no sum), so the bits are the same whichever form computes them.
/// </summary>
internal static class SampleLaneInputGradient
{
    /// <summary>Input positions of a row a block computes.</summary>
    private const int Positions = 2;

    /// <summary>Channels a block computes: six by two positions keep twelve chains of multiply-adds.</summary>
    private const int Channels = 6;

    /// <summary>The fewest samples for which the lanes are worth filling: with fewer, most of a 16-lane vector would be padding.</summary>
    public const int MinimumBatch = 8;

    /// <summary>
    /// Whether the shape takes this form: stride 1, as the scatter it replaces, and a width a whole number of blocks. The
    /// caller also checks that the scatter is the form it would take otherwise and that the batch fills enough lanes.
    /// </summary>
    public static bool Applies(ConvShape shape) => shape.Stride == 1 && shape.Width % Positions == 0;

    /// <summary>
    /// The floats of working memory a group takes: the output gradients with the lanes innermost as they come from
    /// the transpose, the same with a zero column either side of each output row, and the input gradients.
    /// </summary>
    public static int ScratchLength(ConvShape shape) =>
        checked(Scratch.Round(shape.OutputSize * Lanes.Group) + Scratch.Round(PaddedLength(shape)) + Scratch.Round(shape.InputSize * Lanes.Group));

    private static int PaddedLength(ConvShape shape) => checked(shape.OutputHeight * (shape.OutputWidth + 2) * shape.Filters * Lanes.Group);

    /// <summary>
    /// Overwrites the input gradients of <paramref name="batch"/> samples, their output gradients already masked, on the
    /// calling thread. Spans are not checked: the caller has validated their lengths and the shape.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TOps, TVec>(ReadOnlySpan<float> dy, ReadOnlySpan<float> weight, Span<float> dx, int batch, ConvShape shape)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
    {
        var rest = Scratch.Get(ScratchLength(shape));
        var byPosition = Scratch.Take(ref rest, shape.OutputSize * Lanes.Group);
        var padded = Scratch.Take(ref rest, PaddedLength(shape));
        var sums = Scratch.Take(ref rest, shape.InputSize * Lanes.Group);
        for (var start = 0; start < batch; start += Lanes.Group)
        {
            var count = Math.Min(Lanes.Group, batch - start);
            ToLanes<TOps, TVec>(dy.Slice(start * shape.OutputSize, count * shape.OutputSize), count, shape, byPosition, padded);
            sums.Clear();
            Group<TOps, TVec>(padded, weight, sums, shape);
            FromLanes(sums, count, shape, dx.Slice(start * shape.InputSize, count * shape.InputSize));
        }
    }

    /// <summary>
    /// Lays out <paramref name="count"/> samples' output gradients, [f, oi, oj] each, as [oi, oj + 1, f, lane], with zero
    /// columns at oj = −1 and oj = OW, where the two positions of a block reach past the map, and zero lanes past the
    /// samples.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ToLanes<TOps, TVec>(ReadOnlySpan<float> dy, int count, ConvShape shape, Span<float> byPosition, Span<float> padded)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
    {
        var outputs = shape.OutputSize;
        if (count == Lanes.Group)
            Transposition.Run(dy, count, outputs, byPosition);
        else
        {
            byPosition.Clear();
            for (var b = 0; b < count; b++)
            {
                for (var n = 0; n < outputs; n++)
                    byPosition[n * Lanes.Group + b] = dy[b * outputs + n];
            }
        }

        var (height, width, filters) = (shape.OutputHeight, shape.OutputWidth, shape.Filters);
        var column = filters * Lanes.Group;
        ref var from0 = ref MemoryMarshal.GetReference(byPosition);
        for (var oi = 0; oi < height; oi++)
        {
            var row = padded.Slice(oi * (width + 2) * column, (width + 2) * column);
            row[..column].Clear();
            row[((width + 1) * column)..].Clear();
            ref var to0 = ref MemoryMarshal.GetReference(row);
            for (var oj = 0; oj < width; oj++)
            {
                for (var f = 0; f < filters; f++)
                {
                    ref var from = ref Unsafe.Add(ref from0, ((f * height + oi) * width + oj) * Lanes.Group);
                    ref var to = ref Unsafe.Add(ref to0, (oj + 1) * column + f * Lanes.Group);
                    for (var lane = 0; lane < Lanes.Group; lane += TOps.Count)
                        TOps.Store(TOps.Load(ref Unsafe.Add(ref from, lane)), ref Unsafe.Add(ref to, lane));
                }
            }
        }
    }

    /// <summary>Writes the lanes of [c, i, j, lane] back as <paramref name="count"/> samples of [c, i, j].</summary>
    private static void FromLanes(ReadOnlySpan<float> sums, int count, ConvShape shape, Span<float> dx)
    {
        var inputs = shape.InputSize;
        if (count == Lanes.Group)
        {
            Transposition.Run(sums, inputs, count, dx);
            return;
        }

        for (var b = 0; b < count; b++)
        {
            for (var n = 0; n < inputs; n++)
                dx[b * inputs + n] = sums[n * Lanes.Group + b];
        }
    }

    /// <summary>One group's input gradients, added to the zeroed <paramref name="sums"/>, [c, i, j, lane].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Group<TOps, TVec>(ReadOnlySpan<float> padded, ReadOnlySpan<float> weight, Span<float> sums, ConvShape shape)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
    {
        ref var g0 = ref MemoryMarshal.GetReference(padded);
        ref var w0 = ref MemoryMarshal.GetReference(weight);
        ref var s0 = ref MemoryMarshal.GetReference(sums);
        var (outputHeight, outputWidth, padding) = (shape.OutputHeight, shape.OutputWidth, shape.Padding);
        var taps = shape.KernelHeight * shape.KernelWidth;
        nint column = shape.Filters * Lanes.Group;
        nint rowLength = (outputWidth + 2) * column;
        nint plane = shape.Height * shape.Width * Lanes.Group;
        for (var i = 0; i < shape.Height; i++)
        {
            // The kernel rows that reach an output row from input row i, and for each pair of positions the kernel
            // columns that reach an output from either; the one past the map for the other reads a zero column.
            var firstRow = Math.Max(0, i + padding - outputHeight + 1);
            var lastRow = Math.Min(shape.KernelHeight - 1, i + padding);
            for (var j = 0; j < shape.Width; j += Positions)
            {
                var firstColumn = Math.Max(0, j + padding - outputWidth + 1);
                var lastColumn = Math.Min(shape.KernelWidth - 1, j + 1 + padding);
                ref var target = ref Unsafe.Add(ref s0, (i * shape.Width + j) * Lanes.Group);
                for (var ki = firstRow; ki <= lastRow; ki++)
                {
                    ref var gradientRow = ref Unsafe.Add(ref g0, (i + padding - ki) * rowLength);
                    for (var kj = firstColumn; kj <= lastColumn; kj++)
                    {
                        ref var gradients = ref Unsafe.Add(ref gradientRow, (j + padding - kj + 1) * column);
                        ref var tap = ref Unsafe.Add(ref w0, ki * shape.KernelWidth + kj);
                        for (nint lane = 0; lane < Lanes.Group; lane += TOps.Count)
                        {
                            var c = 0;
                            for (; c <= shape.Channels - Channels; c += Channels)
                                Block6x2<TOps, TVec>(ref Unsafe.Add(ref gradients, lane), column, ref Unsafe.Add(ref tap, c * taps), shape.PatchSize, taps,
                                    shape.Filters, ref Unsafe.Add(ref target, c * plane + lane), plane);
                            for (; c < shape.Channels; c++)
                                Block1x2<TOps, TVec>(ref Unsafe.Add(ref gradients, lane), column, ref Unsafe.Add(ref tap, c * taps), shape.PatchSize,
                                    shape.Filters, ref Unsafe.Add(ref target, c * plane + lane));
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// One tap's terms for six channels × two positions: per filter two gradient vectors and six broadcast weights feed
    /// twelve multiply-adds; the twelve chains are then added to the sums.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block6x2<TOps, TVec>(ref float gradients, nint positionStride, ref float weight, nint filterStride, nint channelStride, int filters,
        ref float sums, nint planeStride)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
    {
        TVec a00 = TOps.Zero, a01 = TOps.Zero, a10 = TOps.Zero, a11 = TOps.Zero, a20 = TOps.Zero, a21 = TOps.Zero;
        TVec a30 = TOps.Zero, a31 = TOps.Zero, a40 = TOps.Zero, a41 = TOps.Zero, a50 = TOps.Zero, a51 = TOps.Zero;
        for (nint f = 0; f < filters; f++)
        {
            ref var g = ref Unsafe.Add(ref gradients, f * Lanes.Group);
            var u0 = TOps.Load(ref g);
            var u1 = TOps.Load(ref Unsafe.Add(ref g, positionStride));
            ref var w = ref Unsafe.Add(ref weight, f * filterStride);
            var k = TOps.Broadcast(w);
            a00 = TOps.MultiplyAdd(k, u0, a00);
            a01 = TOps.MultiplyAdd(k, u1, a01);
            k = TOps.Broadcast(Unsafe.Add(ref w, channelStride));
            a10 = TOps.MultiplyAdd(k, u0, a10);
            a11 = TOps.MultiplyAdd(k, u1, a11);
            k = TOps.Broadcast(Unsafe.Add(ref w, 2 * channelStride));
            a20 = TOps.MultiplyAdd(k, u0, a20);
            a21 = TOps.MultiplyAdd(k, u1, a21);
            k = TOps.Broadcast(Unsafe.Add(ref w, 3 * channelStride));
            a30 = TOps.MultiplyAdd(k, u0, a30);
            a31 = TOps.MultiplyAdd(k, u1, a31);
            k = TOps.Broadcast(Unsafe.Add(ref w, 4 * channelStride));
            a40 = TOps.MultiplyAdd(k, u0, a40);
            a41 = TOps.MultiplyAdd(k, u1, a41);
            k = TOps.Broadcast(Unsafe.Add(ref w, 5 * channelStride));
            a50 = TOps.MultiplyAdd(k, u0, a50);
            a51 = TOps.MultiplyAdd(k, u1, a51);
        }

        AddPair<TOps, TVec>(ref sums, a00, a01);
        AddPair<TOps, TVec>(ref Unsafe.Add(ref sums, planeStride), a10, a11);
        AddPair<TOps, TVec>(ref Unsafe.Add(ref sums, 2 * planeStride), a20, a21);
        AddPair<TOps, TVec>(ref Unsafe.Add(ref sums, 3 * planeStride), a30, a31);
        AddPair<TOps, TVec>(ref Unsafe.Add(ref sums, 4 * planeStride), a40, a41);
        AddPair<TOps, TVec>(ref Unsafe.Add(ref sums, 5 * planeStride), a50, a51);
    }

    /// <summary>One tap's terms for one channel × two positions, for the channels left over after the blocks of six.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block1x2<TOps, TVec>(ref float gradients, nint positionStride, ref float weight, nint filterStride, int filters, ref float sums)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
    {
        TVec a0 = TOps.Zero, a1 = TOps.Zero;
        for (nint f = 0; f < filters; f++)
        {
            ref var g = ref Unsafe.Add(ref gradients, f * Lanes.Group);
            var k = TOps.Broadcast(Unsafe.Add(ref weight, f * filterStride));
            a0 = TOps.MultiplyAdd(k, TOps.Load(ref g), a0);
            a1 = TOps.MultiplyAdd(k, TOps.Load(ref Unsafe.Add(ref g, positionStride)), a1);
        }

        AddPair<TOps, TVec>(ref sums, a0, a1);
    }

    /// <summary>Adds a tap's terms to the sums of two neighbouring positions, each a lane group apart.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddPair<TOps, TVec>(ref float sums, TVec first, TVec second)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
    {
        TOps.Store(TOps.Add(TOps.Load(ref sums), first), ref sums);
        ref var next = ref Unsafe.Add(ref sums, Lanes.Group);
        TOps.Store(TOps.Add(TOps.Load(ref next), second), ref next);
    }
}
