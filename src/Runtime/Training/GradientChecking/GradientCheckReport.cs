using System.Globalization;
using System.Text;

namespace NetForge;

/// <summary>How one parameter tensor's gradient compared.</summary>
/// <param name="Name">The tensor, e.g. <c>dense1.weight</c>.</param>
/// <param name="Checked">How many of its entries were differenced and compared.</param>
/// <param name="RelativeError">The largest |analytic − numeric| / max(|analytic|, |numeric|, floor) over them, in float64.</param>
/// <param name="WorstIndex">The entry of that error, in the tensor's row-major order; −1 when none was compared.</param>
/// <param name="Analytic">The float64 backward pass's gradient at that entry.</param>
/// <param name="Numeric">The centred difference at that entry.</param>
/// <param name="Float32Error">The largest |float32 gradient − float64 gradient| over every entry, divided by the
/// tensor's largest float64 gradient: how far the network's own float kernels are from the exact backward.</param>
public sealed record TensorGradientCheck(string Name, int Checked, double RelativeError, int WorstIndex, double Analytic, double Numeric, double Float32Error)
{
    /// <summary>Entries left out because every step tried moved a ReLU's input, a max-pool's winner or a hinge term
    /// across its kink, where the loss's slope jumps and a difference does not measure it.</summary>
    public int AtKinks { get; init; }
}

/// <summary>
/// What <see cref="GradientCheck.Run"/> found, tensor by tensor. A correct backward pass shows float64 errors near
/// 1e-9 and float32 errors near 1e-6; a wrong one shows errors near 1.
/// </summary>
public sealed class GradientCheckReport
{
    internal GradientCheckReport(IReadOnlyList<TensorGradientCheck> tensors) => Tensors = tensors;

    /// <summary>Every trainable tensor, in the network's order; frozen ones have no gradient and are left out.</summary>
    public IReadOnlyList<TensorGradientCheck> Tensors { get; }

    /// <summary>The largest float64 relative error of any tensor.</summary>
    public double MaxRelativeError => Tensors.Count == 0 ? 0 : Tensors.Max(t => t.RelativeError);

    /// <summary>The largest float32 error of any tensor.</summary>
    public double MaxFloat32Error => Tensors.Count == 0 ? 0 : Tensors.Max(t => t.Float32Error);

    /// <summary>Whether every tensor's float64 error is below <paramref name="tolerance"/> and its float32 error below
    /// <paramref name="float32Tolerance"/>.</summary>
    public bool Passed(double tolerance = 1e-6, double float32Tolerance = 1e-3) =>
        MaxRelativeError < tolerance && MaxFloat32Error < float32Tolerance;

    /// <summary>One line per tensor: its name, the entries checked and both errors.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var t in Tensors)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"{t.Name}: {t.Checked} entries, float64 error {t.RelativeError:0.0e+0} (entry {t.WorstIndex}: {t.Analytic:G6} vs {t.Numeric:G6}), float32 error {t.Float32Error:0.0e+0}");
            if (t.AtKinks > 0)
                text.Append(CultureInfo.InvariantCulture, $", {t.AtKinks} at kinks");
            text.AppendLine();
        }
        return text.ToString();
    }
}
