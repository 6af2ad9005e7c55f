using System.ComponentModel;

namespace NetForge.Cpu.Float64;

/// <summary>
/// The float64 counterpart of <see cref="NetForge.Cpu.Elementwise"/>: a standalone activation layer, applied value by
/// value to the first <c>length</c> values of a buffer.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Elementwise
{
    /// <summary>Computes y = act(x) for the first <paramref name="length"/> values.</summary>
    /// <typeparam name="TAct">The activation.</typeparam>
    /// <param name="x">The inputs.</param>
    /// <param name="y">Receives the outputs. May be <paramref name="x"/> itself.</param>
    /// <param name="length">How many values to transform: batch × features.</param>
    /// <param name="act">The activation.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    /// <exception cref="ArgumentException">A buffer is shorter than <paramref name="length"/>.</exception>
    public static void Forward<TAct>(ReadOnlySpan<double> x, Span<double> y, int length, TAct act)
        where TAct : struct, IActivation
    {
        BufferCheck.Size(length, nameof(length));
        BufferCheck.AtLeast(x.Length, length, 1, nameof(x));
        BufferCheck.AtLeast(y.Length, length, 1, nameof(y));
        for (var i = 0; i < length; i++)
            y[i] = act.Forward(x[i]);
    }

    /// <summary>Computes dx = dy · act'(y), the gradient with respect to the layer's input, for the first <paramref name="length"/> values.</summary>
    /// <typeparam name="TAct">The activation.</typeparam>
    /// <param name="y">The outputs of the forward pass.</param>
    /// <param name="dy">The gradient with respect to <paramref name="y"/>.</param>
    /// <param name="dx">Receives the gradient with respect to the input. May be <paramref name="dy"/> itself.</param>
    /// <param name="length">How many values to transform: batch × features.</param>
    /// <param name="act">The activation of the forward pass.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    /// <exception cref="ArgumentException">A buffer is shorter than <paramref name="length"/>.</exception>
    public static void Backward<TAct>(ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dx, int length, TAct act)
        where TAct : struct, IActivation
    {
        BufferCheck.Size(length, nameof(length));
        BufferCheck.AtLeast(y.Length, length, 1, nameof(y));
        BufferCheck.AtLeast(dy.Length, length, 1, nameof(dy));
        BufferCheck.AtLeast(dx.Length, length, 1, nameof(dx));
        for (var i = 0; i < length; i++)
            dx[i] = dy[i] * act.Derivative(y[i]);
    }
}
