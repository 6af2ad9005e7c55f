using System.ComponentModel;

namespace NetForge.Cpu.Float64;

/// <summary>
/// A pointwise activation function in double precision, the float64 counterpart of <see cref="NetForge.Cpu.IActivation"/>.
/// Kernels take it as a generic struct argument, as the float kernels do, so that a float64 twin's calls read the
/// same as its network's.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IActivation
{
    /// <summary>Applies the activation to one pre-activation value.</summary>
    /// <param name="x">The pre-activation value.</param>
    /// <returns>The activated value.</returns>
    double Forward(double x);

    /// <summary>
    /// The derivative of the activation at the point whose output is <paramref name="y"/> = <see cref="Forward"/>(x),
    /// so that the backward pass needs only the outputs, as in <see cref="NetForge.Cpu.IActivation.Derivative"/>.
    /// </summary>
    /// <param name="y">An output of <see cref="Forward"/>.</param>
    /// <returns>d Forward / dx at that point.</returns>
    double Derivative(double y);
}
