using System.ComponentModel;
using System.Globalization;

namespace NetForge.Cpu;

/// <summary>
/// Concatenation along the feature axis, one input at a time: each sample of a [batch, sourceSize] tensor is copied
/// to positions [offset, offset + sourceSize) of the same sample of a [batch, destinationSize] tensor. For NCHW
/// feature maps this joins channels, since a sample's channels are contiguous (sizes c·h·w, offsets in the same units).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Concat
{
    /// <summary>Copies each sample of <paramref name="source"/> into its slice of <paramref name="destination"/>.</summary>
    /// <param name="source">The input, [batch, sourceSize].</param>
    /// <param name="sourceSize">Values per input sample.</param>
    /// <param name="destination">The joined tensor, [batch, destinationSize]; only the slice is written.</param>
    /// <param name="destinationSize">Values per joined sample.</param>
    /// <param name="offset">Where the slice starts within each joined sample.</param>
    /// <param name="batch">The number of samples.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size or the offset is negative, or the slice runs past the end of a joined sample.</exception>
    /// <exception cref="ArgumentException">A buffer is too short for the sizes.</exception>
    public static void Forward(ReadOnlySpan<float> source, int sourceSize, Span<float> destination, int destinationSize, int offset, int batch)
    {
        Check(source.Length, sourceSize, nameof(source), destination.Length, destinationSize, nameof(destination), offset, batch);
        for (var b = 0; b < batch; b++)
            source.Slice(b * sourceSize, sourceSize).CopyTo(destination.Slice(b * destinationSize + offset, sourceSize));
    }

    /// <summary>Takes each sample's slice of the joined gradient back to the input's gradient.</summary>
    /// <param name="dDestination">The gradient of the joined tensor, [batch, destinationSize].</param>
    /// <param name="destinationSize">Values per joined sample.</param>
    /// <param name="offset">Where the input's slice starts within each joined sample.</param>
    /// <param name="dSource">Receives the input's gradient, [batch, sourceSize].</param>
    /// <param name="sourceSize">Values per input sample.</param>
    /// <param name="batch">The number of samples.</param>
    /// <param name="accumulate">Adds to <paramref name="dSource"/> when true (the input also feeds other layers); overwrites it when false.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size or the offset is negative, or the slice runs past the end of a joined sample.</exception>
    /// <exception cref="ArgumentException">A buffer is too short for the sizes.</exception>
    public static void Backward(ReadOnlySpan<float> dDestination, int destinationSize, int offset, Span<float> dSource, int sourceSize, int batch, bool accumulate)
    {
        Check(dSource.Length, sourceSize, nameof(dSource), dDestination.Length, destinationSize, nameof(dDestination), offset, batch);
        for (var b = 0; b < batch; b++)
        {
            var from = dDestination.Slice(b * destinationSize + offset, sourceSize);
            var to = dSource.Slice(b * sourceSize, sourceSize);
            if (accumulate)
                Tensors.AddTo(to, from, sourceSize);
            else
                from.CopyTo(to);
        }
    }

    internal static void Check(int sourceLength, int sourceSize, string sourceName, int destinationLength, int destinationSize, string destinationName, int offset, int batch)
    {
        BufferCheck.Size(sourceSize, nameof(sourceSize));
        BufferCheck.Size(destinationSize, nameof(destinationSize));
        BufferCheck.Size(offset, nameof(offset));
        BufferCheck.Size(batch, nameof(batch));
        if ((long)offset + sourceSize > destinationSize)
            throw new ArgumentOutOfRangeException(nameof(offset), offset, string.Format(CultureInfo.InvariantCulture,
                "The slice [{0}, {1}) runs past the end of a joined sample of {2} values.", offset, (long)offset + sourceSize, destinationSize));
        BufferCheck.AtLeast(sourceLength, batch, sourceSize, sourceName);
        BufferCheck.AtLeast(destinationLength, batch, destinationSize, destinationName);
    }
}
