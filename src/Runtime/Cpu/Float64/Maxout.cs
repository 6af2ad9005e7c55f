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
    /// <summary>Computes the maximum of every group of pieces.</summary>
    /// <param name="x">Inputs, [batch, outputs·pieces].</param>
    /// <param name="y">Receives the maxima, [batch, outputs].</param>
    /// <param name="batch">The number of samples.</param>
    /// <param name="outputs">Outputs per sample.</param>
    /// <param name="pieces">Inputs per output; positive.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative, or <paramref name="pieces"/> is not positive.</exception>
    /// <exception cref="ArgumentException">A buffer is too short for the sizes.</exception>
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

    /// <summary>
    /// Routes each output's gradient to the first piece of its group whose input equals the output (the first
    /// maximum, so ties go to the lowest k); the group's other inputs get zero, and all of a group get zero if none
    /// equals its output. <paramref name="dx"/> is overwritten.
    /// </summary>
    /// <param name="x">The inputs of the forward pass, [batch, outputs·pieces].</param>
    /// <param name="y">The outputs of the forward pass, [batch, outputs].</param>
    /// <param name="dy">The gradient with respect to y, [batch, outputs].</param>
    /// <param name="dx">Receives the gradient with respect to x, [batch, outputs·pieces].</param>
    /// <param name="batch">The number of samples.</param>
    /// <param name="outputs">Outputs per sample.</param>
    /// <param name="pieces">Inputs per output; positive.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative, or <paramref name="pieces"/> is not positive.</exception>
    /// <exception cref="ArgumentException">A buffer is too short for the sizes.</exception>
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
