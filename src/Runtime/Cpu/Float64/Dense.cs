using System.ComponentModel;

namespace NetForge.Cpu.Float64;

/// <summary>
/// The float64 counterpart of <see cref="NetForge.Cpu.Dense"/>: y[b, o] = act(Σᵢ x[b, i]·w[o, i] + bias[o]), with x
/// [batch, inputs], the weight [outputs, inputs] and y [batch, outputs], row-major. Buffers may be longer than the
/// sizes need; the extra values are left alone. Plain loops in double, for gradient checks; allocates nothing.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Dense
{
    /// <inheritdoc cref="NetForge.Cpu.Dense.Forward"/>
    public static void Forward<TAct>(ReadOnlySpan<double> x, ReadOnlySpan<double> weight, ReadOnlySpan<double> bias, Span<double> y,
        int batch, int inputs, int outputs, TAct activation)
        where TAct : struct, IActivation
    {
        NetForge.Cpu.Dense.CheckForward(x.Length, weight.Length, bias.Length, y.Length, batch, inputs, outputs);
        for (var b = 0; b < batch; b++)
        {
            var row = x.Slice(b * inputs, inputs);
            for (var o = 0; o < outputs; o++)
            {
                var sum = bias.IsEmpty ? 0.0 : bias[o];
                var w = weight.Slice(o * inputs, inputs);
                for (var i = 0; i < inputs; i++)
                    sum += row[i] * w[i];
                y[b * outputs + o] = activation.Forward(sum);
            }
        }
    }

    /// <inheritdoc cref="NetForge.Cpu.Dense.Backward"/>
    public static void Backward<TAct>(ReadOnlySpan<double> x, ReadOnlySpan<double> weight, ReadOnlySpan<double> y, Span<double> dy,
        Span<double> dWeight, Span<double> dBias, Span<double> dx, int batch, int inputs, int outputs, TAct activation)
        where TAct : struct, IActivation
    {
        NetForge.Cpu.Dense.CheckBackward(x.Length, weight.Length, y.Length, dy.Length, dWeight.Length, dBias.Length, dx.Length, batch, inputs, outputs);

        for (var i = 0; i < batch * outputs; i++)
            dy[i] *= activation.Derivative(y[i]);

        if (!dBias.IsEmpty)
        {
            for (var o = 0; o < outputs; o++)
            {
                var sum = 0.0;
                for (var b = 0; b < batch; b++)
                    sum += dy[b * outputs + o];
                dBias[o] = sum;
            }
        }

        if (!dWeight.IsEmpty)
        {
            for (var o = 0; o < outputs; o++)
            {
                for (var i = 0; i < inputs; i++)
                {
                    var sum = 0.0;
                    for (var b = 0; b < batch; b++)
                        sum += dy[b * outputs + o] * x[b * inputs + i];
                    dWeight[o * inputs + i] = sum;
                }
            }
        }

        if (!dx.IsEmpty)
        {
            for (var b = 0; b < batch; b++)
            {
                for (var i = 0; i < inputs; i++)
                {
                    var sum = 0.0;
                    for (var o = 0; o < outputs; o++)
                        sum += dy[b * outputs + o] * weight[o * inputs + i];
                    dx[b * inputs + i] = sum;
                }
            }
        }
    }
}
