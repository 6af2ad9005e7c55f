using System.ComponentModel;
using ILGPU;

namespace NetForge.Gpu.Kernels;

/// <summary>What skip connections need: <c>add</c>'s sum and the gradient it sends both ways, <c>concat</c>'s slices,
/// and the sum of a labelled output's two gradients.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Skips
{
    /// <summary>y = a + b for the thread's value.</summary>
    public static void Add(Index1D thread, ArrayView<float> a, ArrayView<float> b, ArrayView<float> y)
    {
        int index = thread;
        y[index] = a[index] + b[index];
    }

    /// <summary>target += source for the thread's value.</summary>
    public static void AddTo(Index1D thread, ArrayView<float> target, ArrayView<float> source)
    {
        int index = thread;
        target[index] += source[index];
    }

    /// <summary>
    /// Value [s, i] of a part of <paramref name="partSize"/> per sample into its slice of y, from
    /// <paramref name="offset"/> in each sample of <paramref name="size"/>.
    /// </summary>
    public static void ToSlice(Index1D thread, ArrayView<float> part, ArrayView<float> y, int partSize, int size, int offset)
    {
        int index = thread;
        var sample = index / partSize;
        y[sample * size + offset + index % partSize] = part[index];
    }

    /// <summary>Value [s, i] of a part's gradient from its slice of dy: written, or added with <paramref name="accumulate"/> 1.</summary>
    public static void FromSlice(Index1D thread, ArrayView<float> dy, ArrayView<float> part, int partSize, int size, int offset, int accumulate)
    {
        int index = thread;
        var sample = index / partSize;
        var value = dy[sample * size + offset + index % partSize];
        part[index] = accumulate != 0 ? part[index] + value : value;
    }
}
