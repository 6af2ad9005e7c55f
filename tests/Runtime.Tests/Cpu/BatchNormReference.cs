using System.Runtime.Intrinsics;
using NetForge.Cpu;

namespace NetForge.Runtime.Tests.Cpu;

/// <summary>
/// Batch normalisation in double, from the definition (PyTorch's formulas over [batch, channels, spatial] tensors),
/// and access to each vector width of the real kernels.
/// </summary>
internal static class BatchNormReference
{
    /// <summary>Each channel's mean and biased variance over its batch·spatial values.</summary>
    public static (double[] Mean, double[] Variance) Statistics(float[] x, int batch, int channels, int spatial)
    {
        var mean = new double[channels];
        var variance = new double[channels];
        var count = (double)batch * spatial;
        for (var c = 0; c < channels; c++)
        {
            var sum = 0.0;
            foreach (var i in Indices(batch, channels, spatial, c))
                sum += x[i];
            mean[c] = sum / count;
            var squares = 0.0;
            foreach (var i in Indices(batch, channels, spatial, c))
                squares += (x[i] - mean[c]) * (x[i] - mean[c]);
            variance[c] = squares / count;
        }

        return (mean, variance);
    }

    /// <summary>y = act(weight·(x − mean)/√(variance + epsilon) + bias), with the given statistics.</summary>
    public static double[] Normalise(float[] x, float[] weight, float[] bias, double[] mean, double[] variance, double epsilon,
        int batch, int channels, int spatial, Func<double, double> act)
    {
        var y = new double[batch * channels * spatial];
        for (var c = 0; c < channels; c++)
        {
            var inverseStd = 1 / Math.Sqrt(variance[c] + epsilon);
            foreach (var i in Indices(batch, channels, spatial, c))
                y[i] = act(weight[c] * (x[i] - mean[c]) * inverseStd + bias[c]);
        }

        return y;
    }

    /// <summary>The training forward: normalised with the batch's own statistics.</summary>
    public static double[] Training(float[] x, float[] weight, float[] bias, double epsilon, int batch, int channels, int spatial, Func<double, double> act)
    {
        var (mean, variance) = Statistics(x, batch, channels, spatial);
        return Normalise(x, weight, bias, mean, variance, epsilon, batch, channels, spatial, act);
    }

    /// <summary>
    /// The gradients of the training forward for the gradient g with respect to the pre-activation: dWeight = Σ g·x̂,
    /// dBias = Σ g and dx = weight·inverseStd·(g − mean(g) − x̂·mean(g·x̂)), each channel's means over its M values.
    /// </summary>
    public static (double[] DWeight, double[] DBias, double[] DX) Backward(float[] x, float[] weight, float[] g, double epsilon, int batch, int channels, int spatial)
    {
        var (mean, variance) = Statistics(x, batch, channels, spatial);
        var dWeight = new double[channels];
        var dBias = new double[channels];
        var dx = new double[x.Length];
        var count = (double)batch * spatial;
        for (var c = 0; c < channels; c++)
        {
            var inverseStd = 1 / Math.Sqrt(variance[c] + epsilon);
            foreach (var i in Indices(batch, channels, spatial, c))
            {
                dWeight[c] += g[i] * (x[i] - mean[c]) * inverseStd;
                dBias[c] += g[i];
            }

            foreach (var i in Indices(batch, channels, spatial, c))
            {
                var normalised = (x[i] - mean[c]) * inverseStd;
                dx[i] = weight[c] * inverseStd * (g[i] - dBias[c] / count - normalised * dWeight[c] / count);
            }
        }

        return (dWeight, dBias, dx);
    }

    /// <summary>The flat indices of channel <paramref name="c"/>'s values, sample by sample.</summary>
    public static IEnumerable<int> Indices(int batch, int channels, int spatial, int c)
    {
        for (var b = 0; b < batch; b++)
            for (var s = 0; s < spatial; s++)
                yield return (b * channels + c) * spatial + s;
    }

