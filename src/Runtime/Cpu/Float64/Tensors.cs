using System.ComponentModel;

namespace NetForge.Cpu.Float64;

/// <summary>
/// The float64 counterpart of <see cref="NetForge.Cpu.Tensors"/>: elementwise operations over the first <c>length</c>
/// values of flat buffers, for residual additions and the gradients of tensors that several layers share.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Tensors
{
    /// <inheritdoc cref="NetForge.Cpu.Tensors.UnlessFrozen"/>
    public static Span<double> UnlessFrozen(Tensor64 parameter, double[] gradient)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        return parameter.Frozen ? default : gradient;
    }

    /// <inheritdoc cref="NetForge.Cpu.Tensors.Add"/>
    public static void Add(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> y, int length)
    {
        BufferCheck.Size(length, nameof(length));
        BufferCheck.AtLeast(a.Length, length, 1, nameof(a));
        BufferCheck.AtLeast(b.Length, length, 1, nameof(b));
        BufferCheck.AtLeast(y.Length, length, 1, nameof(y));
        for (var i = 0; i < length; i++)
            y[i] = a[i] + b[i];
    }

    /// <inheritdoc cref="NetForge.Cpu.Tensors.Copy"/>
    public static void Copy(ReadOnlySpan<double> source, Span<double> destination, int length)
    {
        BufferCheck.Size(length, nameof(length));
        BufferCheck.AtLeast(source.Length, length, 1, nameof(source));
        BufferCheck.AtLeast(destination.Length, length, 1, nameof(destination));
        source[..length].CopyTo(destination);
    }

    /// <inheritdoc cref="NetForge.Cpu.Tensors.AddTo"/>
    public static void AddTo(Span<double> destination, ReadOnlySpan<double> source, int length)
    {
        BufferCheck.Size(length, nameof(length));
        BufferCheck.AtLeast(destination.Length, length, 1, nameof(destination));
        BufferCheck.AtLeast(source.Length, length, 1, nameof(source));
        for (var i = 0; i < length; i++)
            destination[i] += source[i];
    }
}
