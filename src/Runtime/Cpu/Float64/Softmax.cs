using System.ComponentModel;

namespace NetForge.Cpu.Float64;

/// <summary>The float64 counterpart of <see cref="NetForge.Cpu.Softmax"/>: a standalone softmax layer over each row of a [batch, size] buffer.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Softmax
{
    /// <inheritdoc cref="NetForge.Cpu.Softmax.Forward"/>
    public static void Forward(ReadOnlySpan<double> x, Span<double> y, int batch, int size)
    {
        BufferCheck.Size(batch, nameof(batch));
        BufferCheck.Size(size, nameof(size));
        BufferCheck.AtLeast(x.Length, batch, size, nameof(x));
        BufferCheck.AtLeast(y.Length, batch, size, nameof(y));
        if (size == 0)
            return;
        for (var b = 0; b < batch; b++)
        {
            var row = x.Slice(b * size, size);
            var probabilities = y.Slice(b * size, size);
            var max = Max(row);
            var sum = 0.0;
            for (var j = 0; j < size; j++)
            {
                probabilities[j] = Math.Exp(row[j] - max);
                sum += probabilities[j];
            }

            for (var j = 0; j < size; j++)
                probabilities[j] /= sum;
        }
    }

    /// <inheritdoc cref="NetForge.Cpu.Softmax.Backward"/>
    public static void Backward(ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dx, int batch, int size)
    {
        BufferCheck.Size(batch, nameof(batch));
        BufferCheck.Size(size, nameof(size));
        BufferCheck.AtLeast(y.Length, batch, size, nameof(y));
        BufferCheck.AtLeast(dy.Length, batch, size, nameof(dy));
        BufferCheck.AtLeast(dx.Length, batch, size, nameof(dx));
        for (var b = 0; b < batch; b++)
        {
            var probabilities = y.Slice(b * size, size);
            var gradient = dy.Slice(b * size, size);
            var result = dx.Slice(b * size, size);
            var dot = 0.0;
            for (var j = 0; j < size; j++)
                dot += gradient[j] * probabilities[j];
            for (var j = 0; j < size; j++)
                result[j] = probabilities[j] * (gradient[j] - dot);
        }
    }

    /// <summary>The largest value of a non-empty row, by <see cref="Math.Max(double, double)"/> as the float kernel's, so that a NaN propagates.</summary>
    internal static double Max(ReadOnlySpan<double> row)
    {
        var max = row[0];
        foreach (var value in row)
            max = Math.Max(max, value);
        return max;
    }
}
