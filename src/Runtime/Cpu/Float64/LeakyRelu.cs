using System.ComponentModel;

namespace NetForge.Cpu.Float64;

/// <summary>The leaky rectified linear unit, f(x) = x for x &gt; 0 and alpha·x otherwise; as <see cref="NetForge.Cpu.LeakyRelu"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct LeakyRelu : IActivation
{
    /// <summary>Creates the activation.</summary>
    /// <param name="alpha">The slope for negative inputs; zero or positive, so that a positive output means a positive input.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="alpha"/> is negative, infinite or NaN.</exception>
    public LeakyRelu(double alpha)
    {
        if (!(alpha >= 0.0) || double.IsInfinity(alpha))
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "The slope must be zero or positive, and finite.");
        Alpha = alpha;
    }

    /// <summary>The slope for negative inputs.</summary>
    public double Alpha { get; }

    /// <inheritdoc />
    public double Forward(double x)
    {
        Kinks.Note(x > 0.0 ? 1 : 0);
        return x > 0.0 ? x : Alpha * x;
    }

    /// <inheritdoc />
    public double Derivative(double y) => y > 0.0 ? 1.0 : Alpha;
}
