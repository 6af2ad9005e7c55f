using System.ComponentModel;
using ILGPU;

namespace NetForge.Gpu.Kernels;

/// <summary>What an Adam step's kernel takes besides the buffers, computed on the host once a step.</summary>
/// <param name="StepSize">lr / (1 − β₁ᵗ).</param>
/// <param name="RootBiasCorrection2">√(1 − β₂ᵗ).</param>
/// <param name="OneMinusBeta1">1 − β₁.</param>
/// <param name="Beta2">β₂.</param>
/// <param name="OneMinusBeta2">1 − β₂.</param>
/// <param name="Epsilon">ε.</param>
/// <param name="GradientDecay">The weight decay added to the gradient.</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly record struct AdamScalars(
    float StepSize, float RootBiasCorrection2, float OneMinusBeta1, float Beta2, float OneMinusBeta2, float Epsilon, float GradientDecay);

/// <summary>What an SGD step's kernel takes besides the buffers.</summary>
/// <param name="LearningRate">lr.</param>
/// <param name="Momentum">μ; 0 for plain SGD.</param>
/// <param name="WeightDecay">The weight decay added to the gradient.</param>
/// <param name="Nesterov">1 for Nesterov's momentum, else 0.</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly record struct SgdScalars(float LearningRate, float Momentum, float WeightDecay, int Nesterov);

/// <summary>
/// The optimizers' updates over every parameter of a network at once, one thread a value: the parameters, their
/// gradients and the optimizer's state each lie in one buffer on the device. The arithmetic is the CPU optimizers',
/// in PyTorch's order.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Optimizers
{
    private const float SmallestNormal = 1.17549435e-38f;

    // Moments that decay below the normal floats are kept as zero, as on the CPU, where subnormal arithmetic is slow.
    private static float Flush(float value) => MathF.Abs(value) < SmallestNormal ? 0f : value;

    /// <summary>The thread's value's Adam update: m by lerp, v by mul then addcmul, p by addcdiv.</summary>
    public static void Adam(Index1D thread, ArrayView<float> p, ArrayView<float> g, ArrayView<float> m, ArrayView<float> v, AdamScalars s)
    {
        int i = thread;
        var parameter = p[i];
        var grad = g[i] + s.GradientDecay * parameter;
        var first = Flush(m[i] + s.OneMinusBeta1 * (grad - m[i]));
        var second = Flush(v[i] * s.Beta2 + s.OneMinusBeta2 * grad * grad);
        m[i] = first;
        v[i] = second;
        p[i] = parameter + -s.StepSize * first / (MathF.Sqrt(second) / s.RootBiasCorrection2 + s.Epsilon);
    }

    /// <summary>The thread's value's SGD update, with momentum (Nesterov's or the heavy ball) when μ is positive.</summary>
    public static void Sgd(Index1D thread, ArrayView<float> p, ArrayView<float> g, ArrayView<float> velocity, SgdScalars s)
    {
        int i = thread;
        var grad = g[i] + s.WeightDecay * p[i];
        if (s.Momentum == 0f)
        {
            p[i] -= s.LearningRate * grad;
            return;
        }
        var v = Flush(velocity[i] * s.Momentum + grad);
        velocity[i] = v;
        p[i] -= s.LearningRate * (s.Nesterov != 0 ? grad + s.Momentum * v : v);
    }
}
