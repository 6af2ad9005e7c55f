using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace NetForge.Cpu;

/// <summary>The identity, f(x) = x, for layers without an activation.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct Identity : IActivation
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Forward(float x) => x;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Derivative(float y) => 1f;
}

/// <summary>The rectified linear unit, f(x) = max(0, x). Its derivative at 0 is taken as 0.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct Relu : IActivation
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Forward(float x) => x > 0f ? x : 0f;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Derivative(float y) => y > 0f ? 1f : 0f;
}

/// <summary>The leaky rectified linear unit, f(x) = x for x &gt; 0 and alpha·x otherwise.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct LeakyRelu : IActivation
{
    /// <summary>Creates the activation.</summary>
    /// <param name="alpha">The slope for negative inputs; zero or positive, so that a positive output means a positive input.</param>
    public LeakyRelu(float alpha)
    {
        if (!(alpha >= 0f) || float.IsInfinity(alpha))
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "The slope must be zero or positive, and finite.");
        Alpha = alpha;
    }

    /// <summary>The slope for negative inputs.</summary>
    public float Alpha { get; }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Forward(float x) => x > 0f ? x : Alpha * x;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Derivative(float y) => y > 0f ? 1f : Alpha;
}

/// <summary>The exponential linear unit, f(x) = x for x &gt; 0 and alpha·(eˣ − 1) otherwise.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct Elu : IActivation
{
    /// <summary>Creates the activation.</summary>
    /// <param name="alpha">The magnitude of the negative saturation; positive, so that the sign of the output tells the branch.</param>
    public Elu(float alpha)
    {
        if (!(alpha > 0f) || float.IsInfinity(alpha))
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "The scale must be positive and finite.");
        Alpha = alpha;
    }

    /// <summary>The magnitude of the negative saturation.</summary>
    public float Alpha { get; }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Forward(float x) => x > 0f ? x : Alpha * (MathF.Exp(x) - 1f);

    /// <inheritdoc />
    /// <remarks>For x ≤ 0 the derivative alpha·eˣ equals y + alpha.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Derivative(float y) => y > 0f ? 1f : y + Alpha;
}

/// <summary>The logistic sigmoid, f(x) = 1 / (1 + e⁻ˣ).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct Sigmoid : IActivation
{
    /// <inheritdoc />
    /// <remarks>
    /// Only ever exponentiates a non-positive number, so a large |x| gives 0 or 1 rather than an overflow
    /// to infinity and a NaN from infinity / infinity.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Forward(float x)
    {
        if (x >= 0f)
            return 1f / (1f + MathF.Exp(-x));
        var e = MathF.Exp(x);
        return e / (1f + e);
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Derivative(float y) => y * (1f - y);
}

/// <summary>The hyperbolic tangent.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct Tanh : IActivation
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Forward(float x) => MathF.Tanh(x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Derivative(float y) => 1f - y * y;
}
