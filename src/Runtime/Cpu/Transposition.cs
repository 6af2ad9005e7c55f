using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NetForge.Cpu;

/// <summary>Matrix transposes for the kernels that change a tensor's layout, between filters and positions or taps.</summary>
internal static class Transposition
{
    private const int Tile = 8;

    /// <summary>
    /// Writes <paramref name="source"/>, [rows, columns], into <paramref name="target"/> as [columns, rows]. Where AVX
    /// is there, 8 × 8 tiles go through registers, eight row loads and eight column stores each, which took a third of
    /// the time of a value at a time (LeNet-5's second convolution changes the layout of 4,000 values a prediction);
    /// the edges go a value at a time. Compiled optimised at once, as the kernels are: left to tiering, such a loop ran
    /// unoptimised through the first hundreds of training steps. Spans are not checked.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(ReadOnlySpan<float> source, int rows, int columns, Span<float> target) => Run(source, rows, columns, target, rows);

    /// <summary>As <see cref="Run(ReadOnlySpan{float}, int, int, Span{float})"/>, the target's rows <paramref name="targetStride"/> apart.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(ReadOnlySpan<float> source, int rows, int columns, Span<float> target, int targetStride)
    {
        ref var s0 = ref MemoryMarshal.GetReference(source);
        ref var t0 = ref MemoryMarshal.GetReference(target);
        nint wholeRows = 0, wholeColumns = 0;
        if (Avx.IsSupported)
        {
            wholeRows = rows - rows % Tile;
            wholeColumns = columns - columns % Tile;
            for (nint r = 0; r < wholeRows; r += Tile)
            {
                for (nint c = 0; c < wholeColumns; c += Tile)
                    Tile8(ref Unsafe.Add(ref s0, r * columns + c), columns, ref Unsafe.Add(ref t0, c * targetStride + r), targetStride);
            }
        }

        // What the tiles leave: the columns past the last whole tile for the tiles' rows, then every column of the rows
        // past them.
        Values(ref s0, columns, ref t0, targetStride, 0, wholeRows, wholeColumns, columns);
        Values(ref s0, columns, ref t0, targetStride, wholeRows, rows, 0, columns);
    }

    private static void Values(ref float s0, nint columns, ref float t0, nint targetStride, nint rowStart, nint rowEnd, nint columnStart, nint columnEnd)
    {
        for (var c = columnStart; c < columnEnd; c++)
        {
            for (var r = rowStart; r < rowEnd; r++)
                Unsafe.Add(ref t0, c * targetStride + r) = Unsafe.Add(ref s0, r * columns + c);
        }
    }

    /// <summary>
    /// One 8 × 8 tile: pairs of rows interleaved, then pairs of those pairs, then the 128-bit halves exchanged, so that
    /// each register ends holding one column.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile8(ref float source, nint sourceStride, ref float target, nint targetStride)
    {
        var r0 = Vector256.LoadUnsafe(ref source);
        var r1 = Vector256.LoadUnsafe(ref source, (nuint)sourceStride);
        var r2 = Vector256.LoadUnsafe(ref source, (nuint)(2 * sourceStride));
        var r3 = Vector256.LoadUnsafe(ref source, (nuint)(3 * sourceStride));
        var r4 = Vector256.LoadUnsafe(ref source, (nuint)(4 * sourceStride));
        var r5 = Vector256.LoadUnsafe(ref source, (nuint)(5 * sourceStride));
        var r6 = Vector256.LoadUnsafe(ref source, (nuint)(6 * sourceStride));
        var r7 = Vector256.LoadUnsafe(ref source, (nuint)(7 * sourceStride));

        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);

        var u0 = Avx.Shuffle(t0, t2, 0x44);
        var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44);
        var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44);
        var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44);
        var u7 = Avx.Shuffle(t5, t7, 0xEE);

        Avx.Permute2x128(u0, u4, 0x20).StoreUnsafe(ref target);
        Avx.Permute2x128(u1, u5, 0x20).StoreUnsafe(ref target, (nuint)targetStride);
        Avx.Permute2x128(u2, u6, 0x20).StoreUnsafe(ref target, (nuint)(2 * targetStride));
        Avx.Permute2x128(u3, u7, 0x20).StoreUnsafe(ref target, (nuint)(3 * targetStride));
        Avx.Permute2x128(u0, u4, 0x31).StoreUnsafe(ref target, (nuint)(4 * targetStride));
        Avx.Permute2x128(u1, u5, 0x31).StoreUnsafe(ref target, (nuint)(5 * targetStride));
        Avx.Permute2x128(u2, u6, 0x31).StoreUnsafe(ref target, (nuint)(6 * targetStride));
        Avx.Permute2x128(u3, u7, 0x31).StoreUnsafe(ref target, (nuint)(7 * targetStride));
    }
}
