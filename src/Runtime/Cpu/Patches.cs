using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetForge.Cpu;

/// <summary>
/// Rearranges images so that a convolution becomes a matrix product ("im2col"): <see cref="Spread"/> pads (or
/// dilates) the planes once, after which <see cref="Unroll{TOps, TVec}"/> needs no bounds tests, and every row of
/// the unrolled matrix holds one kernel tap's view of the padded input, which for stride 1 is a run of whole
/// contiguous segments: one vector load and store each.
/// </summary>
internal static class Patches
{
    /// <summary>
    /// Writes <paramref name="channels"/> planes of [<paramref name="height"/>, <paramref name="width"/>] into zeroed planes
    /// of [<paramref name="targetHeight"/>, <paramref name="targetWidth"/>], the value at (u, v) going to
    /// (u·<paramref name="step"/> + <paramref name="top"/>, v·<paramref name="step"/> + <paramref name="left"/>); values that land outside are dropped.
    /// With step 1 this pads (or, with negative offsets, crops); with a larger step it also dilates.
    /// </summary>
    public static void Spread(ReadOnlySpan<float> source, int channels, int height, int width,
        Span<float> target, int targetHeight, int targetWidth, int step, int top, int left)
    {
        var targetPlane = targetHeight * targetWidth;
        target[..(channels * targetPlane)].Clear();

        // The columns v whose target column v·step + left lies in [0, targetWidth).
        var first = left >= 0 ? 0 : (-left + step - 1) / step;
        var end = Math.Min(width, targetWidth - left <= 0 ? 0 : (targetWidth - left - 1) / step + 1);
        if (first >= end)
            return;

        for (var c = 0; c < channels; c++)
        {
            for (var u = 0; u < height; u++)
            {
                var row = u * step + top;
                if ((uint)row >= (uint)targetHeight)
                    continue;
                var from = source.Slice((c * height + u) * width, width);
                var to = target.Slice(c * targetPlane + row * targetWidth, targetWidth);
                if (step == 1)
                {
                    from[first..end].CopyTo(to[(first + left)..]);
                    continue;
                }

                for (var v = first; v < end; v++)
                    to[v * step + left] = from[v];
            }
        }
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
}
