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
        var geometry = new Geometry(shape, batch);
        var end = first + count;
        for (nint filter = 0; filter < shape.Filters; filter += TOps.Count)
        {
            var k = first;
            for (; k <= end - 8; k += 8)
                Block8<TOps, TVec>(ref x0, ref Unsafe.Add(ref d0, filter), ref Unsafe.Add(ref o0, k), ref Unsafe.Add(ref w0, k * geometry.Filters + filter), geometry);
            for (; k < end; k++)
                Block1<TOps, TVec>(ref x0, ref Unsafe.Add(ref d0, filter), Unsafe.Add(ref o0, k), ref Unsafe.Add(ref w0, k * geometry.Filters + filter), geometry);
        }
    }

    /// <summary>The sizes the blocks walk, as native integers.</summary>
    private readonly struct Geometry(ConvShape shape, int batch)
    {
        public readonly nint Batch = batch;
        public readonly nint Filters = shape.Filters;
        public readonly nint InputSize = shape.InputSize;
        public readonly nint Width = shape.Width;
        public readonly nint OutputHeight = shape.OutputHeight;
        public readonly nint OutputWidth = shape.OutputWidth;
        public readonly nint SampleGradients = (nint)shape.OutputHeight * shape.OutputWidth * shape.Filters;
    }

    /// <summary>Eight taps × one vector of filters: a load and eight broadcasts feed eight fused multiply-adds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block8<TOps, TVec>(ref float x, ref float dy, ref int offsets, ref float w, Geometry g)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
    {
        nint o0 = offsets, o1 = Unsafe.Add(ref offsets, 1), o2 = Unsafe.Add(ref offsets, 2), o3 = Unsafe.Add(ref offsets, 3);
        nint o4 = Unsafe.Add(ref offsets, 4), o5 = Unsafe.Add(ref offsets, 5), o6 = Unsafe.Add(ref offsets, 6), o7 = Unsafe.Add(ref offsets, 7);
        TVec a0 = TOps.Zero, a1 = TOps.Zero, a2 = TOps.Zero, a3 = TOps.Zero, a4 = TOps.Zero, a5 = TOps.Zero, a6 = TOps.Zero, a7 = TOps.Zero;
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
        TOps.Store(a1, ref Unsafe.Add(ref w, g.Filters));
        TOps.Store(a2, ref Unsafe.Add(ref w, 2 * g.Filters));
        TOps.Store(a3, ref Unsafe.Add(ref w, 3 * g.Filters));
        TOps.Store(a4, ref Unsafe.Add(ref w, 4 * g.Filters));
        TOps.Store(a5, ref Unsafe.Add(ref w, 5 * g.Filters));
        TOps.Store(a6, ref Unsafe.Add(ref w, 6 * g.Filters));
        TOps.Store(a7, ref Unsafe.Add(ref w, 7 * g.Filters));
    }

    /// <summary>One tap × one vector of filters, for the taps left over after the blocks of eight.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block1<TOps, TVec>(ref float x, ref float dy, nint offset, ref float w, Geometry g)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
    {
        var a = TOps.Zero;
        for (nint s = 0; s < g.Batch; s++)
        {
            ref var xs = ref Unsafe.Add(ref x, s * g.InputSize + offset);
            ref var ds = ref Unsafe.Add(ref dy, s * g.SampleGradients);
            for (nint i = 0; i < g.OutputHeight; i++)
            {
                for (nint j = 0; j < g.OutputWidth; j++)
                    a = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref xs, i * g.Width + j)), TOps.Load(ref Unsafe.Add(ref ds, (i * g.OutputWidth + j) * g.Filters)), a);
            }
        }

        TOps.Store(a, ref w);
    }
}
