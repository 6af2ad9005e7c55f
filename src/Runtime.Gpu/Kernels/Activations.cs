using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace NetForge.Gpu.Kernels;

/// <summary>
/// A pointwise activation as the GPU kernels apply it: the same arithmetic as the CPU back end's functors, its
/// derivative read from the activation's output. Kernels take it as a generic struct, so each layer's kernel is
/// compiled with its activation, and its argument, inlined.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IGpuActivation
{
    /// <summary>The activation of <paramref name="x"/>.</summary>
    float Forward(float x);

    /// <summary>The derivative at the input that gave the output <paramref name="y"/>.</summary>
    float Derivative(float y);
}

/// <summary>No activation: a layer whose output is its product.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct Identity : IGpuActivation
{
    /// <inheritdoc />
    public float Forward(float x) => x;

    /// <inheritdoc />
    public float Derivative(float y) => 1f;
}

/// <summary>max(x, 0).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct Relu : IGpuActivation
{
    /// <inheritdoc />
    public float Forward(float x) => x > 0f ? x : 0f;

    /// <inheritdoc />
    public float Derivative(float y) => y > 0f ? 1f : 0f;
}

/// <summary>x above zero, α·x below.</summary>
/// <param name="alpha">The slope below zero.</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct LeakyRelu(float alpha) : IGpuActivation
{
    /// <inheritdoc />
    public float Forward(float x) => x > 0f ? x : alpha * x;

    /// <inheritdoc />
    public float Derivative(float y) => y > 0f ? 1f : alpha;
}

/// <summary>x above zero, α·(eˣ − 1) below.</summary>
/// <param name="alpha">The value it approaches far below zero, negated.</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct Elu(float alpha) : IGpuActivation
{
    /// <inheritdoc />
    public float Forward(float x) => x > 0f ? x : alpha * (MathF.Exp(x) - 1f);

    /// <inheritdoc />
    public float Derivative(float y) => y > 0f ? 1f : y + alpha;
}

/// <summary>1 / (1 + e⁻ˣ), exponentiating only non-positive numbers, as the CPU's does, so that no |x| overflows.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct Sigmoid : IGpuActivation
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Forward(float x)
    {
        var e = MathF.Exp(-MathF.Abs(x));
        return x >= 0f ? 1f / (1f + e) : e / (1f + e);
    }

    /// <inheritdoc />
    public float Derivative(float y) => y * (1f - y);
}

/// <summary>tanh(x).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct Tanh : IGpuActivation
{
    /// <inheritdoc />
    public float Forward(float x) => MathF.Tanh(x);

    /// <inheritdoc />
    public float Derivative(float y) => 1f - y * y;
}
