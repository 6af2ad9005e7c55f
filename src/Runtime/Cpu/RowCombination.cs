using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetForge.Cpu;

/// <summary>
/// The matrix product both halves of the dense backward pass reduce to: every destination row is a linear
/// combination of the source rows, dst[r, c] = Σ_s coef[s·coefStep + r·coefRow] · src[s·srcStride + c].
/// The weight gradient dW = dyᵀ·x takes the source rows from x; the input gradient dx = dy·W takes them from W.
/// Both run along contiguous rows (axpy form), so no horizontal sums are needed.
/// </summary>
internal static class RowCombination
{
    /// <summary>
    /// Overwrites <paramref name="rows"/> × <paramref name="width"/> destination values. Spans are not checked:
    /// the caller guarantees every index the strides reach is inside its buffer.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TOps, TVec>(
        ReadOnlySpan<float> coef, int coefStep, int coefRow,
        ReadOnlySpan<float> src, int srcStride,
        Span<float> dst, int dstStride,
        int rows, int steps, int width)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
    {
        ref var c0 = ref MemoryMarshal.GetReference(coef);
        ref var s0 = ref MemoryMarshal.GetReference(src);
        ref var d0 = ref MemoryMarshal.GetReference(dst);
        var lanes = TOps.Count;
        var wide = 4 * lanes;

        // Column chunks outside, row blocks inside: the chunk of source columns is reused by every row block
        // while it is still in the L1 cache.
        var column = 0;
        for (; column <= width - wide; column += wide)
        {
            var row = 0;
            for (; row <= rows - 4; row += 4)
                Block4x4<TOps, TVec>(ref Unsafe.Add(ref c0, (nint)row * coefRow), coefStep, coefRow, ref Unsafe.Add(ref s0, column), srcStride,
                    ref Unsafe.Add(ref d0, (nint)row * dstStride + column), dstStride, steps);
            for (; row < rows; row++)
                Block1x4<TOps, TVec>(ref Unsafe.Add(ref c0, (nint)row * coefRow), coefStep, ref Unsafe.Add(ref s0, column), srcStride,
                    ref Unsafe.Add(ref d0, (nint)row * dstStride + column), steps);
        }

        // The last vector ends at the last column and recomputes some columns already written, identically: a scalar
        // tail would be a chain of dependent multiply-adds per value, as slow as a whole vector of them.
        for (; width >= lanes && column < width; column += lanes)
        {
            var start = Math.Min(column, width - lanes);
            var row = 0;
            for (; row <= rows - 8; row += 8)
                Block8x1<TOps, TVec>(ref Unsafe.Add(ref c0, (nint)row * coefRow), coefStep, coefRow, ref Unsafe.Add(ref s0, start), srcStride,
                    ref Unsafe.Add(ref d0, (nint)row * dstStride + start), dstStride, steps);
            for (; row <= rows - 4; row += 4)
                Block4x1<TOps, TVec>(ref Unsafe.Add(ref c0, (nint)row * coefRow), coefStep, coefRow, ref Unsafe.Add(ref s0, start), srcStride,
                    ref Unsafe.Add(ref d0, (nint)row * dstStride + start), dstStride, steps);
            for (; row < rows; row++)
                Block1x1<TOps, TVec>(ref Unsafe.Add(ref c0, (nint)row * coefRow), coefStep, ref Unsafe.Add(ref s0, start), srcStride,
                    ref Unsafe.Add(ref d0, (nint)row * dstStride + start), steps);
        }

        for (; column < width; column++)
            for (var row = 0; row < rows; row++)
                Block1x1<ScalarOps, float>(ref Unsafe.Add(ref c0, (nint)row * coefRow), coefStep, ref Unsafe.Add(ref s0, column), srcStride,
                    ref Unsafe.Add(ref d0, (nint)row * dstStride + column), steps);
    }

    /// <summary>Four destination rows × four vectors: 16 accumulators, four loads and four broadcasts per step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block4x4<TOps, TVec>(ref float coef, nint coefStep, nint coefRow, ref float src, nint srcStride, ref float dst, nint dstStride, int steps)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
    {
        nint lanes = TOps.Count;
        TVec a00 = TOps.Zero, a01 = TOps.Zero, a02 = TOps.Zero, a03 = TOps.Zero;
        TVec a10 = TOps.Zero, a11 = TOps.Zero, a12 = TOps.Zero, a13 = TOps.Zero;
        TVec a20 = TOps.Zero, a21 = TOps.Zero, a22 = TOps.Zero, a23 = TOps.Zero;
        TVec a30 = TOps.Zero, a31 = TOps.Zero, a32 = TOps.Zero, a33 = TOps.Zero;
        for (var s = 0; s < steps; s++)
        {
            ref var sr = ref Unsafe.Add(ref src, s * srcStride);
            var v0 = TOps.Load(ref sr);
            var v1 = TOps.Load(ref Unsafe.Add(ref sr, lanes));
            var v2 = TOps.Load(ref Unsafe.Add(ref sr, 2 * lanes));
            var v3 = TOps.Load(ref Unsafe.Add(ref sr, 3 * lanes));
            ref var cr = ref Unsafe.Add(ref coef, s * coefStep);
            var k = TOps.Broadcast(cr);
            a00 = TOps.MultiplyAdd(k, v0, a00);
            a01 = TOps.MultiplyAdd(k, v1, a01);
            a02 = TOps.MultiplyAdd(k, v2, a02);
            a03 = TOps.MultiplyAdd(k, v3, a03);
            k = TOps.Broadcast(Unsafe.Add(ref cr, coefRow));
            a10 = TOps.MultiplyAdd(k, v0, a10);
            a11 = TOps.MultiplyAdd(k, v1, a11);
            a12 = TOps.MultiplyAdd(k, v2, a12);
            a13 = TOps.MultiplyAdd(k, v3, a13);
            k = TOps.Broadcast(Unsafe.Add(ref cr, 2 * coefRow));
            a20 = TOps.MultiplyAdd(k, v0, a20);
            a21 = TOps.MultiplyAdd(k, v1, a21);
            a22 = TOps.MultiplyAdd(k, v2, a22);
            a23 = TOps.MultiplyAdd(k, v3, a23);
            k = TOps.Broadcast(Unsafe.Add(ref cr, 3 * coefRow));
            a30 = TOps.MultiplyAdd(k, v0, a30);
            a31 = TOps.MultiplyAdd(k, v1, a31);
            a32 = TOps.MultiplyAdd(k, v2, a32);
            a33 = TOps.MultiplyAdd(k, v3, a33);
        }

        StoreRow<TOps, TVec>(ref dst, a00, a01, a02, a03);
        StoreRow<TOps, TVec>(ref Unsafe.Add(ref dst, dstStride), a10, a11, a12, a13);
        StoreRow<TOps, TVec>(ref Unsafe.Add(ref dst, 2 * dstStride), a20, a21, a22, a23);
        StoreRow<TOps, TVec>(ref Unsafe.Add(ref dst, 3 * dstStride), a30, a31, a32, a33);
    }

    /// <summary>One destination row × four vectors, for the rows left over after the blocks of four.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block1x4<TOps, TVec>(ref float coef, nint coefStep, ref float src, nint srcStride, ref float dst, int steps)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
    {
        nint lanes = TOps.Count;
        TVec a0 = TOps.Zero, a1 = TOps.Zero, a2 = TOps.Zero, a3 = TOps.Zero;
        for (var s = 0; s < steps; s++)
        {
            ref var sr = ref Unsafe.Add(ref src, s * srcStride);
            var k = TOps.Broadcast(Unsafe.Add(ref coef, s * coefStep));
            a0 = TOps.MultiplyAdd(k, TOps.Load(ref sr), a0);
            a1 = TOps.MultiplyAdd(k, TOps.Load(ref Unsafe.Add(ref sr, lanes)), a1);
            a2 = TOps.MultiplyAdd(k, TOps.Load(ref Unsafe.Add(ref sr, 2 * lanes)), a2);
            a3 = TOps.MultiplyAdd(k, TOps.Load(ref Unsafe.Add(ref sr, 3 * lanes)), a3);
        }

        StoreRow<TOps, TVec>(ref dst, a0, a1, a2, a3);
    }

    /// <summary>
    /// Eight destination rows × one vector, for the columns left over after the four-vector chunks: eight chains of
    /// multiply-adds keep both FMA units busy through their latency, where four chains kept them half idle.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block8x1<TOps, TVec>(ref float coef, nint coefStep, nint coefRow, ref float src, nint srcStride, ref float dst, nint dstStride, int steps)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
    {
        TVec a0 = TOps.Zero, a1 = TOps.Zero, a2 = TOps.Zero, a3 = TOps.Zero, a4 = TOps.Zero, a5 = TOps.Zero, a6 = TOps.Zero, a7 = TOps.Zero;
        for (var s = 0; s < steps; s++)
        {
            var v = TOps.Load(ref Unsafe.Add(ref src, s * srcStride));
            ref var cr = ref Unsafe.Add(ref coef, s * coefStep);
            a0 = TOps.MultiplyAdd(TOps.Broadcast(cr), v, a0);
            a1 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref cr, coefRow)), v, a1);
            a2 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref cr, 2 * coefRow)), v, a2);
            a3 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref cr, 3 * coefRow)), v, a3);
            a4 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref cr, 4 * coefRow)), v, a4);
            a5 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref cr, 5 * coefRow)), v, a5);
            a6 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref cr, 6 * coefRow)), v, a6);
            a7 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref cr, 7 * coefRow)), v, a7);
        }

        TOps.Store(a0, ref dst);
        TOps.Store(a1, ref Unsafe.Add(ref dst, dstStride));
        TOps.Store(a2, ref Unsafe.Add(ref dst, 2 * dstStride));
        TOps.Store(a3, ref Unsafe.Add(ref dst, 3 * dstStride));
        TOps.Store(a4, ref Unsafe.Add(ref dst, 4 * dstStride));
        TOps.Store(a5, ref Unsafe.Add(ref dst, 5 * dstStride));
        TOps.Store(a6, ref Unsafe.Add(ref dst, 6 * dstStride));
        TOps.Store(a7, ref Unsafe.Add(ref dst, 7 * dstStride));
    }

    /// <summary>Four destination rows × one vector, for the columns and rows left over after the blocks of eight.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block4x1<TOps, TVec>(ref float coef, nint coefStep, nint coefRow, ref float src, nint srcStride, ref float dst, nint dstStride, int steps)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
    {
        TVec a0 = TOps.Zero, a1 = TOps.Zero, a2 = TOps.Zero, a3 = TOps.Zero;
        for (var s = 0; s < steps; s++)
        {
            var v = TOps.Load(ref Unsafe.Add(ref src, s * srcStride));
            ref var cr = ref Unsafe.Add(ref coef, s * coefStep);
            a0 = TOps.MultiplyAdd(TOps.Broadcast(cr), v, a0);
            a1 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref cr, coefRow)), v, a1);
            a2 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref cr, 2 * coefRow)), v, a2);
            a3 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref cr, 3 * coefRow)), v, a3);
        }

        TOps.Store(a0, ref dst);
        TOps.Store(a1, ref Unsafe.Add(ref dst, dstStride));
        TOps.Store(a2, ref Unsafe.Add(ref dst, 2 * dstStride));
        TOps.Store(a3, ref Unsafe.Add(ref dst, 3 * dstStride));
    }

    /// <summary>One destination row × one vector; with <see cref="ScalarOps"/> it also covers the last columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block1x1<TOps, TVec>(ref float coef, nint coefStep, ref float src, nint srcStride, ref float dst, int steps)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
    {
        var a = TOps.Zero;
        for (var s = 0; s < steps; s++)
            a = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref coef, s * coefStep)), TOps.Load(ref Unsafe.Add(ref src, s * srcStride)), a);
        TOps.Store(a, ref dst);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow<TOps, TVec>(ref float dst, TVec v0, TVec v1, TVec v2, TVec v3)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
    {
        nint lanes = TOps.Count;
        TOps.Store(v0, ref dst);
        TOps.Store(v1, ref Unsafe.Add(ref dst, lanes));
        TOps.Store(v2, ref Unsafe.Add(ref dst, 2 * lanes));
        TOps.Store(v3, ref Unsafe.Add(ref dst, 3 * lanes));
    }
}
