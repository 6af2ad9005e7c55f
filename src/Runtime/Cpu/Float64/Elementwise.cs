using System.ComponentModel;

namespace NetForge.Cpu.Float64;

/// <summary>
/// The float64 counterpart of <see cref="NetForge.Cpu.Elementwise"/>: a standalone activation layer, applied value by
/// value to the first <c>length</c> values of a buffer.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Elementwise
{
    /// <inheritdoc cref="NetForge.Cpu.Elementwise.Forward"/>
    public static void Forward<TAct>(ReadOnlySpan<double> x, Span<double> y, int length, TAct act)
        where TAct : struct, IActivation
    {
        BufferCheck.Size(length, nameof(length));
        BufferCheck.AtLeast(x.Length, length, 1, nameof(x));
        BufferCheck.AtLeast(y.Length, length, 1, nameof(y));
        for (var i = 0; i < length; i++)
            y[i] = act.Forward(x[i]);
    }

    /// <inheritdoc cref="NetForge.Cpu.Elementwise.Backward"/>
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
