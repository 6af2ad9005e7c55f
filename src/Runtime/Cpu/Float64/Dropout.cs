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

    /// <inheritdoc cref="NetForge.Cpu.Dropout.Forward"/>
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

    /// <inheritdoc cref="NetForge.Cpu.Dropout.Backward"/>
    public static void Backward(ReadOnlySpan<double> mask, ReadOnlySpan<double> dy, Span<double> dx, int length)
    {
        BufferCheck.Size(length, nameof(length));
        BufferCheck.AtLeast(mask.Length, length, 1, nameof(mask));
        BufferCheck.AtLeast(dy.Length, length, 1, nameof(dy));
        BufferCheck.AtLeast(dx.Length, length, 1, nameof(dx));
        for (var i = 0; i < length; i++)
            dx[i] = dy[i] * mask[i];
    }

    /// <inheritdoc cref="NetForge.Cpu.Dropout.StepSeed"/>
    public static ulong StepSeed(int networkSeed, long step, int layer) => NetForge.Cpu.Dropout.StepSeed(networkSeed, step, layer);
}
