using System.ComponentModel;
using ILGPU;

namespace NetForge.Gpu.Kernels;

/// <summary>Max and average pooling, one thread an output value forward and an input value backward.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Pooling
{
    /// <summary>The largest value of output [s, c, oh, ow]'s window.</summary>
    public static void MaxForward(Index1D thread, ArrayView<float> x, ArrayView<float> y, PoolShape shape)
    {
        int index = thread;
        var start = WindowStart(index / (shape.OutputHeight * shape.OutputWidth), index % (shape.OutputHeight * shape.OutputWidth), shape);
        var max = x[start];
        for (var i = 0; i < shape.Size; i++)
        {
            for (var j = 0; j < shape.Size; j++)
                max = MathF.Max(max, x[start + i * shape.Width + j]);
        }
        y[index] = max;
    }

    /// <summary>The mean of output [s, c, oh, ow]'s window.</summary>
    public static void AvgForward(Index1D thread, ArrayView<float> x, ArrayView<float> y, PoolShape shape)
    {
        int index = thread;
        var start = WindowStart(index / (shape.OutputHeight * shape.OutputWidth), index % (shape.OutputHeight * shape.OutputWidth), shape);
        var sum = 0f;
        for (var i = 0; i < shape.Size; i++)
        {
            for (var j = 0; j < shape.Size; j++)
                sum += x[start + i * shape.Width + j];
        }
        y[index] = sum * (1f / (shape.Size * shape.Size));
    }

    // The first value of the window of output position `position` of plane `plane` (sample · channels + channel).
    private static int WindowStart(int plane, int position, PoolShape shape) =>
        (plane * shape.Height + position / shape.OutputWidth * shape.Stride) * shape.Width + position % shape.OutputWidth * shape.Stride;

    /// <summary>
    /// Input gradient [s, c, ih, iw]: the output gradients of the windows whose maximum it is, the first of equal values
    /// in row-major order taking it, as on the CPU.
    /// </summary>
    public static void MaxBackward(Index1D thread, ArrayView<float> x, ArrayView<float> dy, ArrayView<float> dx, PoolShape shape)
    {
        int index = thread;
        var plane = index / (shape.Height * shape.Width);
        var row = index / shape.Width % shape.Height;
        var column = index % shape.Width;
        var sum = 0f;
        for (var oh = First(row, shape); oh <= Last(row, shape.OutputHeight, shape); oh++)
        {
            for (var ow = First(column, shape); ow <= Last(column, shape.OutputWidth, shape); ow++)
            {
                var start = WindowStart(plane, oh * shape.OutputWidth + ow, shape);
                var best = start;
                for (var i = 0; i < shape.Size; i++)
                {
                    for (var j = 0; j < shape.Size; j++)
                    {
                        var at = start + i * shape.Width + j;
                        if (x[at] > x[best])
                            best = at;
                    }
                }
                if (best == index)
                    sum += dy[(plane * shape.OutputHeight + oh) * shape.OutputWidth + ow];
            }
        }
        dx[index] = sum;
    }

    /// <summary>Input gradient [s, c, ih, iw]: its windows' output gradients, each divided by the window's size.</summary>
    public static void AvgBackward(Index1D thread, ArrayView<float> dy, ArrayView<float> dx, PoolShape shape)
    {
        int index = thread;
        var plane = index / (shape.Height * shape.Width);
        var row = index / shape.Width % shape.Height;
        var column = index % shape.Width;
        var sum = 0f;
        for (var oh = First(row, shape); oh <= Last(row, shape.OutputHeight, shape); oh++)
        {
            for (var ow = First(column, shape); ow <= Last(column, shape.OutputWidth, shape); ow++)
                sum += dy[(plane * shape.OutputHeight + oh) * shape.OutputWidth + ow];
        }
        dx[index] = sum * (1f / (shape.Size * shape.Size));
    }

    // The first window along one axis that covers position p: the least o with o·stride + size > p.
    private static int First(int p, PoolShape shape) => p < shape.Size ? 0 : (p - shape.Size) / shape.Stride + 1;

    // The last window along one axis that covers position p, within the axis's windows.
    private static int Last(int p, int windows, PoolShape shape) => Math.Min(p / shape.Stride, windows - 1);
}
