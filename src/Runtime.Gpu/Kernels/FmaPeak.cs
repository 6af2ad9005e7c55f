using System.ComponentModel;
using ILGPU;

namespace NetForge.Gpu.Kernels;

/// <summary>
/// A register-resident loop of fused multiply-adds, eight independent chains a thread, for measuring a device's
/// fp32 peak as the benchmark measures the CPU's: each thread does 16 · <c>rounds</c> FLOP and writes one value, so
/// that the compiler cannot drop the loop.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class FmaPeak
{
    /// <summary>Thread <paramref name="thread"/>'s chains, summed into its output.</summary>
    public static void Run(Index1D thread, ArrayView<float> output, int rounds, float scale)
    {
        int index = thread;
        float a = index, b = a + 1f, c = a + 2f, d = a + 3f, e = a + 4f, f = a + 5f, g = a + 6f, h = a + 7f;
        for (var i = 0; i < rounds; i++)
        {
            a = a * scale + 0.5f;
            b = b * scale + 0.5f;
            c = c * scale + 0.5f;
            d = d * scale + 0.5f;
            e = e * scale + 0.5f;
            f = f * scale + 0.5f;
            g = g * scale + 0.5f;
            h = h * scale + 0.5f;
        }
        output[index] = a + b + c + d + e + f + g + h;
    }
}
