using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetForge.Cpu;

/// <summary>
/// A convolution's weight gradient with the filters along the lanes, for stride 1, no padding and whole groups of 16
/// filters: dWᵀ[k, f] = Σ_s Σ_(i, j) x_s[offset_k + i·W + j] · dYᵀ_s[i·OW + j, f]. Each tap's input is read in place
/// from the sample and broadcast against a vector of the filters' output gradients, so nothing is unrolled, and eight
/// taps share each loaded vector. Every value sums its terms in one chain, sample by sample and position by position,
/// whatever the vector width, the block or the thread that computes it.
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
}
