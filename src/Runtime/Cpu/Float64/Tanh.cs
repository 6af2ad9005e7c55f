using System.ComponentModel;

namespace NetForge.Cpu.Float64;

/// <summary>The hyperbolic tangent; as <see cref="NetForge.Cpu.Tanh"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct Tanh : IActivation
{
    /// <inheritdoc />
    public double Forward(double x) => Math.Tanh(x);

    /// <inheritdoc />
    public double Derivative(double y) => 1.0 - y * y;
}
