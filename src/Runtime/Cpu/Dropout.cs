using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetForge.Cpu;

/// <summary>
/// Inverted dropout in training mode: each value is kept with probability 1 − p and scaled by 1/(1 − p), so that
/// the expected output equals the input and inference, where the layer is the identity, needs no rescaling.
/// Whether value i is kept depends only on (seed, i, p): a mask is the same whatever the order of the calls, the
/// thread or the vector width. Single-threaded; allocates nothing.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Dropout
{
    /// <summary>The number of random bits each keep-or-drop decision reads, as in <see cref="InitRandom.NextFloat"/>.</summary>
    private const int UniformBits = 24;

    /// <summary>Draws the mask and applies it: mask[i] = 1/(1 − p) for a kept value and 0 for a dropped one, and y[i] = x[i]·mask[i].</summary>
    /// <param name="x">The inputs.</param>
    /// <param name="y">Receives the outputs. May be <paramref name="x"/> itself (the same start), but not a shifted view of it.</param>
    /// <param name="mask">Receives the mask, kept for the backward pass. Must not overlap <paramref name="x"/> or <paramref name="y"/>.</param>
    /// <param name="length">How many values to transform: batch × features.</param>
    /// <param name="p">The probability of dropping a value, in [0, 1); 0 keeps every value with a mask of 1.</param>
    /// <param name="seed">Selects the mask, one per training step and layer (see <see cref="StepSeed"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative, or <paramref name="p"/> is outside [0, 1).</exception>
    /// <exception cref="ArgumentException">A buffer is shorter than <paramref name="length"/>.</exception>
    /// <remarks>
    /// Value i is kept when u ≥ p, where u is the top 24 bits of SplitMix64's finaliser applied to seed + i·γ
    /// (γ = 0x9E3779B97F4A7C15, SplitMix64's increment), read as a multiple of 2⁻²⁴ in [0, 1): output i (counting
    /// from 0) of a SplitMix64 generator started at seed − γ, computed without stepping through the ones before it.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(ReadOnlySpan<float> x, Span<float> y, Span<float> mask, int length, float p, ulong seed)
    {
        BufferCheck.Size(length, nameof(length));
        if (!(p >= 0f && p < 1f))
            throw new ArgumentOutOfRangeException(nameof(p), p, "The drop probability must be in [0, 1).");
        BufferCheck.AtLeast(x.Length, length, 1, nameof(x));
        BufferCheck.AtLeast(mask.Length, length, 1, nameof(mask));
        BufferCheck.AtLeast(y.Length, length, 1, nameof(y));

        // u ≥ p compares k·2⁻²⁴ with p for the integer k of the top bits; scaling by a power of two is exact, so
        // it is k ≥ p·2²⁴, and for an integer k that is k ≥ ⌈p·2²⁴⌉: one integer comparison, the same on every path.
        var threshold = (int)MathF.Ceiling(p * (1 << UniformBits));
        var scale = 1f / (1f - p);
        ref var x0 = ref MemoryMarshal.GetReference(x);
        ref var m0 = ref MemoryMarshal.GetReference(mask);
        ref var y0 = ref MemoryMarshal.GetReference(y);
        nint i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            // Each float vector takes its hashes from two vectors of 64-bit counters, its lower and its upper half.
            nint lanes = Vector<float>.Count;
            var lower = Vector<ulong>.Indices * SplitMix64.Gamma + new Vector<ulong>(seed);
            var upper = lower + new Vector<ulong>((ulong)Vector<ulong>.Count * SplitMix64.Gamma);
            var advance = new Vector<ulong>((ulong)lanes * SplitMix64.Gamma);
            var bound = new Vector<int>(threshold);
            var kept = new Vector<float>(scale);
            for (; i <= length - lanes; i += lanes)
            {
                var bits = Vector.AsVectorInt32(Vector.Narrow(Mix(lower) >> (64 - UniformBits), Mix(upper) >> (64 - UniformBits)));
                var m = Vector.ConditionalSelect(Vector.GreaterThanOrEqual(bits, bound), kept, Vector<float>.Zero);
                var v = Vector.LoadUnsafe(ref Unsafe.Add(ref x0, i));
                m.StoreUnsafe(ref Unsafe.Add(ref m0, i));
                (v * m).StoreUnsafe(ref Unsafe.Add(ref y0, i));
                lower += advance;
                upper += advance;
            }
        }

        for (; i < length; i++)
        {
            var bits = (int)(SplitMix64.Mix(seed + (ulong)i * SplitMix64.Gamma) >> (64 - UniformBits));
            var m = bits >= threshold ? scale : 0f;
            Unsafe.Add(ref m0, i) = m;
            Unsafe.Add(ref y0, i) = Unsafe.Add(ref x0, i) * m;
        }
    }

    /// <summary>Computes dx[i] = dy[i]·mask[i], the gradient with respect to the input.</summary>
    /// <param name="mask">The mask of the forward pass.</param>
    /// <param name="dy">The gradient with respect to the outputs.</param>
    /// <param name="dx">Receives the gradient with respect to the inputs. May be <paramref name="dy"/> itself (the same start), but not a shifted view of it.</param>
    /// <param name="length">How many values to transform: batch × features.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    /// <exception cref="ArgumentException">A buffer is shorter than <paramref name="length"/>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(ReadOnlySpan<float> mask, ReadOnlySpan<float> dy, Span<float> dx, int length)
    {
        BufferCheck.Size(length, nameof(length));
        BufferCheck.AtLeast(mask.Length, length, 1, nameof(mask));
        BufferCheck.AtLeast(dy.Length, length, 1, nameof(dy));
        BufferCheck.AtLeast(dx.Length, length, 1, nameof(dx));
        ref var m0 = ref MemoryMarshal.GetReference(mask);
        ref var d0 = ref MemoryMarshal.GetReference(dy);
        ref var g0 = ref MemoryMarshal.GetReference(dx);
        nint i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            nint lanes = Vector<float>.Count;
            for (; i <= length - lanes; i += lanes)
                (Vector.LoadUnsafe(ref Unsafe.Add(ref d0, i)) * Vector.LoadUnsafe(ref Unsafe.Add(ref m0, i))).StoreUnsafe(ref Unsafe.Add(ref g0, i));
        }

        for (; i < length; i++)
            Unsafe.Add(ref g0, i) = Unsafe.Add(ref d0, i) * Unsafe.Add(ref m0, i);
    }

    /// <summary>
    /// The seed of one layer's mask for one training step, so that every step and every dropout layer draws its own
    /// mask while a training run stays reproducible from the network's seed.
    /// </summary>
    /// <param name="networkSeed">The network's seed.</param>
    /// <param name="step">The number of training steps taken before this one.</param>
    /// <param name="layer">The layer's index in the network.</param>
    /// <returns>A well-mixed 64-bit function of the three values.</returns>
    /// <remarks>
    /// Absorbs the three values in turn, each by an exclusive or into the state followed by SplitMix64's step
    /// (add γ, then its finaliser). Both are bijections, so with any two of the arguments fixed,
    /// different values of the third always give different seeds.
    /// </remarks>
    public static ulong StepSeed(int networkSeed, long step, int layer)
    {
        var state = SplitMix64.Mix(unchecked((ulong)networkSeed) + SplitMix64.Gamma);
        state = SplitMix64.Mix((state ^ unchecked((ulong)step)) + SplitMix64.Gamma);
        return SplitMix64.Mix((state ^ unchecked((ulong)layer)) + SplitMix64.Gamma);
    }

    /// <summary>SplitMix64's finaliser lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<ulong> Mix(Vector<ulong> z)
    {
        z = (z ^ (z >> 30)) * SplitMix64.MixMultiplier1;
        z = (z ^ (z >> 27)) * SplitMix64.MixMultiplier2;
        return z ^ (z >> 31);
    }
}
