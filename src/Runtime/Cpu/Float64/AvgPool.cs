using System.ComponentModel;

namespace NetForge.Cpu.Float64;

/// <summary>
/// The float64 counterpart of <see cref="NetForge.Cpu.AvgPool"/>: average pooling over each channel of
/// [batch, channels, height, width] tensors, y[b, c, oh, ow] the mean of the Size × Size inputs from
/// (oh·Stride, ow·Stride). Buffers may be longer than the sizes need; the extra values are left alone. Allocates nothing.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class AvgPool
{
    /// <summary>Computes the mean of every window.</summary>
    /// <param name="x">Inputs, [batch, channels, height, width].</param>
    /// <param name="y">Receives the means, [batch, channels, output height, output width].</param>
    /// <param name="batch">The number of samples.</param>
    /// <param name="shape">The layer's sizes.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batch"/> is negative.</exception>
    /// <exception cref="ArgumentException">A buffer is too short for the sizes, or the shape is <c>default</c>.</exception>
    public static void Forward(ReadOnlySpan<double> x, Span<double> y, int batch, PoolShape shape)
    {
        Pooling.Check(x.Length, y.Length, batch, shape);
        var planeSize = shape.Height * shape.Width;
        var scale = 1.0 / (shape.Size * shape.Size);
        var output = 0;
        for (var plane = 0; plane < batch * shape.Channels; plane++)
        {
            var input = x.Slice(plane * planeSize, planeSize);
            for (var oh = 0; oh < shape.OutputHeight; oh++)
            {
                for (var ow = 0; ow < shape.OutputWidth; ow++)
                {
                    var sum = 0.0;
                    for (var i = 0; i < shape.Size; i++)
                    {
                        for (var j = 0; j < shape.Size; j++)
                            sum += input[(oh * shape.Stride + i) * shape.Width + ow * shape.Stride + j];
                    }

                    y[output++] = sum * scale;
                }
            }
        }
    }

    /// <summary>
    /// Spreads each output's gradient evenly over its window, adding where windows overlap; inputs no window covers
    /// get zero. <paramref name="dx"/> is overwritten.
    /// </summary>
    /// <param name="dy">The gradient with respect to the outputs, [batch, channels, output height, output width].</param>
    /// <param name="dx">Receives the gradient with respect to the inputs, [batch, channels, height, width].</param>
    /// <param name="batch">The number of samples.</param>
    /// <param name="shape">The layer's sizes.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batch"/> is negative.</exception>
    /// <exception cref="ArgumentException">A buffer is too short for the sizes, or the shape is <c>default</c>.</exception>
    public static void Backward(ReadOnlySpan<double> dy, Span<double> dx, int batch, PoolShape shape)
    {
        shape.CheckInitialised(nameof(shape));
        BufferCheck.Size(batch, nameof(batch));
        BufferCheck.AtLeast(dy.Length, batch, shape.OutputSize, nameof(dy));
        BufferCheck.AtLeast(dx.Length, batch, shape.InputSize, nameof(dx));
        var planeSize = shape.Height * shape.Width;
        var scale = 1.0 / (shape.Size * shape.Size);
        dx[..(batch * shape.InputSize)].Clear();
        var output = 0;
        for (var plane = 0; plane < batch * shape.Channels; plane++)
        {
            var gradient = dx.Slice(plane * planeSize, planeSize);
            for (var oh = 0; oh < shape.OutputHeight; oh++)
            {
                for (var ow = 0; ow < shape.OutputWidth; ow++)
                {
                    var share = dy[output++] * scale;
                    for (var i = 0; i < shape.Size; i++)
                    {
                        for (var j = 0; j < shape.Size; j++)
                            gradient[(oh * shape.Stride + i) * shape.Width + ow * shape.Stride + j] += share;
                    }
                }
            }
        }
    }
}
