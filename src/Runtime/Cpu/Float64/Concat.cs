using System.ComponentModel;

namespace NetForge.Cpu.Float64;

/// <summary>
/// The float64 counterpart of <see cref="NetForge.Cpu.Concat"/>: concatenation along the feature axis, one input at a
/// time, each sample of a [batch, sourceSize] tensor copied to positions [offset, offset + sourceSize) of the same
/// sample of a [batch, destinationSize] tensor.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Concat
{
    /// <inheritdoc cref="NetForge.Cpu.Concat.Forward"/>
    public static void Forward(ReadOnlySpan<double> source, int sourceSize, Span<double> destination, int destinationSize, int offset, int batch)
    {
        NetForge.Cpu.Concat.Check(source.Length, sourceSize, nameof(source), destination.Length, destinationSize, nameof(destination), offset, batch);
        for (var b = 0; b < batch; b++)
            source.Slice(b * sourceSize, sourceSize).CopyTo(destination.Slice(b * destinationSize + offset, sourceSize));
    }

    /// <inheritdoc cref="NetForge.Cpu.Concat.Backward"/>
    public static void Backward(ReadOnlySpan<double> dDestination, int destinationSize, int offset, Span<double> dSource, int sourceSize, int batch, bool accumulate)
    {
        NetForge.Cpu.Concat.Check(dSource.Length, sourceSize, nameof(dSource), dDestination.Length, destinationSize, nameof(dDestination), offset, batch);
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
}
