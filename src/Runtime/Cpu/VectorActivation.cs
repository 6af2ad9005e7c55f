using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetForge.Cpu;

/// <summary>
/// Vector forms of the activations that need only a comparison and a multiplication (identity, relu, leaky relu),
/// for kernels whose outputs are cheap enough that a scalar pass would cost as much as the arithmetic before it.
/// The others call <see cref="MathF.Exp"/> or <see cref="MathF.Tanh"/> and stay scalar. The type tests are
/// constants to the JIT, which keeps only the branch for the activation in each specialisation.
/// </summary>
internal static class VectorActivation
{
    /// <summary>Whether <see cref="Forward{TOps, TVec, TAct}"/> applies the activation.</summary>
    public static bool IsVectorised<TAct>() where TAct : struct, IActivation =>
        typeof(TAct) == typeof(Identity) || typeof(TAct) == typeof(Relu) || typeof(TAct) == typeof(LeakyRelu);

    /// <summary>The activation of a vector of pre-activations when it <see cref="IsVectorised"/>; otherwise the pre-activations unchanged, for a scalar pass to finish.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Forward<TOps, TVec, TAct>(TVec x, TAct act)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
        where TAct : struct, IActivation
    {
        if (typeof(TAct) == typeof(Relu))
            return TOps.SelectWherePositive(x, x, TOps.Zero);
        if (typeof(TAct) == typeof(LeakyRelu))
            return TOps.SelectWherePositive(x, x, TOps.Multiply(x, TOps.Broadcast(Unsafe.As<TAct, LeakyRelu>(ref act).Alpha)));
        return x;
    }

    /// <summary>Applies the activation to the first <paramref name="count"/> values in place, unless <see cref="IsVectorised"/> says a kernel already did.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void FinishForward<TAct>(Span<float> values, int count, TAct act) where TAct : struct, IActivation
    {
        if (IsVectorised<TAct>())
            return;
        ref var v0 = ref MemoryMarshal.GetReference(values);
        for (nint i = 0; i < count; i++)
            Unsafe.Add(ref v0, i) = act.Forward(Unsafe.Add(ref v0, i));
    }

    /// <summary>dy ·= act'(y) for the first <paramref name="count"/> values, turning the gradient with respect to the outputs into that with respect to the pre-activations.</summary>
    public static void Mask<TOps, TVec, TAct>(ReadOnlySpan<float> y, Span<float> dy, int count, TAct act)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
        where TAct : struct, IActivation
    {
        if (typeof(TAct) != typeof(Identity))
            Mask<TOps, TVec, TAct>(y, dy, dy, count, act);
    }

    /// <summary>dx = dy · act'(y) for the first <paramref name="count"/> values; <paramref name="dx"/> may be <paramref name="dy"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Mask<TOps, TVec, TAct>(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int count, TAct act)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
        where TAct : struct, IActivation
    {
        ref var y0 = ref MemoryMarshal.GetReference(y);
        ref var d0 = ref MemoryMarshal.GetReference(dy);
        ref var g0 = ref MemoryMarshal.GetReference(dx);
        nint i = 0;
        if (IsVectorised<TAct>())
        {
            nint lanes = TOps.Count;
            var slope = typeof(TAct) == typeof(LeakyRelu) ? TOps.Broadcast(Unsafe.As<TAct, LeakyRelu>(ref act).Alpha) : TOps.Zero;
            for (; i <= count - lanes; i += lanes)
            {
                var d = TOps.Load(ref Unsafe.Add(ref d0, i));
                if (typeof(TAct) == typeof(Identity))
                {
                    TOps.Store(d, ref Unsafe.Add(ref g0, i));
                    continue;
                }
                var otherwise = typeof(TAct) == typeof(LeakyRelu) ? TOps.Multiply(d, slope) : TOps.Zero;
                TOps.Store(TOps.SelectWherePositive(TOps.Load(ref Unsafe.Add(ref y0, i)), d, otherwise), ref Unsafe.Add(ref g0, i));
            }
        }

        // The tail selects as the lanes do: d·0 would give −0 for a negative d where a lane gives +0.
        for (; i < count; i++)
        {
            var d = Unsafe.Add(ref d0, i);
            if (!IsVectorised<TAct>() || typeof(TAct) == typeof(Identity))
                Unsafe.Add(ref g0, i) = d * act.Derivative(Unsafe.Add(ref y0, i));
            else
                Unsafe.Add(ref g0, i) = ScalarOps.SelectWherePositive(Unsafe.Add(ref y0, i), d, typeof(TAct) == typeof(LeakyRelu) ? d * Unsafe.As<TAct, LeakyRelu>(ref act).Alpha : 0f);
        }
    }

    /// <summary>y = act(x) for the first <paramref name="count"/> values, in vectors where the activation has a vector form; <paramref name="y"/> may be <paramref name="x"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Apply<TOps, TVec, TAct>(ReadOnlySpan<float> x, Span<float> y, int count, TAct act)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
        where TAct : struct, IActivation
    {
        ref var x0 = ref MemoryMarshal.GetReference(x);
        ref var y0 = ref MemoryMarshal.GetReference(y);
        nint i = 0;
        if (IsVectorised<TAct>())
        {
            for (nint lanes = TOps.Count; i <= count - lanes; i += lanes)
                TOps.Store(Forward<TOps, TVec, TAct>(TOps.Load(ref Unsafe.Add(ref x0, i)), act), ref Unsafe.Add(ref y0, i));
        }

        for (; i < count; i++)
            Unsafe.Add(ref y0, i) = act.Forward(Unsafe.Add(ref x0, i));
    }
}
