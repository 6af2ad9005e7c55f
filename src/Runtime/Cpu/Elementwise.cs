using System.ComponentModel;
using System.Runtime.Intrinsics;

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
        if (Vector512.IsHardwareAccelerated)
            VectorActivation.Apply<Vector512Ops, Vector512<float>, TAct>(x, y, length, act);
        else if (Vector256.IsHardwareAccelerated)
            VectorActivation.Apply<Vector256Ops, Vector256<float>, TAct>(x, y, length, act);
        else if (Vector128.IsHardwareAccelerated)
            VectorActivation.Apply<Vector128Ops, Vector128<float>, TAct>(x, y, length, act);
        else
            VectorActivation.Apply<ScalarOps, float, TAct>(x, y, length, act);
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
        if (Vector512.IsHardwareAccelerated)
            VectorActivation.Mask<Vector512Ops, Vector512<float>, TAct>(y, dy, dx, length, act);
        else if (Vector256.IsHardwareAccelerated)
            VectorActivation.Mask<Vector256Ops, Vector256<float>, TAct>(y, dy, dx, length, act);
        else if (Vector128.IsHardwareAccelerated)
            VectorActivation.Mask<Vector128Ops, Vector128<float>, TAct>(y, dy, dx, length, act);
        else
            VectorActivation.Mask<ScalarOps, float, TAct>(y, dy, dx, length, act);
    }
}
