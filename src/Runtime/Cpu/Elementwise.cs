using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetForge.Cpu;

/// <summary>A standalone activation layer, applied value by value to a buffer of any shape.</summary>
public static class Elementwise
{
    /// <summary>Computes y = act(x).</summary>
    /// <typeparam name="TAct">The activation, specialised by the JIT.</typeparam>
    /// <param name="x">The inputs.</param>
    /// <param name="y">Receives the outputs; the same length as <paramref name="x"/>. May be <paramref name="x"/> itself.</param>
    /// <param name="act">The activation.</param>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void Forward<TAct>(ReadOnlySpan<float> x, Span<float> y, TAct act)
        where TAct : struct, IActivation
    {
        BufferCheck.SameLength(y.Length, x.Length, nameof(y), nameof(x));
        ref var x0 = ref MemoryMarshal.GetReference(x);
        ref var y0 = ref MemoryMarshal.GetReference(y);
        for (nint i = 0; i < x.Length; i++)
            Unsafe.Add(ref y0, i) = act.Forward(Unsafe.Add(ref x0, i));
    }

    /// <summary>Computes dx = dy · act'(y), the gradient with respect to the layer's input.</summary>
    /// <typeparam name="TAct">The activation, specialised by the JIT.</typeparam>
    /// <param name="y">The outputs of the forward pass.</param>
    /// <param name="dy">The gradient with respect to <paramref name="y"/>; the same length.</param>
    /// <param name="dx">Receives the gradient with respect to the input; the same length. May be <paramref name="dy"/> itself.</param>
    /// <param name="act">The activation of the forward pass.</param>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void Backward<TAct>(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, TAct act)
        where TAct : struct, IActivation
    {
        BufferCheck.SameLength(dy.Length, y.Length, nameof(dy), nameof(y));
        BufferCheck.SameLength(dx.Length, y.Length, nameof(dx), nameof(y));
        ref var y0 = ref MemoryMarshal.GetReference(y);
        ref var d0 = ref MemoryMarshal.GetReference(dy);
        ref var g0 = ref MemoryMarshal.GetReference(dx);
        for (nint i = 0; i < y.Length; i++)
            Unsafe.Add(ref g0, i) = Unsafe.Add(ref d0, i) * act.Derivative(Unsafe.Add(ref y0, i));
    }
}
