using System.ComponentModel;

namespace NetForge.Cpu.Float64;

/// <summary>
/// The float64 counterpart of <see cref="NetForge.Cpu.BatchNorm"/>: batch normalisation with a fused activation, with
/// PyTorch's semantics. Tensors are [batch, channels, spatial], row-major; each channel is normalised by statistics
/// over its batch·spatial values, M in all, then scaled by weight[c] and shifted by bias[c]. Buffers may be longer
/// than the sizes need; the extra values are left alone. Allocates nothing.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class BatchNorm
{
    /// <inheritdoc cref="NetForge.Cpu.BatchNorm.ForwardTraining"/>
    public static void ForwardTraining<TAct>(ReadOnlySpan<double> x, ReadOnlySpan<double> weight, ReadOnlySpan<double> bias,
        Span<double> runningMean, Span<double> runningVar, Span<double> y, Span<double> mean, Span<double> inverseStd,
        int batch, int channels, int spatial, double momentum, double epsilon, TAct activation)
        where TAct : struct, IActivation
    {
        NetForge.Cpu.BatchNorm.CheckSizes(batch, channels, spatial);
        if (!(momentum >= 0.0 && momentum <= 1.0))
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "The momentum must be in [0, 1].");
        CheckEpsilon(epsilon);
        NetForge.Cpu.BatchNorm.CheckTraining(x.Length, weight.Length, bias.Length, runningMean.Length, runningVar.Length, y.Length, mean.Length, inverseStd.Length, batch, channels, spatial);

        double count = (long)batch * spatial;
        for (var c = 0; c < channels; c++)
        {
            var sum = 0.0;
            for (var b = 0; b < batch; b++)
            {
                foreach (var value in Plane(x, b, c, channels, spatial))
                    sum += value;
            }

            var mu = sum / count;
            var squares = 0.0;
            for (var b = 0; b < batch; b++)
            {
                foreach (var value in Plane(x, b, c, channels, spatial))
                    squares += (value - mu) * (value - mu);
            }

            var inverse = 1.0 / Math.Sqrt(squares / count + epsilon);
            mean[c] = mu;
            inverseStd[c] = inverse;
            runningMean[c] = (1.0 - momentum) * runningMean[c] + momentum * mu;
            runningVar[c] = (1.0 - momentum) * runningVar[c] + momentum * (squares / (count - 1));
            for (var b = 0; b < batch; b++)
                Normalise(x, y, b, c, channels, spatial, mu, weight[c] * inverse, bias[c], activation);
        }
    }

    /// <inheritdoc cref="NetForge.Cpu.BatchNorm.ForwardInference"/>
    public static void ForwardInference<TAct>(ReadOnlySpan<double> x, ReadOnlySpan<double> weight, ReadOnlySpan<double> bias,
        ReadOnlySpan<double> runningMean, ReadOnlySpan<double> runningVar, Span<double> y,
        int batch, int channels, int spatial, double epsilon, TAct activation)
        where TAct : struct, IActivation
    {
        NetForge.Cpu.BatchNorm.CheckSizes(batch, channels, spatial);
        CheckEpsilon(epsilon);
        NetForge.Cpu.BatchNorm.CheckInference(x.Length, weight.Length, bias.Length, runningMean.Length, runningVar.Length, y.Length, batch, channels, spatial);
        for (var c = 0; c < channels; c++)
        {
            var scale = weight[c] / Math.Sqrt(runningVar[c] + epsilon);
            for (var b = 0; b < batch; b++)
                Normalise(x, y, b, c, channels, spatial, runningMean[c], scale, bias[c], activation);
        }
    }

    /// <inheritdoc cref="NetForge.Cpu.BatchNorm.Backward"/>
    public static void Backward<TAct>(ReadOnlySpan<double> x, ReadOnlySpan<double> weight, ReadOnlySpan<double> y, ReadOnlySpan<double> mean, ReadOnlySpan<double> inverseStd,
        Span<double> dy, Span<double> dWeight, Span<double> dBias, Span<double> dx,
        int batch, int channels, int spatial, TAct activation)
        where TAct : struct, IActivation
    {
        NetForge.Cpu.BatchNorm.CheckBackward(x.Length, weight.Length, y.Length, dy.Length, mean.Length, inverseStd.Length, dWeight.Length, dBias.Length, batch, channels, spatial);
        var length = batch * channels * spatial;
        if (!dx.IsEmpty)
        {
            BufferCheck.AtLeast(dx.Length, batch, channels, spatial, nameof(dx));
            var used = dx[..length];
            if (used.Overlaps(dy[..length]) || used.Overlaps(x[..length]))
                throw new ArgumentException("Buffer 'dx' must not overlap 'dy' or 'x': the input gradient is written while both are still read.", nameof(dx));
        }

        for (var i = 0; i < length; i++)
            dy[i] *= activation.Derivative(y[i]);

        double count = (long)batch * spatial;
        for (var c = 0; c < channels; c++)
        {
            var sumDy = 0.0;
            var sumDyCentred = 0.0;
            for (var b = 0; b < batch; b++)
            {
                var start = (b * channels + c) * spatial;
                for (var i = start; i < start + spatial; i++)
                {
                    sumDy += dy[i];
                    sumDyCentred += dy[i] * (x[i] - mean[c]);
                }
            }

            var inverse = inverseStd[c];
            if (!dBias.IsEmpty)
                dBias[c] = sumDy;
            if (!dWeight.IsEmpty)
                dWeight[c] = sumDyCentred * inverse;
            if (dx.IsEmpty)
                continue;

            // x̂·dWeight/M = (x − mean)·inverseStd²·Σdy·(x − mean)/M.
            var scale = weight[c] * inverse;
            var meanDy = sumDy / count;
            var slope = sumDyCentred * inverse * inverse / count;
            for (var b = 0; b < batch; b++)
            {
                var start = (b * channels + c) * spatial;
                for (var i = start; i < start + spatial; i++)
                    dx[i] = scale * (dy[i] - meanDy - (x[i] - mean[c]) * slope);
            }
        }
    }

    /// <summary>The values of channel <paramref name="c"/> of sample <paramref name="b"/>.</summary>
    private static ReadOnlySpan<double> Plane(ReadOnlySpan<double> x, int b, int c, int channels, int spatial) =>
        x.Slice((b * channels + c) * spatial, spatial);

    /// <summary>y = act((x − center)·scale + offset) over one plane; y may be x itself.</summary>
    private static void Normalise<TAct>(ReadOnlySpan<double> x, Span<double> y, int b, int c, int channels, int spatial,
        double center, double scale, double offset, TAct activation)
        where TAct : struct, IActivation
    {
        var start = (b * channels + c) * spatial;
        for (var i = start; i < start + spatial; i++)
            y[i] = activation.Forward((x[i] - center) * scale + offset);
    }

    private static void CheckEpsilon(double epsilon)
    {
        if (!(epsilon >= 0.0) || double.IsInfinity(epsilon))
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "Epsilon must be zero or positive, and finite.");
    }
}
