using System.ComponentModel;
using ILGPU;

namespace NetForge.Gpu.Kernels;

/// <summary>
/// Batch normalisation per channel of [c, h, w] (per feature of [n]), as the CPU's: the batch's mean and biased
/// variance summed in double, the running statistics moved by PyTorch's momentum (the share of the batch's) with the
/// unbiased variance, the outputs normalised with the saved, rounded statistics. One thread a channel for the sums,
/// one a value for the rest.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class BatchNorm
{
    /// <summary>The thread's channel's mean and 1/√(var + ε) over the n samples, saved, and its running statistics moved.</summary>
    public static void Statistics(
        Index1D thread, ArrayView<float> x, ArrayView<float> runningMean, ArrayView<float> runningVar, ArrayView<float> mean, ArrayView<float> inverseStd,
        int n, int channels, int spatial, float momentum, float epsilon)
    {
        int c = thread;
        var count = (double)n * spatial;
        var sum = 0.0;
        for (var s = 0; s < n; s++)
        {
            var start = (s * channels + c) * spatial;
            for (var i = 0; i < spatial; i++)
                sum += x[start + i];
        }
        var mu = sum / count;
        var squares = 0.0;
        for (var s = 0; s < n; s++)
        {
            var start = (s * channels + c) * spatial;
            for (var i = 0; i < spatial; i++)
            {
                var d = x[start + i] - mu;
                squares += d * d;
            }
        }
        mean[c] = (float)mu;
        inverseStd[c] = (float)(1.0 / Math.Sqrt(squares / count + epsilon));
        runningMean[c] = (float)((1.0 - momentum) * runningMean[c] + momentum * mu);
        runningVar[c] = (float)((1.0 - momentum) * runningVar[c] + momentum * (squares / (count - 1)));
    }

    /// <summary>y = act((x − mean) · weight · inverseStd + bias) for the thread's value, with the batch's statistics.</summary>
    public static void Normalise<TActivation>(
        Index1D thread, ArrayView<float> x, ArrayView<float> weight, ArrayView<float> bias, ArrayView<float> mean, ArrayView<float> inverseStd, ArrayView<float> y,
        int channels, int spatial, TActivation activation)
        where TActivation : struct, Cpu.IActivation
    {
        int index = thread;
        var c = index / spatial % channels;
        y[index] = activation.Forward((x[index] - mean[c]) * (weight[c] * inverseStd[c]) + bias[c]);
    }

    /// <summary>y = act((x − running mean) · weight / √(running var + ε) + bias) for the thread's value.</summary>
    public static void Infer<TActivation>(
        Index1D thread, ArrayView<float> x, ArrayView<float> weight, ArrayView<float> bias, ArrayView<float> runningMean, ArrayView<float> runningVar, ArrayView<float> y,
        int channels, int spatial, float epsilon, TActivation activation)
        where TActivation : struct, Cpu.IActivation
    {
        int index = thread;
        var c = index / spatial % channels;
        var scale = (float)(weight[c] / Math.Sqrt((double)runningVar[c] + epsilon));
        y[index] = activation.Forward((x[index] - runningMean[c]) * scale + bias[c]);
    }

    /// <summary>
    /// The thread's channel's Σ dz and Σ dz·(x − mean) in double, dz = dy · act′(y): the bias's and the weight's gradients,
    /// and the two sums kept in <paramref name="sums"/> for the input gradient.
    /// </summary>
    public static void ChannelGradients<TActivation>(
        Index1D thread, ArrayView<float> x, ArrayView<float> y, ArrayView<float> dy, ArrayView<float> mean, ArrayView<float> inverseStd,
        ArrayView<float> dWeight, ArrayView<float> dBias, ArrayView<double> sums, int n, int channels, int spatial, TActivation activation)
        where TActivation : struct, Cpu.IActivation
    {
        int c = thread;
        var sumDy = 0.0;
        var sumDyCentred = 0.0;
        for (var s = 0; s < n; s++)
        {
            var start = (s * channels + c) * spatial;
            for (var i = 0; i < spatial; i++)
            {
                var dz = dy[start + i] * activation.Derivative(y[start + i]);
                sumDy += dz;
                sumDyCentred += dz * (double)(x[start + i] - mean[c]);
            }
        }
        dBias[c] = (float)sumDy;
        dWeight[c] = (float)(sumDyCentred * inverseStd[c]);
        sums[2 * c] = sumDy;
        sums[2 * c + 1] = sumDyCentred;
    }

    /// <summary>dx = ((dz − mean dz) − (x − mean) · slope) · weight · inverseStd for the thread's value.</summary>
    public static void InputGradient<TActivation>(
        Index1D thread, ArrayView<float> x, ArrayView<float> y, ArrayView<float> dy, ArrayView<float> weight, ArrayView<float> mean, ArrayView<float> inverseStd,
        ArrayView<double> sums, ArrayView<float> dx, int n, int channels, int spatial, TActivation activation)
        where TActivation : struct, Cpu.IActivation
    {
        int index = thread;
        var c = index / spatial % channels;
        var count = (double)n * spatial;
        double inverse = inverseStd[c];
        var meanDy = (float)(sums[2 * c] / count);
        var slope = (float)(sums[2 * c + 1] * inverse * inverse / count);
        var dz = dy[index] * activation.Derivative(y[index]);
        dx[index] = ((x[index] - mean[c]) * -slope + (dz - meanDy)) * (float)(weight[c] * inverse);
    }
}
