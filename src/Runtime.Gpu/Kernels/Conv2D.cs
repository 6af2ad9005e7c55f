using System.ComponentModel;
using ILGPU;

namespace NetForge.Gpu.Kernels;

/// <summary>
/// The convolution's kernel bodies, directly over the input as PyTorch lays it out (no patch matrix): one thread an
/// output value, a weight's gradient, or an input's gradient, zero padding read as zeros. The activation's mask is
/// applied as each gradient reads the output's.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Conv2D
{
    /// <summary>Output value [s, f, oh, ow] for the thread of n · outputSize: the window's product, the bias, the activation.</summary>
    public static void Forward<TActivation>(Index1D thread, ArrayView<float> x, ArrayView<float> w, ArrayView<float> b, ArrayView<float> y, ConvShape shape, TActivation activation)
        where TActivation : struct, Cpu.IActivation
    {
        int index = thread;
        y[index] = activation.Forward(b[index / (shape.OutputHeight * shape.OutputWidth) % shape.Filters] + Window(index, x, w, shape));
    }

    /// <summary>Output value [s, f, oh, ow] of a convolution without a bias.</summary>
    public static void Forward<TActivation>(Index1D thread, ArrayView<float> x, ArrayView<float> w, ArrayView<float> y, ConvShape shape, TActivation activation)
        where TActivation : struct, Cpu.IActivation
    {
        int index = thread;
        y[index] = activation.Forward(Window(index, x, w, shape));
    }

    private static float Window(int index, ArrayView<float> x, ArrayView<float> w, ConvShape shape)
    {
        var outputPlane = shape.OutputHeight * shape.OutputWidth;
        var sample = index / shape.OutputSize;
        var filter = index / outputPlane % shape.Filters;
        var position = index % outputPlane;
        var top = position / shape.OutputWidth * shape.Stride - shape.Padding;
        var left = position % shape.OutputWidth * shape.Stride - shape.Padding;
        var sum = 0f;
        for (var c = 0; c < shape.Channels; c++)
        {
            var plane = (sample * shape.Channels + c) * shape.Height;
            var weights = (filter * shape.Channels + c) * shape.KernelHeight;
            for (var i = 0; i < shape.KernelHeight; i++)
            {
                var row = top + i;
                if (row < 0 || row >= shape.Height)
                    continue;
                for (var j = 0; j < shape.KernelWidth; j++)
                {
                    var column = left + j;
                    if (column >= 0 && column < shape.Width)
                        sum += x[(plane + row) * shape.Width + column] * w[(weights + i) * shape.KernelWidth + j];
                }
            }
        }
        return sum;
    }

    /// <summary>
    /// One sample's share of a weight's gradient, or a bias's, for the thread of n · filters · (filterSize + 1), the last
    /// of each filter's row its bias (none without one): Σ over the sample's output positions of dz · the input value the
    /// weight met, dz = dy · act′(y), into <paramref name="partials"/> [n, filters · (filterSize + 1)]. Sharing the sum
    /// out by sample keeps a GPU's threads busy where a filter has few weights and many positions (LeNet-5's first
    /// layer: 156 values, each a sum over 784 positions of every sample).
    /// </summary>
    public static void WeightPartials<TActivation>(
        Index1D thread, ArrayView<float> x, ArrayView<float> y, ArrayView<float> dy, ArrayView<float> partials, int hasBias, ConvShape shape, TActivation activation)
        where TActivation : struct, Cpu.IActivation
    {
        int index = thread;
        var row = shape.FilterSize + hasBias;
        var values = shape.Filters * row;
        var sample = index / values;
        var filter = index % values / row;
        var tap = index % row;
        partials[index] = tap == shape.FilterSize
            ? BiasSum(sample, filter, y, dy, shape, activation)
            : TapSum(sample, filter, tap, x, y, dy, shape, activation);
    }

    /// <summary>The thread's weight's or bias's gradient: its partial sums over the <paramref name="n"/> samples, in sample order.</summary>
    public static void SumPartials(Index1D thread, ArrayView<float> partials, ArrayView<float> dw, ArrayView<float> db, int n, int hasBias, ConvShape shape)
    {
        int index = thread;
        var row = shape.FilterSize + hasBias;
        var values = shape.Filters * row;
        var sum = 0f;
        for (var s = 0; s < n; s++)
            sum += partials[s * values + index];
        var tap = index % row;
        if (tap == shape.FilterSize)
            db[index / row] = sum;
        else
            dw[index / row * shape.FilterSize + tap] = sum;
    }

    private static float BiasSum<TActivation>(int s, int filter, ArrayView<float> y, ArrayView<float> dy, ConvShape shape, TActivation activation)
        where TActivation : struct, Cpu.IActivation
    {
        var outputPlane = shape.OutputHeight * shape.OutputWidth;
        var start = (s * shape.Filters + filter) * outputPlane;
        var sum = 0f;
        for (var p = 0; p < outputPlane; p++)
            sum += dy[start + p] * activation.Derivative(y[start + p]);
        return sum;
    }

    private static float TapSum<TActivation>(int s, int filter, int tap, ArrayView<float> x, ArrayView<float> y, ArrayView<float> dy, ConvShape shape, TActivation activation)
        where TActivation : struct, Cpu.IActivation
    {
        var kernelPlane = shape.KernelHeight * shape.KernelWidth;
        var channel = tap / kernelPlane;
        var i = tap % kernelPlane / shape.KernelWidth;
        var j = tap % shape.KernelWidth;
        var outputPlane = shape.OutputHeight * shape.OutputWidth;
        var sum = 0f;
        var outputs = (s * shape.Filters + filter) * outputPlane;
        var plane = (s * shape.Channels + channel) * shape.Height;
        for (var oh = 0; oh < shape.OutputHeight; oh++)
        {
            var row = oh * shape.Stride - shape.Padding + i;
            if (row < 0 || row >= shape.Height)
                continue;
            for (var ow = 0; ow < shape.OutputWidth; ow++)
            {
                var column = ow * shape.Stride - shape.Padding + j;
                if (column < 0 || column >= shape.Width)
                    continue;
                var o = outputs + oh * shape.OutputWidth + ow;
                sum += dy[o] * activation.Derivative(y[o]) * x[(plane + row) * shape.Width + column];
            }
        }
        return sum;
    }

    /// <summary>
    /// Input gradient value [s, c, ih, iw] for the thread of n · inputSize: Σ over the filters and the taps whose window
    /// covers it of dz · the weight, dz = dy · act′(y).
    /// </summary>
    public static void InputGradient<TActivation>(
        Index1D thread, ArrayView<float> w, ArrayView<float> y, ArrayView<float> dy, ArrayView<float> dx, ConvShape shape, TActivation activation)
        where TActivation : struct, Cpu.IActivation
    {
        int index = thread;
        var sample = index / shape.InputSize;
        var channel = index / (shape.Height * shape.Width) % shape.Channels;
        var row = index / shape.Width % shape.Height;
        var column = index % shape.Width;
        var outputPlane = shape.OutputHeight * shape.OutputWidth;
        var sum = 0f;
        for (var f = 0; f < shape.Filters; f++)
        {
            var outputs = (sample * shape.Filters + f) * outputPlane;
            var weights = (f * shape.Channels + channel) * shape.KernelHeight;
            for (var i = 0; i < shape.KernelHeight; i++)
            {
                var shifted = row + shape.Padding - i;
                if (shifted < 0 || shifted % shape.Stride != 0 || shifted / shape.Stride >= shape.OutputHeight)
                    continue;
                var oh = shifted / shape.Stride;
                for (var j = 0; j < shape.KernelWidth; j++)
                {
                    var across = column + shape.Padding - j;
                    if (across < 0 || across % shape.Stride != 0 || across / shape.Stride >= shape.OutputWidth)
                        continue;
                    var o = outputs + oh * shape.OutputWidth + across / shape.Stride;
                    sum += dy[o] * activation.Derivative(y[o]) * w[(weights + i) * shape.KernelWidth + j];
                }
            }
        }
        dx[index] = sum;
    }
}
