using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetForge.Cpu;

/// <summary>
/// A convolution's weight gradient with the filters along the lanes, for stride 1, no padding and whole groups of 16
/// filters: dWᵀ[k, f] = Σ_s Σ_(i, j) x_s[offset_k + i·W + j] · dYᵀ_s[i·OW + j, f]. Each tap's input is read in place
/// from the sample and broadcast against a vector of the filters' output gradients, so nothing is unrolled, and eight
/// taps share each loaded vector; for kernels five wide in 16-lane vectors, two kernel rows at a time slide their
/// broadcasts along the output rows instead. Every value sums its terms in one chain, sample by sample and position by
/// position, whatever the vector width, the form, the block or the thread that computes it.
/// </summary>
internal static class FilterVectorGradient
{
    /// <summary>Whether the shape takes this form; the same on every machine, so the bits do not depend on the width.</summary>
    public static bool Applies(ConvShape shape) => shape.Stride == 1 && shape.Padding == 0 && shape.Filters % Lanes.Group == 0;

    /// <summary>
    /// Overwrites taps [<paramref name="first"/>, <paramref name="first"/> + <paramref name="count"/>) of
    /// <paramref name="transposed"/>, [taps, filters], from the masked output gradients laid out [samples, positions, filters].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TOps, TVec>(ReadOnlySpan<float> x, ReadOnlySpan<float> dyTransposed, ReadOnlySpan<int> offsets, Span<float> transposed,
        int batch, ConvShape shape, int first, int count)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
    {
        ref var x0 = ref MemoryMarshal.GetReference(x);
        ref var d0 = ref MemoryMarshal.GetReference(dyTransposed);
        ref var o0 = ref MemoryMarshal.GetReference(offsets);
        ref var w0 = ref MemoryMarshal.GetReference(transposed);
        var end = first + count;

        // A few samples at a time, whose inputs and output gradients stay in the L1 cache while every tap reads them:
        // each sum is stored between blocks of samples and loaded again, which leaves its chain as it was. The taps
        // past the last whole block of eight take a block of eight too, its extra taps copies of the last, not stored.
        for (var sample = 0; sample < batch; sample += SampleBlock)
        {
            var geometry = new Geometry(shape, Math.Min(SampleBlock, batch - sample), continued: sample > 0);
            ref var xs = ref Unsafe.Add(ref x0, (nint)sample * shape.InputSize);
            ref var ds = ref Unsafe.Add(ref d0, (nint)sample * geometry.SampleGradients);
            for (nint filter = 0; filter < shape.Filters; filter += TOps.Count)
            {
                for (var k = first; k < end; k += 8)
                    Block8<TOps, TVec>(ref xs, ref Unsafe.Add(ref ds, filter), ref o0, k, end, ref Unsafe.Add(ref w0, k * geometry.Filters + filter), geometry);
            }
        }
    }

    /// <summary>Samples per block: LeNet-5's second layer reads 11 KB of each sample's inputs and output gradients.</summary>
    private const int SampleBlock = 4;

    /// <summary>The sizes the blocks walk, as native integers, and whether the sums go on from those stored.</summary>
    private readonly struct Geometry(ConvShape shape, int batch, bool continued)
    {
        public readonly nint Batch = batch;
        public readonly bool Continued = continued;
        public readonly nint Filters = shape.Filters;
        public readonly nint InputSize = shape.InputSize;
        public readonly nint Width = shape.Width;
        public readonly nint OutputHeight = shape.OutputHeight;
        public readonly nint OutputWidth = shape.OutputWidth;
        public readonly nint SampleGradients = (nint)shape.OutputHeight * shape.OutputWidth * shape.Filters;
    }

    /// <summary>
    /// Eight taps from <paramref name="k"/> × one vector of filters: a load and eight broadcasts feed eight fused
    /// multiply-adds. Taps from <paramref name="end"/> on repeat the last and are not stored.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block8<TOps, TVec>(ref float x, ref float dy, ref int offsets, int k, int end, ref float w, Geometry g)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
    {
        var valid = Math.Min(8, end - k);
        var last = end - 1;
        nint o0 = Unsafe.Add(ref offsets, k), o1 = Unsafe.Add(ref offsets, Math.Min(k + 1, last)), o2 = Unsafe.Add(ref offsets, Math.Min(k + 2, last));
        nint o3 = Unsafe.Add(ref offsets, Math.Min(k + 3, last)), o4 = Unsafe.Add(ref offsets, Math.Min(k + 4, last));
        nint o5 = Unsafe.Add(ref offsets, Math.Min(k + 5, last)), o6 = Unsafe.Add(ref offsets, Math.Min(k + 6, last));
        nint o7 = Unsafe.Add(ref offsets, Math.Min(k + 7, last));
        TVec a0 = Start<TOps, TVec>(ref w, 0, valid, g), a1 = Start<TOps, TVec>(ref w, 1, valid, g), a2 = Start<TOps, TVec>(ref w, 2, valid, g);
        TVec a3 = Start<TOps, TVec>(ref w, 3, valid, g), a4 = Start<TOps, TVec>(ref w, 4, valid, g), a5 = Start<TOps, TVec>(ref w, 5, valid, g);
        TVec a6 = Start<TOps, TVec>(ref w, 6, valid, g), a7 = Start<TOps, TVec>(ref w, 7, valid, g);
        for (nint s = 0; s < g.Batch; s++)
        {
            ref var xs = ref Unsafe.Add(ref x, s * g.InputSize);
            ref var ds = ref Unsafe.Add(ref dy, s * g.SampleGradients);
            for (nint i = 0; i < g.OutputHeight; i++)
            {
                ref var xr = ref Unsafe.Add(ref xs, i * g.Width);
                ref var dr = ref Unsafe.Add(ref ds, i * g.OutputWidth * g.Filters);
                for (nint j = 0; j < g.OutputWidth; j++)
                {
                    var d = TOps.Load(ref Unsafe.Add(ref dr, j * g.Filters));
                    ref var xp = ref Unsafe.Add(ref xr, j);
                    a0 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref xp, o0)), d, a0);
                    a1 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref xp, o1)), d, a1);
                    a2 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref xp, o2)), d, a2);
                    a3 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref xp, o3)), d, a3);
                    a4 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref xp, o4)), d, a4);
                    a5 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref xp, o5)), d, a5);
                    a6 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref xp, o6)), d, a6);
                    a7 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref xp, o7)), d, a7);
                }
            }
        }

        TOps.Store(a0, ref w);
        Store<TOps, TVec>(a1, ref w, 1, valid, g);
        Store<TOps, TVec>(a2, ref w, 2, valid, g);
        Store<TOps, TVec>(a3, ref w, 3, valid, g);
        Store<TOps, TVec>(a4, ref w, 4, valid, g);
        Store<TOps, TVec>(a5, ref w, 5, valid, g);
        Store<TOps, TVec>(a6, ref w, 6, valid, g);
        Store<TOps, TVec>(a7, ref w, 7, valid, g);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<TOps, TVec>(TVec sum, ref float w, int t, int valid, Geometry g)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
    {
        if (t < valid)
            TOps.Store(sum, ref Unsafe.Add(ref w, t * g.Filters));
    }

    /// <summary>Tap <paramref name="t"/>'s sum so far: zero in the first block of samples, else as stored; zero for a copy.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Start<TOps, TVec>(ref float w, int t, int valid, Geometry g)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct =>
        g.Continued && t < valid ? TOps.Load(ref Unsafe.Add(ref w, t * g.Filters)) : TOps.Zero;

    /// <summary>
    /// Whether the kernel-row form applies: the taps of a kernel row of five, in 16-lane vectors, where a row's five
    /// broadcasts slide along the output row, one new input a position (<see cref="RunRows{TOps, TVec}"/>).
    /// </summary>
    public static bool RowsApply<TOps, TVec>(ConvShape shape)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct =>
        Applies(shape) && shape.KernelWidth == RowTaps && TOps.Count == Lanes.Group;

    private const int RowTaps = 5;

    /// <summary>
    /// Overwrites the taps of kernel rows [<paramref name="first"/>, <paramref name="first"/> + <paramref name="count"/>)
    /// of <paramref name="transposed"/>, a kernel row being a channel's row ki, its five taps c·KH·KW + ki·KW + kj. Two rows
    /// at a time: ten sums, and per output position one load of output gradients and two broadcasts, each row's
    /// other four broadcasts held over from the position before; where each tap broadcast its own input, the loads
    /// bounded the product. Every sum's chain is the one <see cref="Run{TOps, TVec}"/> computes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunRows<TOps, TVec>(ReadOnlySpan<float> x, ReadOnlySpan<float> dyTransposed, Span<float> transposed,
        int batch, ConvShape shape, int first, int count)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
    {
        ref var x0 = ref MemoryMarshal.GetReference(x);
        ref var d0 = ref MemoryMarshal.GetReference(dyTransposed);
        ref var w0 = ref MemoryMarshal.GetReference(transposed);
        var plane = shape.Height * shape.Width;
        for (var sample = 0; sample < batch; sample += SampleBlock)
        {
            var geometry = new Geometry(shape, Math.Min(SampleBlock, batch - sample), continued: sample > 0);
            ref var xs = ref Unsafe.Add(ref x0, (nint)sample * shape.InputSize);
            ref var ds = ref Unsafe.Add(ref d0, (nint)sample * geometry.SampleGradients);
            for (nint filter = 0; filter < shape.Filters; filter += TOps.Count)
            {
                for (var row = first; row < first + count; row += 2)
                {
                    // A last row without a partner pairs with itself, its second sums not stored.
                    var second = Math.Min(row + 1, first + count - 1);
                    var (c0, k0) = Math.DivRem(row, shape.KernelHeight);
                    var (c1, k1) = Math.DivRem(second, shape.KernelHeight);
                    RowPair<TOps, TVec>(ref Unsafe.Add(ref xs, c0 * plane + k0 * shape.Width), ref Unsafe.Add(ref xs, c1 * plane + k1 * shape.Width),
                        ref Unsafe.Add(ref ds, filter), ref Unsafe.Add(ref w0, row * RowTaps * geometry.Filters + filter),
                        ref Unsafe.Add(ref w0, second * RowTaps * geometry.Filters + filter), second != row, geometry);
                }
            }
        }
    }

    /// <summary>Two kernel rows' five taps × one vector of filters, each row's inputs read from its start in the sample.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowPair<TOps, TVec>(ref float top, ref float bottom, ref float dy, ref float w, ref float v, bool both, Geometry g)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
    {
        TVec a0 = Start<TOps, TVec>(ref w, 0, RowTaps, g), a1 = Start<TOps, TVec>(ref w, 1, RowTaps, g), a2 = Start<TOps, TVec>(ref w, 2, RowTaps, g);
        TVec a3 = Start<TOps, TVec>(ref w, 3, RowTaps, g), a4 = Start<TOps, TVec>(ref w, 4, RowTaps, g);
        var valid = both ? RowTaps : 0;
        TVec e0 = Start<TOps, TVec>(ref v, 0, valid, g), e1 = Start<TOps, TVec>(ref v, 1, valid, g), e2 = Start<TOps, TVec>(ref v, 2, valid, g);
        TVec e3 = Start<TOps, TVec>(ref v, 3, valid, g), e4 = Start<TOps, TVec>(ref v, 4, valid, g);
        for (nint s = 0; s < g.Batch; s++)
        {
            ref var ts = ref Unsafe.Add(ref top, s * g.InputSize);
            ref var bs = ref Unsafe.Add(ref bottom, s * g.InputSize);
            ref var dsample = ref Unsafe.Add(ref dy, s * g.SampleGradients);
            for (nint i = 0; i < g.OutputHeight; i++)
            {
                ref var t = ref Unsafe.Add(ref ts, i * g.Width);
                ref var b = ref Unsafe.Add(ref bs, i * g.Width);
                ref var dr = ref Unsafe.Add(ref dsample, i * g.OutputWidth * g.Filters);
                TVec t0 = TOps.Broadcast(t), t1 = TOps.Broadcast(Unsafe.Add(ref t, 1)), t2 = TOps.Broadcast(Unsafe.Add(ref t, 2));
                TVec t3 = TOps.Broadcast(Unsafe.Add(ref t, 3));
                TVec b0 = TOps.Broadcast(b), b1 = TOps.Broadcast(Unsafe.Add(ref b, 1)), b2 = TOps.Broadcast(Unsafe.Add(ref b, 2));
                TVec b3 = TOps.Broadcast(Unsafe.Add(ref b, 3));
                for (nint j = 0; j < g.OutputWidth; j++)
                {
                    var t4 = TOps.Broadcast(Unsafe.Add(ref t, j + 4));
                    var b4 = TOps.Broadcast(Unsafe.Add(ref b, j + 4));
                    var d = TOps.Load(ref Unsafe.Add(ref dr, j * g.Filters));
                    a0 = TOps.MultiplyAdd(t0, d, a0);
                    a1 = TOps.MultiplyAdd(t1, d, a1);
                    a2 = TOps.MultiplyAdd(t2, d, a2);
                    a3 = TOps.MultiplyAdd(t3, d, a3);
                    a4 = TOps.MultiplyAdd(t4, d, a4);
                    e0 = TOps.MultiplyAdd(b0, d, e0);
                    e1 = TOps.MultiplyAdd(b1, d, e1);
                    e2 = TOps.MultiplyAdd(b2, d, e2);
                    e3 = TOps.MultiplyAdd(b3, d, e3);
                    e4 = TOps.MultiplyAdd(b4, d, e4);
                    (t0, t1, t2, t3) = (t1, t2, t3, t4);
                    (b0, b1, b2, b3) = (b1, b2, b3, b4);
                }
            }
        }

        TOps.Store(a0, ref w);
        TOps.Store(a1, ref Unsafe.Add(ref w, g.Filters));
        TOps.Store(a2, ref Unsafe.Add(ref w, 2 * g.Filters));
        TOps.Store(a3, ref Unsafe.Add(ref w, 3 * g.Filters));
        TOps.Store(a4, ref Unsafe.Add(ref w, 4 * g.Filters));
        Store<TOps, TVec>(e0, ref v, 0, valid, g);
        Store<TOps, TVec>(e1, ref v, 1, valid, g);
        Store<TOps, TVec>(e2, ref v, 2, valid, g);
        Store<TOps, TVec>(e3, ref v, 3, valid, g);
        Store<TOps, TVec>(e4, ref v, 4, valid, g);
    }
}
