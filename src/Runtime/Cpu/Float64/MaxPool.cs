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
    /// <inheritdoc cref="NetForge.Cpu.MaxPool.Forward"/>
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

    /// <inheritdoc cref="NetForge.Cpu.MaxPool.Backward"/>
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
