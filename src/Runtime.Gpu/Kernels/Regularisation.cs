using System.ComponentModel;
using ILGPU;

namespace NetForge.Gpu.Kernels;

/// <summary>The loss's L2 penalty λ·Σw² over a weight tensor: its gradient 2λ·w added in, and its sum in double.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Regularisation
{
    /// <summary>The values each thread of <see cref="Sum"/> adds up.</summary>
    public const int Chunk = 1024;

    /// <summary>g += 2λ·w for the thread's weight.</summary>
    public static void AddGradient(Index1D thread, ArrayView<float> w, ArrayView<float> g, float lambda)
    {
        int index = thread;
        g[index] += 2f * lambda * w[index];
    }

    /// <summary>Σw² over the thread's chunk of <see cref="Chunk"/> weights, in double, into its entry of <paramref name="partials"/>.</summary>
    public static void Sum(Index1D thread, ArrayView<float> w, ArrayView<double> partials, int length)
    {
        int index = thread;
        var sum = 0.0;
        for (var i = index * Chunk; i < length && i < index * Chunk + Chunk; i++)
            sum += (double)w[i] * w[i];
        partials[index] = sum;
    }
}
