using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetForge.Cpu;

/// <summary>A standalone activation layer, applied value by value to the first <c>length</c> values of a buffer.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Elementwise
{
    /// <summary>Computes y = act(x) for the first <paramref name="length"/> values.</summary>
    /// <typeparam name="TAct">The activation, specialised by the JIT.</typeparam>
    /// <param name="x">The inputs.</param>
    /// <param name="y">Receives the outputs. May be <paramref name="x"/> itself.</param>
    /// <param name="length">How many values to transform: batch × features.</param>
    /// <param name="act">The activation.</param>
    /// <exception cref="ArgumentException">A buffer is shorter than <paramref name="length"/>.</exception>
    public static void Forward<TAct>(ReadOnlySpan<float> x, Span<float> y, int length, TAct act)
        where TAct : struct, IActivation
    {
        BufferCheck.Size(length, nameof(length));
        BufferCheck.AtLeast(x.Length, length, 1, nameof(x));
        BufferCheck.AtLeast(y.Length, length, 1, nameof(y));
        ref var x0 = ref MemoryMarshal.GetReference(x);
        ref var y0 = ref MemoryMarshal.GetReference(y);
        for (nint i = 0; i < length; i++)
            Unsafe.Add(ref y0, i) = act.Forward(Unsafe.Add(ref x0, i));
    }

    /// <summary>Computes dx = dy · act'(y), the gradient with respect to the layer's input, for the first <paramref name="length"/> values.</summary>
    /// <typeparam name="TAct">The activation, specialised by the JIT.</typeparam>
    /// <param name="y">The outputs of the forward pass.</param>
    /// <param name="dy">The gradient with respect to <paramref name="y"/>.</param>
    /// <param name="dx">Receives the gradient with respect to the input. May be <paramref name="dy"/> itself.</param>
    /// <param name="length">How many values to transform: batch × features.</param>
    /// <param name="act">The activation of the forward pass.</param>
    /// <exception cref="ArgumentException">A buffer is shorter than <paramref name="length"/>.</exception>
    public static void Backward<TAct>(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int length, TAct act)
        where TAct : struct, IActivation
    {
        BufferCheck.Size(length, nameof(length));
        BufferCheck.AtLeast(y.Length, length, 1, nameof(y));
        BufferCheck.AtLeast(dy.Length, length, 1, nameof(dy));
        BufferCheck.AtLeast(dx.Length, length, 1, nameof(dx));
        ref var y0 = ref MemoryMarshal.GetReference(y);
        ref var d0 = ref MemoryMarshal.GetReference(dy);
        ref var g0 = ref MemoryMarshal.GetReference(dx);
        for (nint i = 0; i < length; i++)
            Unsafe.Add(ref g0, i) = Unsafe.Add(ref d0, i) * act.Derivative(Unsafe.Add(ref y0, i));
    }
}
