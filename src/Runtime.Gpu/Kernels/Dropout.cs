using System.ComponentModel;
using ILGPU;

namespace NetForge.Gpu.Kernels;

/// <summary>
/// Inverted dropout with the CPU's masks: value i of a step is kept when the top 24 bits of SplitMix64's mix of
/// seed + i·γ reach ⌈p·2²⁴⌉, the seed drawn from the network's seed, its step count and the layer, so that a run on
/// the device drops the values the CPU drops.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Dropout
{
    /// <summary>y = x · mask for the thread's value, the mask 1/(1 − p) where kept and 0 where dropped.</summary>
    public static void Forward(Index1D thread, ArrayView<float> x, ArrayView<float> y, ArrayView<float> mask, float p, ulong seed)
    {
        int index = thread;
        var bits = (int)(SplitMix64.Mix(seed + (ulong)index * SplitMix64.Gamma) >> 40);
        var m = bits >= (int)MathF.Ceiling(p * (1 << 24)) ? 1f / (1f - p) : 0f;
        mask[index] = m;
        y[index] = x[index] * m;
    }

    /// <summary>dx = dy · mask for the thread's value.</summary>
    public static void Backward(Index1D thread, ArrayView<float> mask, ArrayView<float> dy, ArrayView<float> dx)
    {
        int index = thread;
        dx[index] = dy[index] * mask[index];
    }
}