    public static void Training<TAct>(VectorWidth width, float[] x, float[] weight, float[] bias, float[] y, float[] mean, float[] inverseStd,
        float[] runningMean, float[] runningVar, int batch, int channels, int spatial, float momentum, float epsilon, TAct act)
        where TAct : struct, IActivation
    {
        switch (width)
        {
            case VectorWidth.Floats16:
                BatchNormKernel.Training<Vector512Ops, Vector512<float>, TAct>(x, weight, bias, runningMean, runningVar, y, mean, inverseStd, batch, channels, spatial, momentum, epsilon, act);
                break;
            case VectorWidth.Floats8:
                BatchNormKernel.Training<Vector256Ops, Vector256<float>, TAct>(x, weight, bias, runningMean, runningVar, y, mean, inverseStd, batch, channels, spatial, momentum, epsilon, act);
                break;
            case VectorWidth.Floats4:
                BatchNormKernel.Training<Vector128Ops, Vector128<float>, TAct>(x, weight, bias, runningMean, runningVar, y, mean, inverseStd, batch, channels, spatial, momentum, epsilon, act);
                break;
            default:
                BatchNormKernel.Training<ScalarOps, float, TAct>(x, weight, bias, runningMean, runningVar, y, mean, inverseStd, batch, channels, spatial, momentum, epsilon, act);
                break;
        }
    }

    public static void Inference<TAct>(VectorWidth width, float[] x, float[] weight, float[] bias, float[] runningMean, float[] runningVar, float[] y,
        int batch, int channels, int spatial, float epsilon, TAct act)
        where TAct : struct, IActivation
    {
        switch (width)
        {
            case VectorWidth.Floats16:
                BatchNormKernel.Inference<Vector512Ops, Vector512<float>, TAct>(x, weight, bias, runningMean, runningVar, y, batch, channels, spatial, epsilon, act);
                break;
            case VectorWidth.Floats8:
                BatchNormKernel.Inference<Vector256Ops, Vector256<float>, TAct>(x, weight, bias, runningMean, runningVar, y, batch, channels, spatial, epsilon, act);
                break;
            case VectorWidth.Floats4:
                BatchNormKernel.Inference<Vector128Ops, Vector128<float>, TAct>(x, weight, bias, runningMean, runningVar, y, batch, channels, spatial, epsilon, act);
                break;
            default:
                BatchNormKernel.Inference<ScalarOps, float, TAct>(x, weight, bias, runningMean, runningVar, y, batch, channels, spatial, epsilon, act);
                break;
        }
    }

    public static void Backward<TAct>(VectorWidth width, float[] x, float[] weight, float[] y, float[] mean, float[] inverseStd, float[] dy,
        float[] dWeight, float[] dBias, float[] dx, int batch, int channels, int spatial, TAct act)
        where TAct : struct, IActivation
    {
        switch (width)
        {
            case VectorWidth.Floats16:
                BatchNormKernel.Backward<Vector512Ops, Vector512<float>, TAct>(x, weight, y, mean, inverseStd, dy, dWeight, dBias, dx, batch, channels, spatial, act);
                break;
            case VectorWidth.Floats8:
                BatchNormKernel.Backward<Vector256Ops, Vector256<float>, TAct>(x, weight, y, mean, inverseStd, dy, dWeight, dBias, dx, batch, channels, spatial, act);
                break;
            case VectorWidth.Floats4:
                BatchNormKernel.Backward<Vector128Ops, Vector128<float>, TAct>(x, weight, y, mean, inverseStd, dy, dWeight, dBias, dx, batch, channels, spatial, act);
                break;
            default:
                BatchNormKernel.Backward<ScalarOps, float, TAct>(x, weight, y, mean, inverseStd, dy, dWeight, dBias, dx, batch, channels, spatial, act);
                break;
        }
    }
}
