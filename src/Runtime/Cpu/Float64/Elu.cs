using System.ComponentModel;

namespace NetForge.Cpu.Float64;

/// <summary>The exponential linear unit, f(x) = x for x &gt; 0 and alpha·(eˣ − 1) otherwise; as <see cref="NetForge.Cpu.Elu"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct Elu : IActivation
{
    /// <summary>Creates the activation.</summary>
    /// <param name="alpha">The magnitude of the negative saturation; positive, so that the sign of the output tells the branch.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="alpha"/> is not positive, or is infinite.</exception>
    public Elu(double alpha)
    {
        if (!(alpha > 0.0) || double.IsInfinity(alpha))
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "The scale must be positive and finite.");
        Alpha = alpha;
    }

    /// <summary>The magnitude of the negative saturation.</summary>
    public double Alpha { get; }

    /// <inheritdoc />
    public double Forward(double x)
    {
        // Unless alpha is 1 the slope jumps at zero; even then the curvature does.
        Kinks.Note(x > 0.0 ? 1 : 0);
        return x > 0.0 ? x : Alpha * (Math.Exp(x) - 1.0);
    }

    /// <inheritdoc />
    /// <remarks>For x ≤ 0 the derivative alpha·eˣ equals y + alpha.</remarks>
    public double Derivative(double y) => y > 0.0 ? 1.0 : y + Alpha;
}
