using System.ComponentModel;

namespace NetForge.Cpu.Float64;

/// <summary>The logistic sigmoid, f(x) = 1 / (1 + e⁻ˣ); as <see cref="NetForge.Cpu.Sigmoid"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct Sigmoid : IActivation
{
    /// <inheritdoc />
    /// <remarks>Only ever exponentiates a non-positive number, so a large |x| gives 0 or 1 rather than infinity / infinity.</remarks>
    public double Forward(double x)
    {
        if (x >= 0.0)
            return 1.0 / (1.0 + Math.Exp(-x));
        var e = Math.Exp(x);
        return e / (1.0 + e);
    }

    /// <inheritdoc />
    public double Derivative(double y) => y * (1.0 - y);
}
