using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetForge.Cpu;

/// <summary>
/// Arranges images so that a convolution becomes a matrix product (<see cref="FilterProduct"/>), whose every kernel
/// tap (channel, ki, kj) reads one row of patches along the output positions. <see cref="Spread"/> pads (or dilates)
/// the planes first, so that no later step tests bounds.
/// </summary>
/// <remarks>
/// With stride 1 the rows need no copying: on padded planes of width Wp, the tap (c, ki, kj) of output (oh, ow) is
/// at c·plane + ki·Wp + kj + (oh·Wp + ow), the same position shifted by the tap's offset (<see cref="ShiftedOffsets"/>).
/// The product then runs over the outputs laid out Wp apart instead of OW, computing Wp − OW discarded values per
/// row, and <see cref="Compact"/> closes the gaps (a product that sums over the outputs instead, as the weight
/// gradient does, multiplies the discarded positions by zeros). With a larger stride, and for the weight gradient
/// of small maps, which sums several samples side by side, the rows are copied out by
/// <see cref="Unroll{TOps, TVec}"/> ("im2col").
/// </remarks>
internal static class Patches
{
    /// <summary>
    /// Writes <paramref name="channels"/> planes of [<paramref name="height"/>, <paramref name="width"/>] into zeroed planes
    /// of [<paramref name="targetHeight"/>, <paramref name="targetWidth"/>], the value at (u, v) going to
    /// (u·<paramref name="step"/> + <paramref name="top"/>, v·<paramref name="step"/> + <paramref name="left"/>); values that land outside are dropped.
    /// With step 1 this pads (or, with negative offsets, crops); with a larger step it also dilates.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Spread(ReadOnlySpan<float> source, int channels, int height, int width,
        Span<float> target, int targetHeight, int targetWidth, int step, int top, int left)
    {
        var targetPlane = targetHeight * targetWidth;
        target[..(channels * targetPlane)].Clear();

        // The columns v whose target column v·step + left lies in [0, targetWidth), and likewise the rows.
        var firstColumn = FirstInside(left, step);
        var endColumn = EndInside(left, step, targetWidth, width);
        var firstRow = FirstInside(top, step);
        var endRow = EndInside(top, step, targetHeight, height);
        if (firstColumn >= endColumn || firstRow >= endRow)
            return;

        ref var s0 = ref MemoryMarshal.GetReference(source);
        ref var t0 = ref MemoryMarshal.GetReference(target);
        nint count = endColumn - firstColumn;
        for (nint c = 0; c < channels; c++)
        {
            for (nint u = firstRow; u < endRow; u++)
            {
                ref var from = ref Unsafe.Add(ref s0, (c * height + u) * width + firstColumn);
                ref var to = ref Unsafe.Add(ref t0, c * targetPlane + (u * step + top) * targetWidth + firstColumn * step + left);
                if (step == 1)
                {
                    Copy(ref from, ref to, count);
                    continue;
                }

                for (nint v = 0; v < count; v++)
                    Unsafe.Add(ref to, v * step) = Unsafe.Add(ref from, v);
            }
        }
    }

    /// <summary>
    /// The offsets of the taps into <paramref name="channels"/> padded planes of [<paramref name="height"/>,
    /// <paramref name="width"/>], in weight order (channel, ki, kj), for a stride-1 product over outputs laid out
    /// <paramref name="width"/> apart.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ShiftedOffsets(Span<int> offsets, int channels, int height, int width, int kernelHeight, int kernelWidth)
    {
        var k = 0;
        for (var c = 0; c < channels; c++)
            for (var ki = 0; ki < kernelHeight; ki++)
                for (var kj = 0; kj < kernelWidth; kj++)
                    offsets[k++] = (c * height + ki) * width + kj;
    }

    /// <summary>The offsets of the rows of an unrolled matrix, <paramref name="rowStride"/> apart.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RowOffsets(Span<int> offsets, int rows, int rowStride)
    {
        for (var k = 0; k < rows; k++)
            offsets[k] = k * rowStride;
    }

    /// <summary>
    /// Moves <paramref name="planes"/> planes of outputs laid out <paramref name="spacing"/> apart, rows of which
    /// only the first <paramref name="width"/> values are wanted, from rows <paramref name="sourceStride"/> apart to
    /// <paramref name="height"/> contiguous rows of <paramref name="width"/> values in each plane of
    /// <paramref name="target"/>, its planes <paramref name="targetPlane"/> apart: whole planes where that is
    /// <paramref name="height"/> × <paramref name="width"/>, or some rows of each.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Compact(ReadOnlySpan<float> source, int sourceStride, int planes, int height, int width, int spacing, Span<float> target, int targetPlane)
    {
        ref var s0 = ref MemoryMarshal.GetReference(source);
        ref var t0 = ref MemoryMarshal.GetReference(target);
        for (nint p = 0; p < planes; p++)
            for (nint row = 0; row < height; row++)
                Copy(ref Unsafe.Add(ref s0, p * sourceStride + row * spacing), ref Unsafe.Add(ref t0, p * targetPlane + row * width), width);
    }

    /// <summary>
    /// Unrolls <paramref name="samples"/> padded samples of [<paramref name="channels"/>, <paramref name="paddedHeight"/>,
    /// <paramref name="paddedWidth"/>], laid end to end in <paramref name="padded"/>, into a matrix with one row per kernel
    /// tap (channel, ki, kj) and one column per output position: row r holds sample g's outputs in columns
    /// [g·outputs, (g + 1)·outputs), where outputs = <paramref name="outputHeight"/> × <paramref name="outputWidth"/>.
    /// Rows are <paramref name="rowStride"/> apart; the columns after the last sample's are set to zero, so that a
    /// product summing along whole rows adds nothing for them.
    /// </summary>
    /// <remarks>
    /// For stride 1 each output row's segment is copied in whole vectors, the last one running up to a vector past
    /// the segment's end; the segment after it, or the zeros after the row, overwrite the excess. So both buffers
    /// need one vector (<see cref="Scratch.Alignment"/> floats suffice) of slack past their ends.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Unroll<TOps, TVec>(ReadOnlySpan<float> padded, int samples, int channels, int paddedHeight, int paddedWidth,
        int kernelHeight, int kernelWidth, int stride, int outputHeight, int outputWidth, Span<float> target, int rowStride)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
    {
        ref var p0 = ref MemoryMarshal.GetReference(padded);
        ref var t0 = ref MemoryMarshal.GetReference(target);
        nint plane = paddedHeight * paddedWidth;
        nint sampleSize = channels * plane;
        nint outputs = outputHeight * outputWidth;
        nint lanes = TOps.Count;
        nint used = samples * outputs;
        nint row = 0;
        for (nint c = 0; c < channels; c++)
        {
            for (nint ki = 0; ki < kernelHeight; ki++)
            {
                for (nint kj = 0; kj < kernelWidth; kj++, row++)
                {
                    ref var targetRow = ref Unsafe.Add(ref t0, row * rowStride);
                    for (nint g = 0; g < samples; g++)
                    {
                        ref var tap = ref Unsafe.Add(ref p0, g * sampleSize + c * plane + ki * paddedWidth + kj);
                        ref var segment = ref Unsafe.Add(ref targetRow, g * outputs);
                        for (nint oh = 0; oh < outputHeight; oh++)
                        {
                            ref var from = ref Unsafe.Add(ref tap, oh * stride * paddedWidth);
                            ref var to = ref Unsafe.Add(ref segment, oh * outputWidth);
                            if (stride == 1)
                            {
                                for (nint ow = 0; ow < outputWidth; ow += lanes)
                                    TOps.Store(TOps.Load(ref Unsafe.Add(ref from, ow)), ref Unsafe.Add(ref to, ow));
                            }
                            else
                            {
                                for (nint ow = 0; ow < outputWidth; ow++)
                                    Unsafe.Add(ref to, ow) = Unsafe.Add(ref from, ow * stride);
                            }
                        }
                    }

                    for (var column = used; column < rowStride; column += lanes)
                        TOps.Store(TOps.Zero, ref Unsafe.Add(ref targetRow, column));
                }
            }
        }
    }

    private static int FirstInside(int offset, int step) => offset >= 0 ? 0 : (-offset + step - 1) / step;

    private static int EndInside(int offset, int step, int targetLength, int length) =>
        targetLength - offset <= 0 ? 0 : Math.Min(length, (targetLength - offset - 1) / step + 1);

    /// <summary>
    /// Copies a short run without touching anything past either end: whole vectors of the widest size that fits,
    /// the last one overlapping the one before. Rows of maps are a few dozen floats, too short to amortise a call.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Copy(ref float from, ref float to, nint count)
    {
        if (Vector512.IsHardwareAccelerated && count >= Vector512<float>.Count)
        {
            var last = count - Vector512<float>.Count;
            for (nint i = 0; i < last; i += Vector512<float>.Count)
                Vector512.LoadUnsafe(ref from, (nuint)i).StoreUnsafe(ref to, (nuint)i);
            Vector512.LoadUnsafe(ref from, (nuint)last).StoreUnsafe(ref to, (nuint)last);
        }
        else if (Vector256.IsHardwareAccelerated && count >= Vector256<float>.Count)
        {
            var last = count - Vector256<float>.Count;
            for (nint i = 0; i < last; i += Vector256<float>.Count)
                Vector256.LoadUnsafe(ref from, (nuint)i).StoreUnsafe(ref to, (nuint)i);
            Vector256.LoadUnsafe(ref from, (nuint)last).StoreUnsafe(ref to, (nuint)last);
        }
        else if (Vector128.IsHardwareAccelerated && count >= Vector128<float>.Count)
        {
            var last = count - Vector128<float>.Count;
            for (nint i = 0; i < last; i += Vector128<float>.Count)
                Vector128.LoadUnsafe(ref from, (nuint)i).StoreUnsafe(ref to, (nuint)i);
            Vector128.LoadUnsafe(ref from, (nuint)last).StoreUnsafe(ref to, (nuint)last);
        }
        else
        {
            for (nint i = 0; i < count; i++)
                Unsafe.Add(ref to, i) = Unsafe.Add(ref from, i);
        }
    }
}
