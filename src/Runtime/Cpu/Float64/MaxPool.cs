using System.ComponentModel;

namespace NetForge.Cpu.Float64;

/// <summary>
/// The float64 counterpart of <see cref="NetForge.Cpu.MaxPool"/>: max pooling over each channel of
/// [batch, channels, height, width] tensors, y[b, c, oh, ow] the largest of the Size × Size inputs from
/// (oh·Stride, ow·Stride). Buffers may be longer than the sizes need; the extra values are left alone. Allocates nothing.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class MaxPool
{
    /// <summary>Computes the maximum of every window.</summary>
    /// <param name="x">Inputs, [batch, channels, height, width].</param>
    /// <param name="y">Receives the maxima, [batch, channels, output height, output width].</param>
    /// <param name="batch">The number of samples.</param>
    /// <param name="shape">The layer's sizes.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batch"/> is negative.</exception>
    /// <exception cref="ArgumentException">A buffer is too short for the sizes, or the shape is <c>default</c>.</exception>
    public static void Forward(ReadOnlySpan<double> x, Span<double> y, int batch, PoolShape shape)
    {
        Pooling.Check(x.Length, y.Length, batch, shape);
        var output = 0;
        for (var plane = 0; plane < batch * shape.Channels; plane++)
        {
            var input = x.Slice(plane * shape.Height * shape.Width, shape.Height * shape.Width);
            for (var oh = 0; oh < shape.OutputHeight; oh++)
            {
                for (var ow = 0; ow < shape.OutputWidth; ow++)
                {
                    var winner = ArgMax(input, shape, oh, ow);
                    Kinks.Note(winner);
                    y[output++] = input[winner];
                }
            }
        }
    }

    /// <summary>
    /// Routes each output's gradient to the input that was its window's maximum (the first one, in row-major order
    /// within the window, on ties), adding where overlapping windows share it. Inputs that are no window's maximum,
    /// including those no window covers, get zero. <paramref name="dx"/> is overwritten.
    /// </summary>
    /// <param name="x">The inputs of the forward pass, [batch, channels, height, width].</param>
    /// <param name="y">
    /// The outputs of the forward pass, [batch, channels, output height, output width]; its length is checked, but the
    /// maxima are found again in <paramref name="x"/>, so that ties resolve exactly as described whatever y holds.
    /// </param>
    /// <param name="dy">The gradient with respect to y.</param>
    /// <param name="dx">Receives the gradient with respect to x.</param>
    /// <param name="batch">The number of samples.</param>
    /// <param name="shape">The layer's sizes.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batch"/> is negative.</exception>
    /// <exception cref="ArgumentException">A buffer is too short for the sizes, or the shape is <c>default</c>.</exception>
    public static void Backward(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dx, int batch, PoolShape shape)
    {
        Pooling.Check(x.Length, y.Length, batch, shape);
        BufferCheck.AtLeast(dy.Length, batch, shape.OutputSize, nameof(dy));
        BufferCheck.AtLeast(dx.Length, batch, shape.InputSize, nameof(dx));
        var planeSize = shape.Height * shape.Width;
        dx[..(batch * shape.InputSize)].Clear();
        var output = 0;
        for (var plane = 0; plane < batch * shape.Channels; plane++)
        {
            var input = x.Slice(plane * planeSize, planeSize);
            var gradient = dx.Slice(plane * planeSize, planeSize);
            for (var oh = 0; oh < shape.OutputHeight; oh++)
            {
                for (var ow = 0; ow < shape.OutputWidth; ow++)
                    gradient[ArgMax(input, shape, oh, ow)] += dy[output++];
            }
        }
    }

    /// <summary>Where in its plane the largest input of window (oh, ow) is; only a strictly larger value replaces the best so far, so ties go to the first.</summary>
    private static int ArgMax(ReadOnlySpan<double> plane, PoolShape shape, int oh, int ow)
    {
        var best = oh * shape.Stride * shape.Width + ow * shape.Stride;
        for (var i = 0; i < shape.Size; i++)
        {
            for (var j = 0; j < shape.Size; j++)
            {
                var index = (oh * shape.Stride + i) * shape.Width + ow * shape.Stride + j;
                if (plane[index] > plane[best])
                    best = index;
            }
        }

        return best;
    }
}
