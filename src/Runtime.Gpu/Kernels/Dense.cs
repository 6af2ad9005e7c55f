using System.ComponentModel;
using ILGPU;

namespace NetForge.Gpu.Kernels;

/// <summary>
/// The dense layer's kernel bodies: y[n, outputs] = act(x[n, inputs] · wᵀ + b), with w [outputs, inputs] as PyTorch
/// lays it out. A generated kernel calls one of these with its layer's sizes and activation as constants; each
/// thread computes one value and reads its operands from global memory, which the GPU's caches serve: at the sizes
/// of the course's networks a step is bound by its launches, not by the products.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Dense
{
    /// <summary>One output value, the thread of n · outputs: the product, the bias, the activation.</summary>
    public static void Forward<TActivation>(
        Index1D thread, ArrayView<float> x, ArrayView<float> w, ArrayView<float> b, ArrayView<float> y, int inputs, int outputs, TActivation activation)
        where TActivation : struct, Cpu.IActivation
    {
        int index = thread;
        var sample = index / outputs;
        var unit = index - sample * outputs;
        y[index] = activation.Forward(b[unit] + Dot(x, sample * inputs, w, unit * inputs, inputs));
    }

    /// <summary>One output value of a layer without a bias.</summary>
    public static void Forward<TActivation>(
        Index1D thread, ArrayView<float> x, ArrayView<float> w, ArrayView<float> y, int inputs, int outputs, TActivation activation)
        where TActivation : struct, Cpu.IActivation
    {
        int index = thread;
        var sample = index / outputs;
        var unit = index - sample * outputs;
        y[index] = activation.Forward(Dot(x, sample * inputs, w, unit * inputs, inputs));
    }

    private static float Dot(ArrayView<float> x, int xStart, ArrayView<float> w, int wStart, int length)
    {
        var sum = 0f;
        for (var k = 0; k < length; k++)
            sum += x[xStart + k] * w[wStart + k];
        return sum;
    }

    /// <summary>
    /// One weight's gradient, or one bias's: the thread of outputs · (inputs + 1), where the last
    /// of each row of inputs + 1 is the unit's bias. Σₛ dz[s, o] · x[s, i] over the <paramref name="n"/> samples, with
    /// dz = dy · act′(y), the activation's mask applied as the product reads it.
    /// </summary>
    public static void WeightGradient<TActivation>(
        Index1D thread, ArrayView<float> x, ArrayView<float> y, ArrayView<float> dy, ArrayView<float> dw, ArrayView<float> db,
        int n, int inputs, int outputs, TActivation activation)
        where TActivation : struct, Cpu.IActivation
    {
        int index = thread;
        var row = inputs + 1;
        var unit = index / row;
        var input = index - unit * row;
        var sum = 0f;
        if (input == inputs)
        {
            for (var s = 0; s < n; s++)
                sum += dy[s * outputs + unit] * activation.Derivative(y[s * outputs + unit]);
            db[unit] = sum;
        }
        else
        {
            dw[unit * inputs + input] = WeightSum(unit, input, x, y, dy, n, inputs, outputs, activation);
        }
    }

    /// <summary>One weight's gradient of a layer without a bias: the thread of outputs · inputs.</summary>
    public static void WeightGradient<TActivation>(
        Index1D thread, ArrayView<float> x, ArrayView<float> y, ArrayView<float> dy, ArrayView<float> dw,
        int n, int inputs, int outputs, TActivation activation)
        where TActivation : struct, Cpu.IActivation
    {
        int index = thread;
        dw[index] = WeightSum(index / inputs, index % inputs, x, y, dy, n, inputs, outputs, activation);
    }

    // Σₛ dz[s, unit] · x[s, input], dz = dy · act′(y).
    private static float WeightSum<TActivation>(
        int unit, int input, ArrayView<float> x, ArrayView<float> y, ArrayView<float> dy, int n, int inputs, int outputs, TActivation activation)
        where TActivation : struct, Cpu.IActivation
    {
        var sum = 0f;
        for (var s = 0; s < n; s++)
            sum += dy[s * outputs + unit] * activation.Derivative(y[s * outputs + unit]) * x[s * inputs + input];
        return sum;
    }

    /// <summary>One input gradient value, the thread of n · inputs: Σₒ dz[s, o] · w[o, i].</summary>
    public static void InputGradient<TActivation>(
        Index1D thread, ArrayView<float> w, ArrayView<float> y, ArrayView<float> dy, ArrayView<float> dx, int inputs, int outputs, TActivation activation)
        where TActivation : struct, Cpu.IActivation
    {
        int index = thread;
        var sample = index / inputs;
        var input = index - sample * inputs;
        var sum = 0f;
        for (var o = 0; o < outputs; o++)
            sum += dy[sample * outputs + o] * activation.Derivative(y[sample * outputs + o]) * w[o * inputs + input];
        dx[index] = sum;
    }
}
