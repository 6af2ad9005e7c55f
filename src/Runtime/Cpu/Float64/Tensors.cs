using System.ComponentModel;

namespace NetForge.Cpu.Float64;

/// <summary>
/// The float64 counterpart of <see cref="NetForge.Cpu.Tensors"/>: elementwise operations over the first <c>length</c>
/// values of flat buffers, for residual additions and the gradients of tensors that several layers share.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Tensors
{
    /// <summary>A parameter's gradient buffer, or an empty span while the parameter is <see cref="Tensor64.Frozen"/>, which
    /// tells the backward kernels not to compute it.</summary>
    /// <param name="parameter">The parameter.</param>
    /// <param name="gradient">Its gradient buffer.</param>
    /// <returns>The gradient buffer, or an empty span.</returns>
    public static Span<double> UnlessFrozen(Tensor64 parameter, double[] gradient)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        return parameter.Frozen ? default : gradient;
    }

    /// <summary>Computes y = a + b.</summary>
    /// <param name="a">The first addend.</param>
    /// <param name="b">The second addend.</param>
    /// <param name="y">Receives the sums. May be <paramref name="a"/> or <paramref name="b"/> itself (the same start), but not a shifted view of either.</param>
    /// <param name="length">How many values to add.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    /// <exception cref="ArgumentException">A buffer is shorter than <paramref name="length"/>.</exception>
    public static void Add(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> y, int length)
    {
        BufferCheck.Size(length, nameof(length));
        BufferCheck.AtLeast(a.Length, length, 1, nameof(a));
        BufferCheck.AtLeast(b.Length, length, 1, nameof(b));
        BufferCheck.AtLeast(y.Length, length, 1, nameof(y));
        for (var i = 0; i < length; i++)
            y[i] = a[i] + b[i];
    }

    /// <summary>Copies the first <paramref name="length"/> values of <paramref name="source"/> to <paramref name="destination"/>.</summary>
    /// <param name="source">The values to copy.</param>
    /// <param name="destination">Receives them. May overlap <paramref name="source"/>.</param>
    /// <param name="length">How many values to copy.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    /// <exception cref="ArgumentException">A buffer is shorter than <paramref name="length"/>.</exception>
    public static void Copy(ReadOnlySpan<double> source, Span<double> destination, int length)
    {
        BufferCheck.Size(length, nameof(length));
        BufferCheck.AtLeast(source.Length, length, 1, nameof(source));
        BufferCheck.AtLeast(destination.Length, length, 1, nameof(destination));
        source[..length].CopyTo(destination);
    }

    /// <summary>Computes destination += source, as where the gradients of a tensor used twice meet.</summary>
    /// <param name="destination">The running sums.</param>
    /// <param name="source">The values to add. May be <paramref name="destination"/> itself (doubling it), but not a shifted view of it.</param>
    /// <param name="length">How many values to add.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    /// <exception cref="ArgumentException">A buffer is shorter than <paramref name="length"/>.</exception>
    public static void AddTo(Span<double> destination, ReadOnlySpan<double> source, int length)
    {
        BufferCheck.Size(length, nameof(length));
        BufferCheck.AtLeast(destination.Length, length, 1, nameof(destination));
        BufferCheck.AtLeast(source.Length, length, 1, nameof(source));
        for (var i = 0; i < length; i++)
            destination[i] += source[i];
    }
}
