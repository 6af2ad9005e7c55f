using System.ComponentModel;
using ILGPU;

namespace NetForge.Gpu.Kernels;

/// <summary>An activation that no product before it took in: one thread a value.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Elementwise
{
    /// <summary>y = act(x) for the thread's value.</summary>
    public static void Forward<TActivation>(Index1D thread, ArrayView<float> x, ArrayView<float> y, TActivation activation)
        where TActivation : struct, Cpu.IActivation
    {
        int index = thread;
        y[index] = activation.Forward(x[index]);
    }

    /// <summary>dx = dy · act′(y) for the thread's value.</summary>
    public static void Backward<TActivation>(Index1D thread, ArrayView<float> y, ArrayView<float> dy, ArrayView<float> dx, TActivation activation)
        where TActivation : struct, Cpu.IActivation
    {
        int index = thread;
        dx[index] = dy[index] * activation.Derivative(y[index]);
    }

    /// <summary>y = x for the thread's value: a step that renames its values into a buffer of its own.</summary>
    public static void Copy(Index1D thread, ArrayView<float> x, ArrayView<float> y)
    {
        int index = thread;
        y[index] = x[index];
    }
}
