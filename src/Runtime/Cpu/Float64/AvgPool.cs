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
    /// <inheritdoc cref="NetForge.Cpu.AvgPool.Forward"/>
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

    /// <inheritdoc cref="NetForge.Cpu.AvgPool.Backward"/>
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
