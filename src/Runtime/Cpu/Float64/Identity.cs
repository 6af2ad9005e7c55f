using System.ComponentModel;

namespace NetForge.Cpu.Float64;

/// <summary>The identity, f(x) = x, for layers without an activation; as <see cref="NetForge.Cpu.Identity"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct Identity : IActivation
{
    /// <inheritdoc />
    public double Forward(double x) => x;

    /// <inheritdoc />
    public double Derivative(double y) => 1.0;
}
