using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetForge.Cpu;

/// <summary>
/// The matrix product a convolution becomes once its input is arranged as patches (<see cref="Patches"/>):
/// out[f, p] = act(bias[f] + Σ_k weight[f, k] · patches[offsets[k] + p]), in axpy form along the output
/// positions p, which are contiguous in both the patches and the output. Each kernel tap k reads its own row of
/// patches, found through a table of offsets: rows of an unrolled matrix, or shifted views of one padded image. Blocks of four filters × four vectors keep 16 accumulators,
/// each loaded vector feeding four fused multiply-adds; the bias seeds the accumulators and the activation is
/// applied in registers when it has a vector form, so the outputs are written once.
/// </summary>
internal static class FilterProduct
{
    /// <summary>
    /// Overwrites <paramref name="filters"/> rows of <paramref name="width"/> outputs, <paramref name="outputStride"/> apart.
    /// Spans are not checked: the caller guarantees the weight is [filters, depth], that there are depth offsets,
    /// and that each row of patches holds <paramref name="width"/> values from its offset.
    /// Activations without a vector form are left for the caller to apply (<see cref="VectorActivation.FinishForward"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TOps, TVec, TAct>(ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, ReadOnlySpan<float> patches, ReadOnlySpan<int> offsets,
        Span<float> output, int outputStride, int filters, int depth, int width, TAct act)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
        where TAct : struct, IActivation
    {
        // The last columns are covered by a vector that overlaps the one before, which needs a whole vector.
        if (width < TOps.Count)
        {
            Run<ScalarOps, float, TAct>(weight, bias, patches, offsets, output, outputStride, filters, depth, width, act);
            return;
        }

        ref var w0 = ref MemoryMarshal.GetReference(weight);
        ref var p0 = ref MemoryMarshal.GetReference(patches);
        ref var o0 = ref MemoryMarshal.GetReference(output);
        var rows = new Rows(bias, offsets, depth, outputStride);
        nint lanes = TOps.Count;
        nint wide = 4 * lanes;

        // Column chunks outside, filter blocks inside: the chunk of patches is reused by every filter block. The last
        // chunk ends at the last column, overlapping the one before it and computing its columns again, identically:
        // narrower blocks for the few columns past the last whole chunk ran at half the speed.
        nint column = 0;
        for (; column <= width - wide; column += wide)
            Chunk<TOps, TVec, TAct>(ref w0, ref p0, ref o0, rows, filters, column, act);
        if (column < width && width >= wide)
        {
            Chunk<TOps, TVec, TAct>(ref w0, ref p0, ref o0, rows, filters, width - wide, act);
            column = width;
        }

        for (; column < width; column += lanes)
        {
            // The last vector ends at the last column and recomputes some columns already written, identically.
            var start = Math.Min(column, width - lanes);
            var f = 0;
            for (; f <= filters - 4; f += 4)
                Block4x1<TOps, TVec, TAct>(ref Unsafe.Add(ref w0, f * rows.Depth), ref Unsafe.Add(ref p0, start), ref Unsafe.Add(ref o0, f * rows.OutputStride + start), rows, f, act);
            if (f <= filters - 2)
            {
                Block2x1<TOps, TVec, TAct>(ref Unsafe.Add(ref w0, f * rows.Depth), ref Unsafe.Add(ref p0, start), ref Unsafe.Add(ref o0, f * rows.OutputStride + start), rows, f, act);
                f += 2;
            }

            if (f < filters)
                Block1x1<TOps, TVec, TAct>(ref Unsafe.Add(ref w0, f * rows.Depth), ref Unsafe.Add(ref p0, start), ref Unsafe.Add(ref o0, f * rows.OutputStride + start), rows, f, act);
        }
    }

    /// <summary>Every filter over the four vectors of columns from <paramref name="column"/> on.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Chunk<TOps, TVec, TAct>(ref float w0, ref float p0, ref float o0, Rows rows, int filters, nint column, TAct act)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
        where TAct : struct, IActivation
    {
        var f = 0;
        for (; f <= filters - 4 && filters - f != 6; f += 4)
            Block4x4<TOps, TVec, TAct>(ref Unsafe.Add(ref w0, f * rows.Depth), ref Unsafe.Add(ref p0, column), ref Unsafe.Add(ref o0, f * rows.OutputStride + column), rows, f, act);
        if (filters - f == 6)
        {
            Block6x4<TOps, TVec, TAct>(ref Unsafe.Add(ref w0, f * rows.Depth), ref Unsafe.Add(ref p0, column), ref Unsafe.Add(ref o0, f * rows.OutputStride + column), rows, f, act);
            f += 6;
        }

        if (filters - f == 3)
        {
            Block3x4<TOps, TVec, TAct>(ref Unsafe.Add(ref w0, f * rows.Depth), ref Unsafe.Add(ref p0, column), ref Unsafe.Add(ref o0, f * rows.OutputStride + column), rows, f, act);
            f += 3;
        }

        if (f <= filters - 2)
        {
            Block2x4<TOps, TVec, TAct>(ref Unsafe.Add(ref w0, f * rows.Depth), ref Unsafe.Add(ref p0, column), ref Unsafe.Add(ref o0, f * rows.OutputStride + column), rows, f, act);
            f += 2;
        }

        if (f < filters)
            Block1x4<TOps, TVec, TAct>(ref Unsafe.Add(ref w0, f * rows.Depth), ref Unsafe.Add(ref p0, column), ref Unsafe.Add(ref o0, f * rows.OutputStride + column), rows, f, act);
    }

    /// <summary>Four filters × four vectors: four loads and four broadcasts feed 16 fused multiply-adds per step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block4x4<TOps, TVec, TAct>(ref float w, ref float patches, ref float output, Rows rows, int filter, TAct act)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
        where TAct : struct, IActivation
    {
        nint lanes = TOps.Count;
        nint depth = rows.Depth;
        ref var w1 = ref Unsafe.Add(ref w, depth);
        ref var w2 = ref Unsafe.Add(ref w, 2 * depth);
        ref var w3 = ref Unsafe.Add(ref w, 3 * depth);
        var b = TOps.Broadcast(rows.Bias(filter));
        TVec a00 = b, a01 = b, a02 = b, a03 = b;
        b = TOps.Broadcast(rows.Bias(filter + 1));
        TVec a10 = b, a11 = b, a12 = b, a13 = b;
        b = TOps.Broadcast(rows.Bias(filter + 2));
        TVec a20 = b, a21 = b, a22 = b, a23 = b;
        b = TOps.Broadcast(rows.Bias(filter + 3));
        TVec a30 = b, a31 = b, a32 = b, a33 = b;
        for (nint k = 0; k < depth; k++)
        {
            ref var p = ref Unsafe.Add(ref patches, rows.Offset(k));
            var v0 = TOps.Load(ref p);
            var v1 = TOps.Load(ref Unsafe.Add(ref p, lanes));
            var v2 = TOps.Load(ref Unsafe.Add(ref p, 2 * lanes));
            var v3 = TOps.Load(ref Unsafe.Add(ref p, 3 * lanes));
            var s = TOps.Broadcast(Unsafe.Add(ref w, k));
            a00 = TOps.MultiplyAdd(s, v0, a00);
            a01 = TOps.MultiplyAdd(s, v1, a01);
            a02 = TOps.MultiplyAdd(s, v2, a02);
            a03 = TOps.MultiplyAdd(s, v3, a03);
            s = TOps.Broadcast(Unsafe.Add(ref w1, k));
            a10 = TOps.MultiplyAdd(s, v0, a10);
            a11 = TOps.MultiplyAdd(s, v1, a11);
            a12 = TOps.MultiplyAdd(s, v2, a12);
            a13 = TOps.MultiplyAdd(s, v3, a13);
            s = TOps.Broadcast(Unsafe.Add(ref w2, k));
            a20 = TOps.MultiplyAdd(s, v0, a20);
            a21 = TOps.MultiplyAdd(s, v1, a21);
            a22 = TOps.MultiplyAdd(s, v2, a22);
            a23 = TOps.MultiplyAdd(s, v3, a23);
            s = TOps.Broadcast(Unsafe.Add(ref w3, k));
            a30 = TOps.MultiplyAdd(s, v0, a30);
            a31 = TOps.MultiplyAdd(s, v1, a31);
            a32 = TOps.MultiplyAdd(s, v2, a32);
            a33 = TOps.MultiplyAdd(s, v3, a33);
        }

        nint stride = rows.OutputStride;
        StoreRow<TOps, TVec, TAct>(ref output, a00, a01, a02, a03, act);
        StoreRow<TOps, TVec, TAct>(ref Unsafe.Add(ref output, stride), a10, a11, a12, a13, act);
        StoreRow<TOps, TVec, TAct>(ref Unsafe.Add(ref output, 2 * stride), a20, a21, a22, a23, act);
        StoreRow<TOps, TVec, TAct>(ref Unsafe.Add(ref output, 3 * stride), a30, a31, a32, a33, act);
    }

    /// <summary>
    /// Six filters × four vectors, for six left over after the blocks of four (LeNet-5's first layer has six): as a
    /// block of four and one of two, each loaded vector fed six multiply-adds in two passes, and the loads, half of
    /// them split across cache lines, limited the pair.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block6x4<TOps, TVec, TAct>(ref float w, ref float patches, ref float output, Rows rows, int filter, TAct act)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
        where TAct : struct, IActivation
    {
        nint lanes = TOps.Count;
        nint depth = rows.Depth;
        ref var w1 = ref Unsafe.Add(ref w, depth);
        ref var w2 = ref Unsafe.Add(ref w, 2 * depth);
        ref var w3 = ref Unsafe.Add(ref w, 3 * depth);
        ref var w4 = ref Unsafe.Add(ref w, 4 * depth);
        ref var w5 = ref Unsafe.Add(ref w, 5 * depth);
        var b = TOps.Broadcast(rows.Bias(filter));
        TVec a00 = b, a01 = b, a02 = b, a03 = b;
        b = TOps.Broadcast(rows.Bias(filter + 1));
        TVec a10 = b, a11 = b, a12 = b, a13 = b;
        b = TOps.Broadcast(rows.Bias(filter + 2));
        TVec a20 = b, a21 = b, a22 = b, a23 = b;
        b = TOps.Broadcast(rows.Bias(filter + 3));
        TVec a30 = b, a31 = b, a32 = b, a33 = b;
        b = TOps.Broadcast(rows.Bias(filter + 4));
        TVec a40 = b, a41 = b, a42 = b, a43 = b;
        b = TOps.Broadcast(rows.Bias(filter + 5));
        TVec a50 = b, a51 = b, a52 = b, a53 = b;
        for (nint k = 0; k < depth; k++)
        {
            ref var p = ref Unsafe.Add(ref patches, rows.Offset(k));
            var v0 = TOps.Load(ref p);
            var v1 = TOps.Load(ref Unsafe.Add(ref p, lanes));
            var v2 = TOps.Load(ref Unsafe.Add(ref p, 2 * lanes));
            var v3 = TOps.Load(ref Unsafe.Add(ref p, 3 * lanes));
            var s = TOps.Broadcast(Unsafe.Add(ref w, k));
            a00 = TOps.MultiplyAdd(s, v0, a00);
            a01 = TOps.MultiplyAdd(s, v1, a01);
            a02 = TOps.MultiplyAdd(s, v2, a02);
            a03 = TOps.MultiplyAdd(s, v3, a03);
            s = TOps.Broadcast(Unsafe.Add(ref w1, k));
            a10 = TOps.MultiplyAdd(s, v0, a10);
            a11 = TOps.MultiplyAdd(s, v1, a11);
            a12 = TOps.MultiplyAdd(s, v2, a12);
            a13 = TOps.MultiplyAdd(s, v3, a13);
            s = TOps.Broadcast(Unsafe.Add(ref w2, k));
            a20 = TOps.MultiplyAdd(s, v0, a20);
            a21 = TOps.MultiplyAdd(s, v1, a21);
            a22 = TOps.MultiplyAdd(s, v2, a22);
            a23 = TOps.MultiplyAdd(s, v3, a23);
            s = TOps.Broadcast(Unsafe.Add(ref w3, k));
            a30 = TOps.MultiplyAdd(s, v0, a30);
            a31 = TOps.MultiplyAdd(s, v1, a31);
            a32 = TOps.MultiplyAdd(s, v2, a32);
            a33 = TOps.MultiplyAdd(s, v3, a33);
            s = TOps.Broadcast(Unsafe.Add(ref w4, k));
            a40 = TOps.MultiplyAdd(s, v0, a40);
            a41 = TOps.MultiplyAdd(s, v1, a41);
            a42 = TOps.MultiplyAdd(s, v2, a42);
            a43 = TOps.MultiplyAdd(s, v3, a43);
            s = TOps.Broadcast(Unsafe.Add(ref w5, k));
            a50 = TOps.MultiplyAdd(s, v0, a50);
            a51 = TOps.MultiplyAdd(s, v1, a51);
            a52 = TOps.MultiplyAdd(s, v2, a52);
            a53 = TOps.MultiplyAdd(s, v3, a53);
        }

        nint stride = rows.OutputStride;
        StoreRow<TOps, TVec, TAct>(ref output, a00, a01, a02, a03, act);
        StoreRow<TOps, TVec, TAct>(ref Unsafe.Add(ref output, stride), a10, a11, a12, a13, act);
        StoreRow<TOps, TVec, TAct>(ref Unsafe.Add(ref output, 2 * stride), a20, a21, a22, a23, act);
        StoreRow<TOps, TVec, TAct>(ref Unsafe.Add(ref output, 3 * stride), a30, a31, a32, a33, act);
        StoreRow<TOps, TVec, TAct>(ref Unsafe.Add(ref output, 4 * stride), a40, a41, a42, a43, act);
        StoreRow<TOps, TVec, TAct>(ref Unsafe.Add(ref output, 5 * stride), a50, a51, a52, a53, act);
    }

    /// <summary>
    /// Three filters × four vectors, for three left over after the blocks of four (half of LeNet-5's first layer, which a
    /// single prediction splits by filters): each loaded vector feeds three multiply-adds in one pass, where a block of
    /// two and one of one load every vector twice.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block3x4<TOps, TVec, TAct>(ref float w, ref float patches, ref float output, Rows rows, int filter, TAct act)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
        where TAct : struct, IActivation
    {
        nint lanes = TOps.Count;
        nint depth = rows.Depth;
        ref var w1 = ref Unsafe.Add(ref w, depth);
        ref var w2 = ref Unsafe.Add(ref w, 2 * depth);
        var b = TOps.Broadcast(rows.Bias(filter));
        TVec a00 = b, a01 = b, a02 = b, a03 = b;
        b = TOps.Broadcast(rows.Bias(filter + 1));
        TVec a10 = b, a11 = b, a12 = b, a13 = b;
        b = TOps.Broadcast(rows.Bias(filter + 2));
        TVec a20 = b, a21 = b, a22 = b, a23 = b;
        for (nint k = 0; k < depth; k++)
        {
            ref var p = ref Unsafe.Add(ref patches, rows.Offset(k));
            var v0 = TOps.Load(ref p);
            var v1 = TOps.Load(ref Unsafe.Add(ref p, lanes));
            var v2 = TOps.Load(ref Unsafe.Add(ref p, 2 * lanes));
            var v3 = TOps.Load(ref Unsafe.Add(ref p, 3 * lanes));
            var s = TOps.Broadcast(Unsafe.Add(ref w, k));
            a00 = TOps.MultiplyAdd(s, v0, a00);
            a01 = TOps.MultiplyAdd(s, v1, a01);
            a02 = TOps.MultiplyAdd(s, v2, a02);
            a03 = TOps.MultiplyAdd(s, v3, a03);
            s = TOps.Broadcast(Unsafe.Add(ref w1, k));
            a10 = TOps.MultiplyAdd(s, v0, a10);
            a11 = TOps.MultiplyAdd(s, v1, a11);
            a12 = TOps.MultiplyAdd(s, v2, a12);
            a13 = TOps.MultiplyAdd(s, v3, a13);
            s = TOps.Broadcast(Unsafe.Add(ref w2, k));
            a20 = TOps.MultiplyAdd(s, v0, a20);
            a21 = TOps.MultiplyAdd(s, v1, a21);
            a22 = TOps.MultiplyAdd(s, v2, a22);
            a23 = TOps.MultiplyAdd(s, v3, a23);
        }

        nint stride = rows.OutputStride;
        StoreRow<TOps, TVec, TAct>(ref output, a00, a01, a02, a03, act);
        StoreRow<TOps, TVec, TAct>(ref Unsafe.Add(ref output, stride), a10, a11, a12, a13, act);
        StoreRow<TOps, TVec, TAct>(ref Unsafe.Add(ref output, 2 * stride), a20, a21, a22, a23, act);
    }

    /// <summary>
    /// Two filters × four vectors, for two or three filters left over after the blocks of four: one filter alone
    /// would need a load per multiply-add, which unaligned loads (the shifted rows of patches) make the bottleneck.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block2x4<TOps, TVec, TAct>(ref float w, ref float patches, ref float output, Rows rows, int filter, TAct act)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
        where TAct : struct, IActivation
    {
        nint lanes = TOps.Count;
        nint depth = rows.Depth;
        ref var w1 = ref Unsafe.Add(ref w, depth);
        var b = TOps.Broadcast(rows.Bias(filter));
        TVec a00 = b, a01 = b, a02 = b, a03 = b;
        b = TOps.Broadcast(rows.Bias(filter + 1));
        TVec a10 = b, a11 = b, a12 = b, a13 = b;
        for (nint k = 0; k < depth; k++)
        {
            ref var p = ref Unsafe.Add(ref patches, rows.Offset(k));
            var v0 = TOps.Load(ref p);
            var v1 = TOps.Load(ref Unsafe.Add(ref p, lanes));
            var v2 = TOps.Load(ref Unsafe.Add(ref p, 2 * lanes));
            var v3 = TOps.Load(ref Unsafe.Add(ref p, 3 * lanes));
            var s = TOps.Broadcast(Unsafe.Add(ref w, k));
            a00 = TOps.MultiplyAdd(s, v0, a00);
            a01 = TOps.MultiplyAdd(s, v1, a01);
            a02 = TOps.MultiplyAdd(s, v2, a02);
            a03 = TOps.MultiplyAdd(s, v3, a03);
            s = TOps.Broadcast(Unsafe.Add(ref w1, k));
            a10 = TOps.MultiplyAdd(s, v0, a10);
            a11 = TOps.MultiplyAdd(s, v1, a11);
            a12 = TOps.MultiplyAdd(s, v2, a12);
            a13 = TOps.MultiplyAdd(s, v3, a13);
        }

        StoreRow<TOps, TVec, TAct>(ref output, a00, a01, a02, a03, act);
        StoreRow<TOps, TVec, TAct>(ref Unsafe.Add(ref output, rows.OutputStride), a10, a11, a12, a13, act);
    }

    /// <summary>One filter × four vectors, for the last filter left over after the blocks of four and two.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block1x4<TOps, TVec, TAct>(ref float w, ref float patches, ref float output, Rows rows, int filter, TAct act)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
        where TAct : struct, IActivation
    {
        nint lanes = TOps.Count;
        var b = TOps.Broadcast(rows.Bias(filter));
        TVec a0 = b, a1 = b, a2 = b, a3 = b;
        for (nint k = 0; k < rows.Depth; k++)
        {
            ref var p = ref Unsafe.Add(ref patches, rows.Offset(k));
            var s = TOps.Broadcast(Unsafe.Add(ref w, k));
            a0 = TOps.MultiplyAdd(s, TOps.Load(ref p), a0);
            a1 = TOps.MultiplyAdd(s, TOps.Load(ref Unsafe.Add(ref p, lanes)), a1);
            a2 = TOps.MultiplyAdd(s, TOps.Load(ref Unsafe.Add(ref p, 2 * lanes)), a2);
            a3 = TOps.MultiplyAdd(s, TOps.Load(ref Unsafe.Add(ref p, 3 * lanes)), a3);
        }

        StoreRow<TOps, TVec, TAct>(ref output, a0, a1, a2, a3, act);
    }

    /// <summary>Four filters × one vector, for the columns left over after the four-vector chunks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block4x1<TOps, TVec, TAct>(ref float w, ref float patches, ref float output, Rows rows, int filter, TAct act)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
        where TAct : struct, IActivation
    {
        nint depth = rows.Depth;
        ref var w1 = ref Unsafe.Add(ref w, depth);
        ref var w2 = ref Unsafe.Add(ref w, 2 * depth);
        ref var w3 = ref Unsafe.Add(ref w, 3 * depth);
        var a0 = TOps.Broadcast(rows.Bias(filter));
        var a1 = TOps.Broadcast(rows.Bias(filter + 1));
        var a2 = TOps.Broadcast(rows.Bias(filter + 2));
        var a3 = TOps.Broadcast(rows.Bias(filter + 3));
        for (nint k = 0; k < depth; k++)
        {
            var v = TOps.Load(ref Unsafe.Add(ref patches, rows.Offset(k)));
            a0 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref w, k)), v, a0);
            a1 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref w1, k)), v, a1);
            a2 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref w2, k)), v, a2);
            a3 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref w3, k)), v, a3);
        }

        nint stride = rows.OutputStride;
        TOps.Store(VectorActivation.Forward<TOps, TVec, TAct>(a0, act), ref output);
        TOps.Store(VectorActivation.Forward<TOps, TVec, TAct>(a1, act), ref Unsafe.Add(ref output, stride));
        TOps.Store(VectorActivation.Forward<TOps, TVec, TAct>(a2, act), ref Unsafe.Add(ref output, 2 * stride));
        TOps.Store(VectorActivation.Forward<TOps, TVec, TAct>(a3, act), ref Unsafe.Add(ref output, 3 * stride));
    }

    /// <summary>
    /// Two filters × one vector, for the columns and filters left over. Each output sums its taps in one chain, in
    /// order, as in the other blocks: which block computes a column depends on the vector width, and its value must not.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block2x1<TOps, TVec, TAct>(ref float w, ref float patches, ref float output, Rows rows, int filter, TAct act)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
        where TAct : struct, IActivation
    {
        nint depth = rows.Depth;
        ref var w1 = ref Unsafe.Add(ref w, depth);
        var a0 = TOps.Broadcast(rows.Bias(filter));
        var a1 = TOps.Broadcast(rows.Bias(filter + 1));
        for (nint k = 0; k < depth; k++)
        {
            var v = TOps.Load(ref Unsafe.Add(ref patches, rows.Offset(k)));
            a0 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref w, k)), v, a0);
            a1 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref w1, k)), v, a1);
        }

        TOps.Store(VectorActivation.Forward<TOps, TVec, TAct>(a0, act), ref output);
        TOps.Store(VectorActivation.Forward<TOps, TVec, TAct>(a1, act), ref Unsafe.Add(ref output, rows.OutputStride));
    }

    /// <summary>One filter × one vector; with <see cref="ScalarOps"/> it is the whole product for outputs narrower than a vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block1x1<TOps, TVec, TAct>(ref float w, ref float patches, ref float output, Rows rows, int filter, TAct act)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
        where TAct : struct, IActivation
    {
        var a = TOps.Broadcast(rows.Bias(filter));
        for (nint k = 0; k < rows.Depth; k++)
            a = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref w, k)), TOps.Load(ref Unsafe.Add(ref patches, rows.Offset(k))), a);
        TOps.Store(VectorActivation.Forward<TOps, TVec, TAct>(a, act), ref output);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow<TOps, TVec, TAct>(ref float output, TVec v0, TVec v1, TVec v2, TVec v3, TAct act)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
        where TAct : struct, IActivation
    {
        nint lanes = TOps.Count;
        TOps.Store(VectorActivation.Forward<TOps, TVec, TAct>(v0, act), ref output);
        TOps.Store(VectorActivation.Forward<TOps, TVec, TAct>(v1, act), ref Unsafe.Add(ref output, lanes));
        TOps.Store(VectorActivation.Forward<TOps, TVec, TAct>(v2, act), ref Unsafe.Add(ref output, 2 * lanes));
        TOps.Store(VectorActivation.Forward<TOps, TVec, TAct>(v3, act), ref Unsafe.Add(ref output, 3 * lanes));
    }

    /// <summary>What the blocks share: the offsets of the rows of patches, the strides, and the bias, whose absence reads as zeros.</summary>
    private readonly ref struct Rows(ReadOnlySpan<float> bias, ReadOnlySpan<int> offsets, int depth, int outputStride)
    {
        private readonly ReadOnlySpan<float> _bias = bias;
        private readonly ReadOnlySpan<int> _offsets = offsets;

        /// <summary>Weights per filter, and rows of patches.</summary>
        public nint Depth { get; } = depth;

        /// <summary>The distance between output rows.</summary>
        public nint OutputStride { get; } = outputStride;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public nint Offset(nint k) => Unsafe.Add(ref MemoryMarshal.GetReference(_offsets), k);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float Bias(int filter) => _bias.IsEmpty ? 0f : Unsafe.Add(ref MemoryMarshal.GetReference(_bias), filter);
    }
}
