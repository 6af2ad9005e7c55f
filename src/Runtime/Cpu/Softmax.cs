using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetForge.Cpu;

/// <summary>A standalone softmax layer over each row of a [batch, size] buffer.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Softmax
{
    /// <summary>Computes y[b, j] = exp(x[b, j]) / Σₖ exp(x[b, k]).</summary>
    /// <param name="x">The inputs, [batch, size].</param>
    /// <param name="y">Receives the probabilities, [batch, size]. May be <paramref name="x"/> itself.</param>
    /// <param name="batch">The number of rows.</param>
    /// <param name="size">Values per row.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative.</exception>
    /// <exception cref="ArgumentException">A buffer is too short for the sizes.</exception>
    /// <remarks>The row maximum is subtracted before exponentiating, so large inputs cannot overflow.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(ReadOnlySpan<float> x, Span<float> y, int batch, int size)
    {
        BufferCheck.Size(batch, nameof(batch));
        BufferCheck.Size(size, nameof(size));
        BufferCheck.AtLeast(x.Length, batch, size, nameof(x));
        BufferCheck.AtLeast(y.Length, batch, size, nameof(y));
        for (var b = 0; b < batch; b++)
            Row(x.Slice(b * size, size), y.Slice(b * size, size));
    }

    /// <summary>Computes dx[j] = y[j]·(dy[j] − Σₖ dy[k]·y[k]) for each row.</summary>
    /// <param name="y">The probabilities of the forward pass, [batch, size].</param>
    /// <param name="dy">The gradient with respect to <paramref name="y"/>, [batch, size].</param>
    /// <param name="dx">Receives the gradient with respect to the input, [batch, size]. May be <paramref name="dy"/> itself.</param>
    /// <param name="batch">The number of rows.</param>
    /// <param name="size">Values per row.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative.</exception>
    /// <exception cref="ArgumentException">A buffer is too short for the sizes.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int batch, int size)
    {
        BufferCheck.Size(batch, nameof(batch));
        BufferCheck.Size(size, nameof(size));
        BufferCheck.AtLeast(y.Length, batch, size, nameof(y));
        BufferCheck.AtLeast(dy.Length, batch, size, nameof(dy));
        BufferCheck.AtLeast(dx.Length, batch, size, nameof(dx));
        for (var b = 0; b < batch; b++)
        {
            var yr = y.Slice(b * size, size);
            var dyr = dy.Slice(b * size, size);
            var dxr = dx.Slice(b * size, size);
            var dot = 0f;
            for (var j = 0; j < size; j++)
                dot += dyr[j] * yr[j];
            for (var j = 0; j < size; j++)
                dxr[j] = yr[j] * (dyr[j] - dot);
        }
    }

    /// <summary>The softmax of one row; <paramref name="y"/> may overlap <paramref name="x"/> exactly.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Row(ReadOnlySpan<float> x, Span<float> y)
    {
        if (x.IsEmpty)
            return;
        var max = Max(x);
        var sum = 0f;
        for (var j = 0; j < x.Length; j++)
        {
            var e = MathF.Exp(x[j] - max);
            y[j] = e;
            sum += e;
        }

        var scale = 1f / sum;
        for (var j = 0; j < y.Length; j++)
            y[j] *= scale;
    }

    /// <summary>The largest value of a non-empty row.</summary>
    internal static float Max(ReadOnlySpan<float> row)
    {
        var max = MemoryMarshal.GetReference(row);
        foreach (var value in row)
            max = MathF.Max(max, value);
        return max;
    }
}
