using System.ComponentModel;

namespace NetForge.Cpu.Float64;

/// <summary>The rectified linear unit, f(x) = max(0, x), with derivative 0 at 0; as <see cref="NetForge.Cpu.Relu"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct Relu : IActivation
{
    /// <inheritdoc />
    public double Forward(double x)
    {
        Kinks.Note(x > 0.0 ? 1 : 0);
        return x > 0.0 ? x : 0.0;
    }

    /// <inheritdoc />
    public double Derivative(double y) => y > 0.0 ? 1.0 : 0.0;
}
