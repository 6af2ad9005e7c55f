using System.ComponentModel;

namespace NetForge.Gpu.Kernels;

/// <summary>
/// Leaky ReLU for the GPU kernels: the CPU's arithmetic (the kernels take the CPU's functors for the activations
/// without an argument), without the CPU functor's check of α, which a kernel cannot compile because it throws; the
/// generator has checked α already.
/// </summary>
/// <param name="alpha">The slope below zero.</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct LeakyRelu(float alpha) : Cpu.IActivation
{
    /// <inheritdoc />
    public float Forward(float x) => x > 0f ? x : alpha * x;

    /// <inheritdoc />
    public float Derivative(float y) => y > 0f ? 1f : alpha;
}

/// <summary>ELU for the GPU kernels, as <see cref="LeakyRelu"/> is leaky ReLU's: the CPU's arithmetic without its check.</summary>
/// <param name="alpha">The value it approaches far below zero, negated.</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct Elu(float alpha) : Cpu.IActivation
{
    /// <inheritdoc />
    public float Forward(float x) => x > 0f ? x : alpha * (MathF.Exp(x) - 1f);

    /// <inheritdoc />
    public float Derivative(float y) => y > 0f ? 1f : y + alpha;
}
