using System.ComponentModel;
using System.Globalization;
using System.Runtime.Intrinsics;

namespace NetForge.Cpu;

/// <summary>
/// Batch normalisation with a fused activation, with PyTorch's semantics. Tensors are [batch, channels, spatial],
/// row-major: a [c, h, w] input has spatial = h·w, a flat [n] input has channels = n and spatial = 1. Each channel
/// is normalised by statistics over its batch·spatial values, M in all, then scaled by weight[c] and shifted by
/// bias[c]. Buffers may be longer than the sizes need; the extra values are left alone. Single-threaded; allocates
/// nothing.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class BatchNorm
{
    /// <summary>
    /// Normalises with the batch's statistics, as in training: y = act(weight[c]·(x − mean[c])·inverseStd[c] + bias[c]),
    /// with the mean and the biased variance of the batch and inverseStd = 1/√(variance + epsilon). Saves mean and
    /// inverseStd for <see cref="Backward"/>, and moves the running statistics towards the batch's:
    /// running = (1 − momentum)·running + momentum·batch statistic, with the unbiased variance, variance·M/(M − 1).
    /// </summary>
    /// <typeparam name="TAct">The activation, specialised by the JIT.</typeparam>
    /// <param name="x">Inputs, [batch, channels, spatial].</param>
    /// <param name="weight">Scales, [channels].</param>
    /// <param name="bias">Shifts, [channels].</param>
    /// <param name="runningMean">The running means, [channels], updated.</param>
    /// <param name="runningVar">The running variances, [channels], updated with the unbiased variance.</param>
    /// <param name="y">Receives the activated outputs, [batch, channels, spatial]. May be <paramref name="x"/> itself, though <see cref="Backward"/> then lacks the inputs it needs.</param>
    /// <param name="mean">Receives each channel's mean, [channels].</param>
    /// <param name="inverseStd">Receives each channel's 1/√(biased variance + epsilon), [channels].</param>
    /// <param name="batch">The number of samples.</param>
    /// <param name="channels">Channels per sample.</param>
    /// <param name="spatial">Values per channel per sample.</param>
    /// <param name="momentum">PyTorch's momentum, in [0, 1]: the weight of the batch's statistics in the running ones (0.1 by default there).</param>
    /// <param name="epsilon">Added to the variance before the square root; zero or positive (1e-5 by default in PyTorch).</param>
    /// <param name="activation">The activation applied to each output.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative, or the momentum or epsilon is out of range.</exception>
    /// <exception cref="ArgumentException">
    /// A buffer is too short for the sizes, or a channel has fewer than two values (batch·spatial &lt; 2), whose
    /// variance says nothing; PyTorch refuses this too.
    /// </exception>
    /// <remarks>The statistics are accumulated in double, in two passes (the mean, then the squared deviations from it).</remarks>
    public static void ForwardTraining<TAct>(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias,
        Span<float> runningMean, Span<float> runningVar, Span<float> y, Span<float> mean, Span<float> inverseStd,
        int batch, int channels, int spatial, float momentum, float epsilon, TAct activation)
        where TAct : struct, IActivation
    {
        CheckSizes(batch, channels, spatial);
        if (!(momentum >= 0f && momentum <= 1f))
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "The momentum must be in [0, 1].");
        CheckEpsilon(epsilon);
        CheckTraining(x.Length, weight.Length, bias.Length, runningMean.Length, runningVar.Length, y.Length, mean.Length, inverseStd.Length, batch, channels, spatial);

        if (Vector512.IsHardwareAccelerated)
            BatchNormKernel.Training<Vector512Ops, Vector512<float>, TAct>(x, weight, bias, runningMean, runningVar, y, mean, inverseStd, batch, channels, spatial, momentum, epsilon, activation);
        else if (Vector256.IsHardwareAccelerated)
            BatchNormKernel.Training<Vector256Ops, Vector256<float>, TAct>(x, weight, bias, runningMean, runningVar, y, mean, inverseStd, batch, channels, spatial, momentum, epsilon, activation);
        else if (Vector128.IsHardwareAccelerated)
            BatchNormKernel.Training<Vector128Ops, Vector128<float>, TAct>(x, weight, bias, runningMean, runningVar, y, mean, inverseStd, batch, channels, spatial, momentum, epsilon, activation);
        else
            BatchNormKernel.Training<ScalarOps, float, TAct>(x, weight, bias, runningMean, runningVar, y, mean, inverseStd, batch, channels, spatial, momentum, epsilon, activation);
    }

    /// <summary>
    /// Normalises with the running statistics, as in inference: y = act(weight[c]·(x − runningMean[c]) / √(runningVar[c] + epsilon) + bias[c]).
    /// The running statistics are only read.
    /// </summary>
    /// <typeparam name="TAct">The activation, specialised by the JIT.</typeparam>
    /// <param name="x">Inputs, [batch, channels, spatial].</param>
    /// <param name="weight">Scales, [channels].</param>
    /// <param name="bias">Shifts, [channels].</param>
    /// <param name="runningMean">The running means, [channels].</param>
    /// <param name="runningVar">The running variances, [channels].</param>
    /// <param name="y">Receives the activated outputs, [batch, channels, spatial]. May be <paramref name="x"/> itself.</param>
    /// <param name="batch">The number of samples.</param>
    /// <param name="channels">Channels per sample.</param>
    /// <param name="spatial">Values per channel per sample.</param>
    /// <param name="epsilon">Added to the variance before the square root; zero or positive.</param>
    /// <param name="activation">The activation applied to each output.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative, or epsilon is negative or not finite.</exception>
    /// <exception cref="ArgumentException">A buffer is too short for the sizes.</exception>
    public static void ForwardInference<TAct>(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias,
        ReadOnlySpan<float> runningMean, ReadOnlySpan<float> runningVar, Span<float> y,
        int batch, int channels, int spatial, float epsilon, TAct activation)
        where TAct : struct, IActivation
    {
        CheckSizes(batch, channels, spatial);
        CheckEpsilon(epsilon);
        CheckInference(x.Length, weight.Length, bias.Length, runningMean.Length, runningVar.Length, y.Length, batch, channels, spatial);

        if (Vector512.IsHardwareAccelerated)
            BatchNormKernel.Inference<Vector512Ops, Vector512<float>, TAct>(x, weight, bias, runningMean, runningVar, y, batch, channels, spatial, epsilon, activation);
        else if (Vector256.IsHardwareAccelerated)
            BatchNormKernel.Inference<Vector256Ops, Vector256<float>, TAct>(x, weight, bias, runningMean, runningVar, y, batch, channels, spatial, epsilon, activation);
        else if (Vector128.IsHardwareAccelerated)
            BatchNormKernel.Inference<Vector128Ops, Vector128<float>, TAct>(x, weight, bias, runningMean, runningVar, y, batch, channels, spatial, epsilon, activation);
        else
            BatchNormKernel.Inference<ScalarOps, float, TAct>(x, weight, bias, runningMean, runningVar, y, batch, channels, spatial, epsilon, activation);
    }

    /// <summary>
    /// Back-propagates through <see cref="ForwardTraining"/>. <paramref name="dy"/> is first turned in place into the
    /// gradient with respect to the pre-activation (dy ·= act'(y)); then dWeight[c] = Σ dy·x̂ and dBias[c] = Σ dy,
    /// overwritten, not accumulated, and, when wanted, dx = weight·inverseStd/M·(M·dy − dBias − x̂·dWeight), where
    /// x̂ = (x − mean)·inverseStd is recomputed from the inputs and the saved statistics.
    /// </summary>
    /// <typeparam name="TAct">The activation, specialised by the JIT.</typeparam>
    /// <param name="x">The inputs of the forward pass, [batch, channels, spatial].</param>
    /// <param name="weight">Scales, [channels].</param>
    /// <param name="y">The activated outputs of the forward pass, [batch, channels, spatial].</param>
    /// <param name="mean">The means the forward pass saved, [channels].</param>
    /// <param name="inverseStd">The inverse standard deviations the forward pass saved, [channels].</param>
    /// <param name="dy">On entry the gradient with respect to y; on return the gradient with respect to the pre-activation. [batch, channels, spatial].</param>
    /// <param name="dWeight">Receives the weight gradient, [channels]; empty when it is not wanted (a frozen weight).</param>
    /// <param name="dBias">Receives the bias gradient, [channels]; empty when it is not wanted.</param>
    /// <param name="dx">Receives the input gradient, [batch, channels, spatial]; empty when it is not needed (the first layer). Must not overlap <paramref name="dy"/> or <paramref name="x"/>.</param>
    /// <param name="batch">The number of samples.</param>
    /// <param name="channels">Channels per sample.</param>
    /// <param name="spatial">Values per channel per sample.</param>
    /// <param name="activation">The activation of the forward pass.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative.</exception>
    /// <exception cref="ArgumentException">A buffer is too short for the sizes, or <paramref name="dx"/> overlaps <paramref name="dy"/> or <paramref name="x"/>.</exception>
    public static void Backward<TAct>(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> y, ReadOnlySpan<float> mean, ReadOnlySpan<float> inverseStd,
        Span<float> dy, Span<float> dWeight, Span<float> dBias, Span<float> dx,
        int batch, int channels, int spatial, TAct activation)
        where TAct : struct, IActivation
    {
        CheckBackward(x.Length, weight.Length, y.Length, dy.Length, mean.Length, inverseStd.Length, dWeight.Length, dBias.Length, batch, channels, spatial);
        if (!dx.IsEmpty)
        {
            BufferCheck.AtLeast(dx.Length, batch, channels, spatial, nameof(dx));

            // The sizes fit the buffers now, so their product fits an int.
            var length = batch * channels * spatial;
            var used = dx[..length];
            if (used.Overlaps(dy[..length]) || used.Overlaps(x[..length]))
                throw new ArgumentException("Buffer 'dx' must not overlap 'dy' or 'x': the input gradient is written while both are still read.", nameof(dx));
        }

        if (Vector512.IsHardwareAccelerated)
            BatchNormKernel.Backward<Vector512Ops, Vector512<float>, TAct>(x, weight, y, mean, inverseStd, dy, dWeight, dBias, dx, batch, channels, spatial, activation);
        else if (Vector256.IsHardwareAccelerated)
            BatchNormKernel.Backward<Vector256Ops, Vector256<float>, TAct>(x, weight, y, mean, inverseStd, dy, dWeight, dBias, dx, batch, channels, spatial, activation);
        else if (Vector128.IsHardwareAccelerated)
            BatchNormKernel.Backward<Vector128Ops, Vector128<float>, TAct>(x, weight, y, mean, inverseStd, dy, dWeight, dBias, dx, batch, channels, spatial, activation);
        else
            BatchNormKernel.Backward<ScalarOps, float, TAct>(x, weight, y, mean, inverseStd, dy, dWeight, dBias, dx, batch, channels, spatial, activation);
    }

    // The checks by buffer length, shared with the float64 kernel.
    internal static void CheckTraining(int x, int weight, int bias, int runningMean, int runningVar, int y, int mean, int inverseStd,
        int batch, int channels, int spatial)
    {
        var values = (long)batch * spatial;
        if (values < 2)
            throw new ArgumentException(
                string.Format(CultureInfo.InvariantCulture,
                    "Batch normalisation in training needs more than one value per channel, but batch × spatial = {0} × {1} = {2}.", batch, spatial, values),
                nameof(batch));
        BufferCheck.AtLeast(x, batch, channels, spatial, nameof(x));
        CheckChannels(weight, channels, nameof(weight));
        CheckChannels(bias, channels, nameof(bias));
        BufferCheck.AtLeast(y, batch, channels, spatial, nameof(y));
        CheckChannels(mean, channels, nameof(mean));
        CheckChannels(inverseStd, channels, nameof(inverseStd));
        CheckChannels(runningMean, channels, nameof(runningMean));
        CheckChannels(runningVar, channels, nameof(runningVar));
    }

    internal static void CheckInference(int x, int weight, int bias, int runningMean, int runningVar, int y, int batch, int channels, int spatial)
    {
        BufferCheck.AtLeast(x, batch, channels, spatial, nameof(x));
        CheckChannels(weight, channels, nameof(weight));
        CheckChannels(bias, channels, nameof(bias));
        CheckChannels(runningMean, channels, nameof(runningMean));
        CheckChannels(runningVar, channels, nameof(runningVar));
        BufferCheck.AtLeast(y, batch, channels, spatial, nameof(y));
    }

    internal static void CheckBackward(int x, int weight, int y, int dy, int mean, int inverseStd, int dWeight, int dBias,
        int batch, int channels, int spatial)
    {
        CheckSizes(batch, channels, spatial);
        BufferCheck.AtLeast(x, batch, channels, spatial, nameof(x));
        CheckChannels(weight, channels, nameof(weight));
        BufferCheck.AtLeast(y, batch, channels, spatial, nameof(y));
        BufferCheck.AtLeast(dy, batch, channels, spatial, nameof(dy));
        CheckChannels(mean, channels, nameof(mean));
        CheckChannels(inverseStd, channels, nameof(inverseStd));
        BufferCheck.EmptyOrAtLeast(dWeight, channels, 1, nameof(dWeight));
        BufferCheck.EmptyOrAtLeast(dBias, channels, 1, nameof(dBias));
    }

    internal static void CheckSizes(int batch, int channels, int spatial)
    {
        BufferCheck.Size(batch, nameof(batch));
        BufferCheck.Size(channels, nameof(channels));
        BufferCheck.Size(spatial, nameof(spatial));
    }

    private static void CheckChannels(int length, int channels, string name) => BufferCheck.AtLeast(length, channels, 1, name);

    private static void CheckEpsilon(float epsilon)
    {
        if (!(epsilon >= 0f) || float.IsInfinity(epsilon))
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "Epsilon must be zero or positive, and finite.");
    }
}
