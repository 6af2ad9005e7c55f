using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetForge.Cpu;

/// <summary>
/// One sample's share of a convolution's weight gradient, added to it:
/// dW[f, k] += Σ_q gradients[f, q] · patches[offsets[k] + q], in dot-product form along the output positions q,
/// with the patches read in place as shifted views of the padded sample (see <see cref="Patches"/>). Blocks of
/// four filters × four taps keep 16 accumulators, every loaded vector feeding four fused multiply-adds; the sums
/// are reduced four at a time, sharing the shuffles, in the lane layout of <see cref="ILaneSums{TVec}"/>.
/// </summary>
internal static class TapGradient
{
    /// <summary>
    /// Spans are not checked: the caller guarantees <paramref name="filters"/> rows of gradients
    /// <paramref name="gradientStride"/> apart, <paramref name="depth"/> offsets, and that every row of patches
    /// holds <paramref name="length"/> values from its offset. <paramref name="length"/> is a whole number of
    /// lane groups; the gradients are zero wherever the patches hold nothing wanted, and the patches finite.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TOps, TVec>(ReadOnlySpan<float> gradients, int gradientStride, ReadOnlySpan<float> patches, ReadOnlySpan<int> offsets,
        Span<float> dWeight, int filters, int depth, int length)
        where TOps : struct, ILaneSums<TVec>
        where TVec : struct
    {
        ref var g0 = ref MemoryMarshal.GetReference(gradients);
        ref var p0 = ref MemoryMarshal.GetReference(patches);
        ref var k0 = ref MemoryMarshal.GetReference(offsets);
        ref var d0 = ref MemoryMarshal.GetReference(dWeight);
        nint stride = gradientStride;

        // Filter blocks outside, taps inside: the four rows of gradients stay in the L1 cache while the taps stream past.
        var f = 0;
        for (; f <= filters - 4 && filters - f != 6; f += 4)
        {
            ref var rows = ref Unsafe.Add(ref g0, f * stride);
            ref var sums = ref Unsafe.Add(ref d0, f * depth);
            var k = 0;
            for (; k <= depth - 4; k += 4)
                Block4x4<TOps, TVec>(ref rows, stride, ref p0, ref Unsafe.Add(ref k0, k), length, ref Unsafe.Add(ref sums, k), depth);
            for (; k < depth; k++)
                Block4x1<TOps, TVec>(ref rows, stride, ref Unsafe.Add(ref p0, Unsafe.Add(ref k0, k)), length, ref Unsafe.Add(ref sums, k), depth);
        }

        // Six filters left over (LeNet-5's first layer has six) in one block, which loads each row of patches once.
        if (filters - f == 6)
        {
            ref var rows = ref Unsafe.Add(ref g0, f * stride);
            ref var sums = ref Unsafe.Add(ref d0, f * depth);
            var k = 0;
            for (; k <= depth - 4; k += 4)
                Block6x4<TOps, TVec>(ref rows, stride, ref p0, ref Unsafe.Add(ref k0, k), length, ref Unsafe.Add(ref sums, k), depth);
            for (; k < depth; k++)
            {
                ref var tap = ref Unsafe.Add(ref p0, Unsafe.Add(ref k0, k));
                Block4x1<TOps, TVec>(ref rows, stride, ref tap, length, ref Unsafe.Add(ref sums, k), depth);
                Unsafe.Add(ref sums, 4 * depth + k) += Dot<TOps, TVec>(ref Unsafe.Add(ref rows, 4 * stride), ref tap, length);
                Unsafe.Add(ref sums, 5 * depth + k) += Dot<TOps, TVec>(ref Unsafe.Add(ref rows, 5 * stride), ref tap, length);
            }

            f += 6;
        }

        // Two or three filters left over: two at a time keep eight chains of multiply-adds, where one alone keeps four
        // and waits on their latency.
        if (f <= filters - 2)
        {
            ref var rows = ref Unsafe.Add(ref g0, f * stride);
            ref var sums = ref Unsafe.Add(ref d0, f * depth);
            var k = 0;
            for (; k <= depth - 4; k += 4)
                Block2x4<TOps, TVec>(ref rows, stride, ref p0, ref Unsafe.Add(ref k0, k), length, ref Unsafe.Add(ref sums, k), depth);
            for (; k < depth; k++)
            {
                Unsafe.Add(ref sums, k) += Dot<TOps, TVec>(ref rows, ref Unsafe.Add(ref p0, Unsafe.Add(ref k0, k)), length);
                Unsafe.Add(ref sums, depth + k) += Dot<TOps, TVec>(ref Unsafe.Add(ref rows, stride), ref Unsafe.Add(ref p0, Unsafe.Add(ref k0, k)), length);
            }

            f += 2;
        }

        for (; f < filters; f++)
        {
            ref var row = ref Unsafe.Add(ref g0, f * stride);
            ref var sums = ref Unsafe.Add(ref d0, f * depth);
            var k = 0;
            for (; k <= depth - 4; k += 4)
                Block1x4<TOps, TVec>(ref row, ref p0, ref Unsafe.Add(ref k0, k), length, ref Unsafe.Add(ref sums, k));
            for (; k < depth; k++)
                Unsafe.Add(ref sums, k) += Dot<TOps, TVec>(ref row, ref Unsafe.Add(ref p0, Unsafe.Add(ref k0, k)), length);
        }
    }

    /// <summary>Four filters × four taps: four gradient and four patch loads feed 16 fused multiply-adds per step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block4x4<TOps, TVec>(ref float g, nint stride, ref float patches, ref int offsets, nint length, ref float sums, nint depth)
        where TOps : struct, ILaneSums<TVec>
        where TVec : struct
    {
        ref var g1 = ref Unsafe.Add(ref g, stride);
        ref var g2 = ref Unsafe.Add(ref g, 2 * stride);
        ref var g3 = ref Unsafe.Add(ref g, 3 * stride);
        ref var p0 = ref Unsafe.Add(ref patches, offsets);
        ref var p1 = ref Unsafe.Add(ref patches, Unsafe.Add(ref offsets, 1));
        ref var p2 = ref Unsafe.Add(ref patches, Unsafe.Add(ref offsets, 2));
        ref var p3 = ref Unsafe.Add(ref patches, Unsafe.Add(ref offsets, 3));
        Vector128<float> r0 = default, r1 = default, r2 = default, r3 = default;
        for (nint start = 0; start < Lanes.Group; start += TOps.Count)
        {
            TVec a00 = TOps.Zero, a01 = TOps.Zero, a02 = TOps.Zero, a03 = TOps.Zero;
            TVec a10 = TOps.Zero, a11 = TOps.Zero, a12 = TOps.Zero, a13 = TOps.Zero;
            TVec a20 = TOps.Zero, a21 = TOps.Zero, a22 = TOps.Zero, a23 = TOps.Zero;
            TVec a30 = TOps.Zero, a31 = TOps.Zero, a32 = TOps.Zero, a33 = TOps.Zero;
            for (var q = start; q < length; q += Lanes.Group)
            {
                var v0 = TOps.Load(ref Unsafe.Add(ref p0, q));
                var v1 = TOps.Load(ref Unsafe.Add(ref p1, q));
                var v2 = TOps.Load(ref Unsafe.Add(ref p2, q));
                var v3 = TOps.Load(ref Unsafe.Add(ref p3, q));
                var u = TOps.Load(ref Unsafe.Add(ref g, q));
                a00 = TOps.MultiplyAdd(u, v0, a00);
                a01 = TOps.MultiplyAdd(u, v1, a01);
                a02 = TOps.MultiplyAdd(u, v2, a02);
                a03 = TOps.MultiplyAdd(u, v3, a03);
                u = TOps.Load(ref Unsafe.Add(ref g1, q));
                a10 = TOps.MultiplyAdd(u, v0, a10);
                a11 = TOps.MultiplyAdd(u, v1, a11);
                a12 = TOps.MultiplyAdd(u, v2, a12);
                a13 = TOps.MultiplyAdd(u, v3, a13);
                u = TOps.Load(ref Unsafe.Add(ref g2, q));
                a20 = TOps.MultiplyAdd(u, v0, a20);
                a21 = TOps.MultiplyAdd(u, v1, a21);
                a22 = TOps.MultiplyAdd(u, v2, a22);
                a23 = TOps.MultiplyAdd(u, v3, a23);
                u = TOps.Load(ref Unsafe.Add(ref g3, q));
                a30 = TOps.MultiplyAdd(u, v0, a30);
                a31 = TOps.MultiplyAdd(u, v1, a31);
                a32 = TOps.MultiplyAdd(u, v2, a32);
                a33 = TOps.MultiplyAdd(u, v3, a33);
            }

            r0 = Lanes.Sum4<TOps, TVec>(start, r0, a00, a01, a02, a03);
            r1 = Lanes.Sum4<TOps, TVec>(start, r1, a10, a11, a12, a13);
            r2 = Lanes.Sum4<TOps, TVec>(start, r2, a20, a21, a22, a23);
            r3 = Lanes.Sum4<TOps, TVec>(start, r3, a30, a31, a32, a33);
        }

        AddTo(ref sums, r0);
        AddTo(ref Unsafe.Add(ref sums, depth), r1);
        AddTo(ref Unsafe.Add(ref sums, 2 * depth), r2);
        AddTo(ref Unsafe.Add(ref sums, 3 * depth), r3);
    }

    /// <summary>
    /// Six filters × four taps: four patch loads and six gradient loads feed 24 fused multiply-adds per step, where a
    /// block of four and one of two load the patches, half of them split across cache lines, twice.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block6x4<TOps, TVec>(ref float g, nint stride, ref float patches, ref int offsets, nint length, ref float sums, nint depth)
        where TOps : struct, ILaneSums<TVec>
        where TVec : struct
    {
        ref var g1 = ref Unsafe.Add(ref g, stride);
        ref var g2 = ref Unsafe.Add(ref g, 2 * stride);
        ref var g3 = ref Unsafe.Add(ref g, 3 * stride);
        ref var g4 = ref Unsafe.Add(ref g, 4 * stride);
        ref var g5 = ref Unsafe.Add(ref g, 5 * stride);
        ref var p0 = ref Unsafe.Add(ref patches, offsets);
        ref var p1 = ref Unsafe.Add(ref patches, Unsafe.Add(ref offsets, 1));
        ref var p2 = ref Unsafe.Add(ref patches, Unsafe.Add(ref offsets, 2));
        ref var p3 = ref Unsafe.Add(ref patches, Unsafe.Add(ref offsets, 3));
        Vector128<float> r0 = default, r1 = default, r2 = default, r3 = default, r4 = default, r5 = default;
        for (nint start = 0; start < Lanes.Group; start += TOps.Count)
        {
            TVec a00 = TOps.Zero, a01 = TOps.Zero, a02 = TOps.Zero, a03 = TOps.Zero;
            TVec a10 = TOps.Zero, a11 = TOps.Zero, a12 = TOps.Zero, a13 = TOps.Zero;
            TVec a20 = TOps.Zero, a21 = TOps.Zero, a22 = TOps.Zero, a23 = TOps.Zero;
            TVec a30 = TOps.Zero, a31 = TOps.Zero, a32 = TOps.Zero, a33 = TOps.Zero;
            TVec a40 = TOps.Zero, a41 = TOps.Zero, a42 = TOps.Zero, a43 = TOps.Zero;
            TVec a50 = TOps.Zero, a51 = TOps.Zero, a52 = TOps.Zero, a53 = TOps.Zero;
            for (var q = start; q < length; q += Lanes.Group)
            {
                var v0 = TOps.Load(ref Unsafe.Add(ref p0, q));
                var v1 = TOps.Load(ref Unsafe.Add(ref p1, q));
                var v2 = TOps.Load(ref Unsafe.Add(ref p2, q));
                var v3 = TOps.Load(ref Unsafe.Add(ref p3, q));
                var u = TOps.Load(ref Unsafe.Add(ref g, q));
                a00 = TOps.MultiplyAdd(u, v0, a00);
                a01 = TOps.MultiplyAdd(u, v1, a01);
                a02 = TOps.MultiplyAdd(u, v2, a02);
                a03 = TOps.MultiplyAdd(u, v3, a03);
                u = TOps.Load(ref Unsafe.Add(ref g1, q));
                a10 = TOps.MultiplyAdd(u, v0, a10);
                a11 = TOps.MultiplyAdd(u, v1, a11);
                a12 = TOps.MultiplyAdd(u, v2, a12);
                a13 = TOps.MultiplyAdd(u, v3, a13);
                u = TOps.Load(ref Unsafe.Add(ref g2, q));
                a20 = TOps.MultiplyAdd(u, v0, a20);
                a21 = TOps.MultiplyAdd(u, v1, a21);
                a22 = TOps.MultiplyAdd(u, v2, a22);
                a23 = TOps.MultiplyAdd(u, v3, a23);
                u = TOps.Load(ref Unsafe.Add(ref g3, q));
                a30 = TOps.MultiplyAdd(u, v0, a30);
                a31 = TOps.MultiplyAdd(u, v1, a31);
                a32 = TOps.MultiplyAdd(u, v2, a32);
                a33 = TOps.MultiplyAdd(u, v3, a33);
                u = TOps.Load(ref Unsafe.Add(ref g4, q));
                a40 = TOps.MultiplyAdd(u, v0, a40);
                a41 = TOps.MultiplyAdd(u, v1, a41);
                a42 = TOps.MultiplyAdd(u, v2, a42);
                a43 = TOps.MultiplyAdd(u, v3, a43);
                u = TOps.Load(ref Unsafe.Add(ref g5, q));
                a50 = TOps.MultiplyAdd(u, v0, a50);
                a51 = TOps.MultiplyAdd(u, v1, a51);
                a52 = TOps.MultiplyAdd(u, v2, a52);
                a53 = TOps.MultiplyAdd(u, v3, a53);
            }

            r0 = Lanes.Sum4<TOps, TVec>(start, r0, a00, a01, a02, a03);
            r1 = Lanes.Sum4<TOps, TVec>(start, r1, a10, a11, a12, a13);
            r2 = Lanes.Sum4<TOps, TVec>(start, r2, a20, a21, a22, a23);
            r3 = Lanes.Sum4<TOps, TVec>(start, r3, a30, a31, a32, a33);
            r4 = Lanes.Sum4<TOps, TVec>(start, r4, a40, a41, a42, a43);
            r5 = Lanes.Sum4<TOps, TVec>(start, r5, a50, a51, a52, a53);
        }

        AddTo(ref sums, r0);
        AddTo(ref Unsafe.Add(ref sums, depth), r1);
        AddTo(ref Unsafe.Add(ref sums, 2 * depth), r2);
        AddTo(ref Unsafe.Add(ref sums, 3 * depth), r3);
        AddTo(ref Unsafe.Add(ref sums, 4 * depth), r4);
        AddTo(ref Unsafe.Add(ref sums, 5 * depth), r5);
    }

    /// <summary>Two filters × four taps, for two or three filters left over after the blocks of four.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block2x4<TOps, TVec>(ref float g, nint stride, ref float patches, ref int offsets, nint length, ref float sums, nint depth)
        where TOps : struct, ILaneSums<TVec>
        where TVec : struct
    {
        ref var g1 = ref Unsafe.Add(ref g, stride);
        ref var p0 = ref Unsafe.Add(ref patches, offsets);
        ref var p1 = ref Unsafe.Add(ref patches, Unsafe.Add(ref offsets, 1));
        ref var p2 = ref Unsafe.Add(ref patches, Unsafe.Add(ref offsets, 2));
        ref var p3 = ref Unsafe.Add(ref patches, Unsafe.Add(ref offsets, 3));
        Vector128<float> r0 = default, r1 = default;
        for (nint start = 0; start < Lanes.Group; start += TOps.Count)
        {
            TVec a00 = TOps.Zero, a01 = TOps.Zero, a02 = TOps.Zero, a03 = TOps.Zero;
            TVec a10 = TOps.Zero, a11 = TOps.Zero, a12 = TOps.Zero, a13 = TOps.Zero;
            for (var q = start; q < length; q += Lanes.Group)
            {
                var v0 = TOps.Load(ref Unsafe.Add(ref p0, q));
                var v1 = TOps.Load(ref Unsafe.Add(ref p1, q));
                var v2 = TOps.Load(ref Unsafe.Add(ref p2, q));
                var v3 = TOps.Load(ref Unsafe.Add(ref p3, q));
                var u = TOps.Load(ref Unsafe.Add(ref g, q));
                a00 = TOps.MultiplyAdd(u, v0, a00);
                a01 = TOps.MultiplyAdd(u, v1, a01);
                a02 = TOps.MultiplyAdd(u, v2, a02);
                a03 = TOps.MultiplyAdd(u, v3, a03);
                u = TOps.Load(ref Unsafe.Add(ref g1, q));
                a10 = TOps.MultiplyAdd(u, v0, a10);
                a11 = TOps.MultiplyAdd(u, v1, a11);
                a12 = TOps.MultiplyAdd(u, v2, a12);
                a13 = TOps.MultiplyAdd(u, v3, a13);
            }

            r0 = Lanes.Sum4<TOps, TVec>(start, r0, a00, a01, a02, a03);
            r1 = Lanes.Sum4<TOps, TVec>(start, r1, a10, a11, a12, a13);
        }

        AddTo(ref sums, r0);
        AddTo(ref Unsafe.Add(ref sums, depth), r1);
    }

    /// <summary>Four filters × one tap, for the taps left over after the blocks of four.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block4x1<TOps, TVec>(ref float g, nint stride, ref float patches, nint length, ref float sums, nint depth)
        where TOps : struct, ILaneSums<TVec>
        where TVec : struct
    {
        ref var g1 = ref Unsafe.Add(ref g, stride);
        ref var g2 = ref Unsafe.Add(ref g, 2 * stride);
        ref var g3 = ref Unsafe.Add(ref g, 3 * stride);
        var r = Vector128<float>.Zero;
        for (nint start = 0; start < Lanes.Group; start += TOps.Count)
        {
            TVec a0 = TOps.Zero, a1 = TOps.Zero, a2 = TOps.Zero, a3 = TOps.Zero;
            for (var q = start; q < length; q += Lanes.Group)
            {
                var v = TOps.Load(ref Unsafe.Add(ref patches, q));
                a0 = TOps.MultiplyAdd(TOps.Load(ref Unsafe.Add(ref g, q)), v, a0);
                a1 = TOps.MultiplyAdd(TOps.Load(ref Unsafe.Add(ref g1, q)), v, a1);
                a2 = TOps.MultiplyAdd(TOps.Load(ref Unsafe.Add(ref g2, q)), v, a2);
                a3 = TOps.MultiplyAdd(TOps.Load(ref Unsafe.Add(ref g3, q)), v, a3);
            }

            r = Lanes.Sum4<TOps, TVec>(start, r, a0, a1, a2, a3);
        }

        sums += r.GetElement(0);
        Unsafe.Add(ref sums, depth) += r.GetElement(1);
        Unsafe.Add(ref sums, 2 * depth) += r.GetElement(2);
        Unsafe.Add(ref sums, 3 * depth) += r.GetElement(3);
    }

    /// <summary>One filter × four taps, for the filters left over after the blocks of four.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block1x4<TOps, TVec>(ref float g, ref float patches, ref int offsets, nint length, ref float sums)
        where TOps : struct, ILaneSums<TVec>
        where TVec : struct
    {
        ref var p0 = ref Unsafe.Add(ref patches, offsets);
        ref var p1 = ref Unsafe.Add(ref patches, Unsafe.Add(ref offsets, 1));
        ref var p2 = ref Unsafe.Add(ref patches, Unsafe.Add(ref offsets, 2));
        ref var p3 = ref Unsafe.Add(ref patches, Unsafe.Add(ref offsets, 3));
        var r = Vector128<float>.Zero;
        for (nint start = 0; start < Lanes.Group; start += TOps.Count)
        {
            TVec a0 = TOps.Zero, a1 = TOps.Zero, a2 = TOps.Zero, a3 = TOps.Zero;
            for (var q = start; q < length; q += Lanes.Group)
            {
                var u = TOps.Load(ref Unsafe.Add(ref g, q));
                a0 = TOps.MultiplyAdd(u, TOps.Load(ref Unsafe.Add(ref p0, q)), a0);
                a1 = TOps.MultiplyAdd(u, TOps.Load(ref Unsafe.Add(ref p1, q)), a1);
                a2 = TOps.MultiplyAdd(u, TOps.Load(ref Unsafe.Add(ref p2, q)), a2);
                a3 = TOps.MultiplyAdd(u, TOps.Load(ref Unsafe.Add(ref p3, q)), a3);
            }

            r = Lanes.Sum4<TOps, TVec>(start, r, a0, a1, a2, a3);
        }

        AddTo(ref sums, r);
    }

    /// <summary>One dot product.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float Dot<TOps, TVec>(ref float g, ref float patches, nint length)
        where TOps : struct, ILaneSums<TVec>
        where TVec : struct
    {
        var r = Vector128<float>.Zero;
        for (nint start = 0; start < Lanes.Group; start += TOps.Count)
        {
            var a = TOps.Zero;
            for (var q = start; q < length; q += Lanes.Group)
                a = TOps.MultiplyAdd(TOps.Load(ref Unsafe.Add(ref g, q)), TOps.Load(ref Unsafe.Add(ref patches, q)), a);
            r = Lanes.Sum4<TOps, TVec>(start, r, a, a, a, a);
        }

        return r.ToScalar();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddTo(ref float sums, Vector128<float> values) => (Vector128.LoadUnsafe(ref sums) + values).StoreUnsafe(ref sums);
}
