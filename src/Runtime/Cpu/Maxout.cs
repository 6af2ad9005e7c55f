using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetForge.Cpu;

/// <summary>
/// Maxout over flat samples: each output is the largest of a group of consecutive inputs,
/// y[b, j] = maxₖ x[b, j·pieces + k], as PyTorch's x.view(batch, outputs, pieces).max(-1). Buffers may be longer
/// than the sizes need; the extra values are left alone. Single-threaded; allocates nothing.
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
    public static void Forward(ReadOnlySpan<float> x, Span<float> y, int batch, int outputs, int pieces)
    {
        Check(x.Length, y.Length, batch, outputs, pieces);
        ref var x0 = ref MemoryMarshal.GetReference(x);
        ref var y0 = ref MemoryMarshal.GetReference(y);
        nint groups = (nint)batch * outputs;
        for (nint g = 0; g < groups; g++)
        {
            ref var group = ref Unsafe.Add(ref x0, g * pieces);
            var largest = group;

            // Selecting rather than branching: which piece is largest is as unpredictable as the data.
            for (nint k = 1; k < pieces; k++)
                largest = ScalarOps.Larger(Unsafe.Add(ref group, k), largest);
            Unsafe.Add(ref y0, g) = largest;
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
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int batch, int outputs, int pieces)
    {
        Check(x.Length, y.Length, batch, outputs, pieces);
        BufferCheck.AtLeast(dy.Length, batch, outputs, nameof(dy));
        BufferCheck.AtLeast(dx.Length, batch, outputs, pieces, nameof(dx));
        ref var x0 = ref MemoryMarshal.GetReference(x);
        ref var y0 = ref MemoryMarshal.GetReference(y);
        ref var d0 = ref MemoryMarshal.GetReference(dy);
        ref var g0 = ref MemoryMarshal.GetReference(dx);
        nint groups = (nint)batch * outputs;
        for (nint g = 0; g < groups; g++)
        {
            ref var group = ref Unsafe.Add(ref x0, g * pieces);
            ref var gradient = ref Unsafe.Add(ref g0, g * pieces);
            var largest = Unsafe.Add(ref y0, g);

            // Scanning from the last piece, the last match seen is the first one. The match moves the winner by
            // masking, not by a branch: where the maximum is is as unpredictable as the data.
            var winner = (nint)pieces;
            for (var k = (nint)pieces - 1; k >= 0; k--)
            {
                Unsafe.Add(ref gradient, k) = 0f;
                nint match = Unsafe.Add(ref group, k) == largest ? 1 : 0;
                winner += (k - winner) & -match;
            }

            if (winner < pieces)
                Unsafe.Add(ref gradient, winner) = Unsafe.Add(ref d0, g);
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
