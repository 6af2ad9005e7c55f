using System.ComponentModel;

namespace NetForge.Cpu.Float64;

/// <summary>
/// The float64 counterpart of <see cref="NetForge.Cpu.Dropout"/>: inverted dropout in training mode, each value kept
/// with probability 1 − p and scaled by 1/(1 − p). For the same seed and p it keeps and drops exactly the values the
/// float kernel does, so that a float64 twin differentiates the very function its network computed. Allocates nothing.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Dropout
{
    /// <summary>The number of random bits each keep-or-drop decision reads, as in the float kernel.</summary>
    private const int UniformBits = 24;

    /// <summary>Draws the mask and applies it: mask[i] = 1/(1 − p) for a kept value and 0 for a dropped one, and y[i] = x[i]·mask[i].</summary>
    /// <param name="x">The inputs.</param>
    /// <param name="y">Receives the outputs. May be <paramref name="x"/> itself.</param>
    /// <param name="mask">Receives the mask, kept for the backward pass. Must not overlap <paramref name="x"/> or <paramref name="y"/>.</param>
    /// <param name="length">How many values to transform: batch × features.</param>
    /// <param name="p">The probability of dropping a value, in [0, 1); 0 keeps every value with a mask of 1.</param>
    /// <param name="seed">Selects the mask, one per training step and layer (see <see cref="StepSeed"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative, or <paramref name="p"/> is outside [0, 1).</exception>
    /// <exception cref="ArgumentException">A buffer is shorter than <paramref name="length"/>.</exception>
    /// <remarks>
    /// Value i is kept when the top 24 bits of SplitMix64's finaliser applied to seed + i·γ, read as a multiple of
    /// 2⁻²⁴, are at least p, as in <see cref="NetForge.Cpu.Dropout.Forward"/>. The float kernel's p·2²⁴ is exact, and
    /// so is this one's for the same p widened to double, so both round it up to the same integer threshold.
    /// </remarks>
    public static void Forward(ReadOnlySpan<double> x, Span<double> y, Span<double> mask, int length, double p, ulong seed)
    {
        BufferCheck.Size(length, nameof(length));
        if (!(p >= 0.0 && p < 1.0))
            throw new ArgumentOutOfRangeException(nameof(p), p, "The drop probability must be in [0, 1).");
        BufferCheck.AtLeast(x.Length, length, 1, nameof(x));
        BufferCheck.AtLeast(mask.Length, length, 1, nameof(mask));
        BufferCheck.AtLeast(y.Length, length, 1, nameof(y));
        var threshold = (long)Math.Ceiling(p * (1 << UniformBits));
        var scale = 1.0 / (1.0 - p);
        for (var i = 0; i < length; i++)
        {
            var bits = (long)(SplitMix64.Mix(seed + (ulong)i * SplitMix64.Gamma) >> (64 - UniformBits));
            mask[i] = bits >= threshold ? scale : 0.0;
            y[i] = x[i] * mask[i];
        }
    }

    /// <summary>Computes dx[i] = dy[i]·mask[i], the gradient with respect to the input.</summary>
    /// <param name="mask">The mask of the forward pass.</param>
    /// <param name="dy">The gradient with respect to the outputs.</param>
    /// <param name="dx">Receives the gradient with respect to the inputs. May be <paramref name="dy"/> itself.</param>
    /// <param name="length">How many values to transform: batch × features.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    /// <exception cref="ArgumentException">A buffer is shorter than <paramref name="length"/>.</exception>
    public static void Backward(ReadOnlySpan<double> mask, ReadOnlySpan<double> dy, Span<double> dx, int length)
    {
        BufferCheck.Size(length, nameof(length));
        BufferCheck.AtLeast(mask.Length, length, 1, nameof(mask));
        BufferCheck.AtLeast(dy.Length, length, 1, nameof(dy));
        BufferCheck.AtLeast(dx.Length, length, 1, nameof(dx));
        for (var i = 0; i < length; i++)
            dx[i] = dy[i] * mask[i];
    }

    /// <summary>The seed of one layer's mask for one training step: the float kernel's, <see cref="NetForge.Cpu.Dropout.StepSeed"/>.</summary>
    /// <param name="networkSeed">The network's seed.</param>
    /// <param name="step">The number of training steps taken before this one.</param>
    /// <param name="layer">The layer's index in the network.</param>
    /// <returns>A well-mixed 64-bit function of the three values.</returns>
    public static ulong StepSeed(int networkSeed, long step, int layer) => NetForge.Cpu.Dropout.StepSeed(networkSeed, step, layer);
}
