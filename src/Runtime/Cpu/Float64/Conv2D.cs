using System.ComponentModel;

namespace NetForge.Cpu.Float64;

/// <summary>
/// The float64 counterpart of <see cref="NetForge.Cpu.Conv2D"/>:
/// y[b, f, oh, ow] = act(bias[f] + Σ_{c, ki, kj} w[f, c, ki, kj] · x[b, c, oh·S + ki − P, ow·S + kj − P]), where
/// inputs outside the image read as zero. x is [batch, channels, height, width], the weight
/// [filters, channels, kernel height, kernel width], y [batch, filters, OH, OW], row-major. Buffers may be longer than
/// the sizes need; the extra values are left alone. Direct loops in double, for gradient checks; allocates nothing.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Conv2D
{
    /// <inheritdoc cref="NetForge.Cpu.Conv2D.ForwardMaxPooled"/>
    public static void ForwardMaxPooled<TAct>(ReadOnlySpan<double> x, ReadOnlySpan<double> weight, ReadOnlySpan<double> bias, Span<double> activated,
        Span<double> y, int batch, ConvShape shape, TAct activation, PoolShape pool)
        where TAct : struct, IActivation =>
        ForwardPooled(x, weight, bias, activated, y, batch, shape, activation, pool, max: true);

    /// <inheritdoc cref="NetForge.Cpu.Conv2D.ForwardAvgPooled"/>
    public static void ForwardAvgPooled<TAct>(ReadOnlySpan<double> x, ReadOnlySpan<double> weight, ReadOnlySpan<double> bias, Span<double> activated,
        Span<double> y, int batch, ConvShape shape, TAct activation, PoolShape pool)
        where TAct : struct, IActivation =>
        ForwardPooled(x, weight, bias, activated, y, batch, shape, activation, pool, max: false);

    /// <inheritdoc cref="NetForge.Cpu.Conv2D.BackwardMaxPooled"/>
    public static void BackwardMaxPooled<TAct>(ReadOnlySpan<double> x, ReadOnlySpan<double> weight, ReadOnlySpan<double> activated, ReadOnlySpan<double> dy,
        Span<double> dActivated, Span<double> dWeight, Span<double> dBias, Span<double> dx, int batch, ConvShape shape, TAct activation, PoolShape pool)
        where TAct : struct, IActivation =>
        BackwardPooled(x, weight, activated, dy, dActivated, dWeight, dBias, dx, batch, shape, activation, pool, max: true);

    /// <inheritdoc cref="NetForge.Cpu.Conv2D.BackwardAvgPooled"/>
    public static void BackwardAvgPooled<TAct>(ReadOnlySpan<double> x, ReadOnlySpan<double> weight, ReadOnlySpan<double> activated, ReadOnlySpan<double> dy,
        Span<double> dActivated, Span<double> dWeight, Span<double> dBias, Span<double> dx, int batch, ConvShape shape, TAct activation, PoolShape pool)
        where TAct : struct, IActivation =>
        BackwardPooled(x, weight, activated, dy, dActivated, dWeight, dBias, dx, batch, shape, activation, pool, max: false);

    // The two layers' reference kernels one after the other.
    private static void ForwardPooled<TAct>(ReadOnlySpan<double> x, ReadOnlySpan<double> weight, ReadOnlySpan<double> bias, Span<double> activated,
        Span<double> y, int batch, ConvShape shape, TAct activation, PoolShape pool, bool max)
        where TAct : struct, IActivation
    {
        NetForge.Cpu.Conv2D.CheckPooling(activated.Length, y.Length, batch, shape, pool);
        Forward(x, weight, bias, activated, batch, shape, activation);
        if (max)
            MaxPool.Forward(activated, y, batch, pool);
        else
            AvgPool.Forward(activated, y, batch, pool);
    }

    private static void BackwardPooled<TAct>(ReadOnlySpan<double> x, ReadOnlySpan<double> weight, ReadOnlySpan<double> activated, ReadOnlySpan<double> dy,
        Span<double> dActivated, Span<double> dWeight, Span<double> dBias, Span<double> dx, int batch, ConvShape shape, TAct activation, PoolShape pool, bool max)
        where TAct : struct, IActivation
    {
        NetForge.Cpu.Conv2D.CheckPooling(activated.Length, dy.Length, batch, shape, pool);
        // The max pooling's backward finds the maxima again in its input; of its outputs it checks only the length.
        if (max)
            MaxPool.Backward(activated, dy, dy, dActivated, batch, pool);
        else
            AvgPool.Backward(dy, dActivated, batch, pool);
        Backward(x, weight, activated, dActivated, dWeight, dBias, dx, batch, shape, activation);
    }

    /// <inheritdoc cref="NetForge.Cpu.Conv2D.Forward"/>
    public static void Forward<TAct>(ReadOnlySpan<double> x, ReadOnlySpan<double> weight, ReadOnlySpan<double> bias, Span<double> y,
        int batch, ConvShape shape, TAct activation)
        where TAct : struct, IActivation
    {
        NetForge.Cpu.Conv2D.CheckForward(x.Length, weight.Length, bias.Length, y.Length, batch, shape);
        var output = 0;
        for (var b = 0; b < batch; b++)
        {
            for (var f = 0; f < shape.Filters; f++)
            {
                for (var oh = 0; oh < shape.OutputHeight; oh++)
                {
                    for (var ow = 0; ow < shape.OutputWidth; ow++)
                    {
                        var sum = bias.IsEmpty ? 0.0 : bias[f];
                        for (var c = 0; c < shape.Channels; c++)
                        {
                            for (var ki = 0; ki < shape.KernelHeight; ki++)
                            {
                                var ih = oh * shape.Stride + ki - shape.Padding;
                                if ((uint)ih >= (uint)shape.Height)
                                    continue;
                                for (var kj = 0; kj < shape.KernelWidth; kj++)
                                {
                                    var iw = ow * shape.Stride + kj - shape.Padding;
                                    if ((uint)iw < (uint)shape.Width)
                                        sum += weight[Tap(shape, f, c, ki, kj)] * x[Pixel(shape, b, c, ih, iw)];
                                }
                            }
                        }

                        y[output++] = activation.Forward(sum);
                    }
                }
            }
        }
    }

    /// <inheritdoc cref="NetForge.Cpu.Conv2D.Backward"/>
    public static void Backward<TAct>(ReadOnlySpan<double> x, ReadOnlySpan<double> weight, ReadOnlySpan<double> y, Span<double> dy,
        Span<double> dWeight, Span<double> dBias, Span<double> dx, int batch, ConvShape shape, TAct activation)
        where TAct : struct, IActivation
    {
        NetForge.Cpu.Conv2D.CheckBackward(x.Length, weight.Length, y.Length, dy.Length, dWeight.Length, dBias.Length, dx.Length, batch, shape);

        for (var i = 0; i < batch * shape.OutputSize; i++)
            dy[i] *= activation.Derivative(y[i]);
        if (!dWeight.IsEmpty)
            dWeight[..shape.WeightSize].Clear();
        if (!dBias.IsEmpty)
            dBias[..shape.Filters].Clear();
        if (!dx.IsEmpty)
            dx[..(batch * shape.InputSize)].Clear();

        // Scattering each output's gradient over the taps that made it visits exactly the (output, tap) pairs of the
        // forward pass, so stride and padding need no separate reasoning.
        var output = 0;
        for (var b = 0; b < batch; b++)
        {
            for (var f = 0; f < shape.Filters; f++)
            {
                for (var oh = 0; oh < shape.OutputHeight; oh++)
                {
                    for (var ow = 0; ow < shape.OutputWidth; ow++)
                    {
                        var gradient = dy[output++];
                        if (!dBias.IsEmpty)
                            dBias[f] += gradient;
                        for (var c = 0; c < shape.Channels; c++)
                        {
                            for (var ki = 0; ki < shape.KernelHeight; ki++)
                            {
                                var ih = oh * shape.Stride + ki - shape.Padding;
                                if ((uint)ih >= (uint)shape.Height)
                                    continue;
                                for (var kj = 0; kj < shape.KernelWidth; kj++)
                                {
                                    var iw = ow * shape.Stride + kj - shape.Padding;
                                    if ((uint)iw >= (uint)shape.Width)
                                        continue;
                                    var tap = Tap(shape, f, c, ki, kj);
                                    var pixel = Pixel(shape, b, c, ih, iw);
                                    if (!dWeight.IsEmpty)
                                        dWeight[tap] += gradient * x[pixel];
                                    if (!dx.IsEmpty)
                                        dx[pixel] += gradient * weight[tap];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private static int Tap(ConvShape shape, int f, int c, int ki, int kj) => ((f * shape.Channels + c) * shape.KernelHeight + ki) * shape.KernelWidth + kj;

    private static int Pixel(ConvShape shape, int b, int c, int ih, int iw) => ((b * shape.Channels + c) * shape.Height + ih) * shape.Width + iw;
}
