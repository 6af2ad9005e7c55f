using System.ComponentModel;
namespace NetForge.Cpu;

/// <summary>
/// A pointwise activation function. Kernels take it as a generic struct argument so that the JIT specialises
/// each kernel for the activation and inlines both methods.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IActivation
{
    /// <summary>Applies the activation to one pre-activation value.</summary>
    /// <param name="x">The pre-activation value.</param>
    /// <returns>The activated value.</returns>
    float Forward(float x);

    /// <summary>
    /// The derivative of the activation at the point whose output is <paramref name="y"/> = <see cref="Forward"/>(x).
    /// Expressing it through the output lets the backward pass work without keeping the pre-activations.
    /// </summary>
    /// <param name="y">An output of <see cref="Forward"/>.</param>
    /// <returns>d Forward / dx at that point.</returns>
    float Derivative(float y);
}
