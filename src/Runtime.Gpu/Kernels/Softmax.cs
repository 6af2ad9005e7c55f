using System.ComponentModel;
using ILGPU;

namespace NetForge.Gpu.Kernels;

/// <summary>Softmax over each sample's values, one thread a sample.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Softmax
{
    /// <summary>y = exp(x − max) / Σ exp(x − max) over the thread's sample, the sum in double as on the CPU.</summary>
    public static void Forward(Index1D thread, ArrayView<float> x, ArrayView<float> y, int size)
    {
        int start = thread * size;
        var max = x[start];
        for (var j = 1; j < size; j++)
            max = MathF.Max(max, x[start + j]);
        var sum = 0.0;
        for (var j = 0; j < size; j++)
        {
            var e = MathF.Exp(x[start + j] - max);
            y[start + j] = e;
            sum += e;
        }
        var scale = (float)(1.0 / sum);
        for (var j = 0; j < size; j++)
            y[start + j] *= scale;
    }

    /// <summary>dx = y ⊙ (dy − Σ dy·y) over the thread's sample.</summary>
    public static void Backward(Index1D thread, ArrayView<float> y, ArrayView<float> dy, ArrayView<float> dx, int size)
    {
        int start = thread * size;
        var dot = 0f;
        for (var j = 0; j < size; j++)
            dot += dy[start + j] * y[start + j];
        for (var j = 0; j < size; j++)
            dx[start + j] = y[start + j] * (dy[start + j] - dot);
    }
}
