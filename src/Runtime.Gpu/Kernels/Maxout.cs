using System.ComponentModel;
using ILGPU;

namespace NetForge.Gpu.Kernels;

/// <summary>Maxout over groups of consecutive values: output j is the largest of inputs j·pieces … j·pieces + pieces − 1.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Maxout
{
    /// <summary>The thread's group's largest value.</summary>
    public static void Forward(Index1D thread, ArrayView<float> x, ArrayView<float> y, int pieces)
    {
        int index = thread;
        var largest = x[index * pieces];
        for (var k = 1; k < pieces; k++)
            largest = MathF.Max(largest, x[index * pieces + k]);
        y[index] = largest;
    }

    /// <summary>The thread's input's gradient: its group's, if it is the group's first maximum, else 0, as on the CPU.</summary>
    public static void Backward(Index1D thread, ArrayView<float> x, ArrayView<float> y, ArrayView<float> dy, ArrayView<float> dx, int pieces)
    {
        int index = thread;
        var group = index / pieces;
        var first = group * pieces;
        while (x[first] != y[group] && first < group * pieces + pieces - 1)
            first++;
        dx[index] = first == index ? dy[group] : 0f;
    }
}
