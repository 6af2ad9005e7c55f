using System.ComponentModel;

namespace NetForge.Cpu.Float64;

/// <summary>
/// The float64 counterpart of <see cref="NetForge.Cpu.Maxout"/>: each output is the largest of a group of consecutive
/// inputs, y[b, j] = maxₖ x[b, j·pieces + k]. Buffers may be longer than the sizes need; the extra values are left
/// alone. Allocates nothing.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Maxout
{
    /// <inheritdoc cref="NetForge.Cpu.Maxout.Forward"/>
    public static void Forward(ReadOnlySpan<double> x, Span<double> y, int batch, int outputs, int pieces)
    {
        Check(x.Length, y.Length, batch, outputs, pieces);
        for (var g = 0; g < batch * outputs; g++)
        {
            var group = x.Slice(g * pieces, pieces);
            var winner = 0;
            for (var k = 1; k < pieces; k++)
            {
                if (group[k] > group[winner])
                    winner = k;
            }

            Kinks.Note(winner);
            y[g] = group[winner];
        }
    }

    /// <inheritdoc cref="NetForge.Cpu.Maxout.Backward"/>
    public static void Backward(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dx, int batch, int outputs, int pieces)
    {
        Check(x.Length, y.Length, batch, outputs, pieces);
        BufferCheck.AtLeast(dy.Length, batch, outputs, nameof(dy));
        BufferCheck.AtLeast(dx.Length, batch, outputs, pieces, nameof(dx));
        for (var g = 0; g < batch * outputs; g++)
        {
            var group = x.Slice(g * pieces, pieces);
            var gradient = dx.Slice(g * pieces, pieces);
            gradient.Clear();
            for (var k = 0; k < pieces; k++)
            {
                if (group[k] == y[g])
                {
                    gradient[k] = dy[g];
                    break;
                }
            }
        }
    }

    private static void Check(int xLength, int yLength, int batch, int outputs, int pieces)
    {
        BufferCheck.Size(batch, nameof(batch));
        BufferCheck.Size(outputs, nameof(outputs));
        BufferCheck.Positive(pieces, nameof(pieces));
        BufferCheck.AtLeast(xLength, batch, outputs, pieces, "x");
        BufferCheck.AtLeast(yLength, batch, outputs, "y");
    }
}
