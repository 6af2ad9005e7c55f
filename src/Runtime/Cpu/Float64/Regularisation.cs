using System.ComponentModel;

namespace NetForge.Cpu.Float64;

/// <summary>The float64 counterpart of <see cref="NetForge.Cpu.Regularisation"/>: the L2 penalty λ·Σw² and its gradient 2λ·w.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Regularisation
{
    /// <summary>Adds 2λ·w to the weight's gradient and returns Σw². An empty gradient (a frozen weight's) gets nothing;
    /// the penalty still counts it, as PyTorch's would.</summary>
    /// <param name="weight">The weight.</param>
    /// <param name="weightGrad">Its gradient, added to; empty when it is not wanted.</param>
    /// <param name="lambda">The penalty's factor λ.</param>
    /// <returns>Σw², which the caller multiplies by λ.</returns>
    /// <exception cref="ArgumentException">The gradient is neither empty nor as long as the weight.</exception>
    public static double AddL2(ReadOnlySpan<double> weight, Span<double> weightGrad, double lambda)
    {
        if (!weightGrad.IsEmpty && weightGrad.Length != weight.Length)
            throw new ArgumentException(FormattableString.Invariant($"The weight has {weight.Length} values but its gradient {weightGrad.Length}."), nameof(weightGrad));
        var squares = 0.0;
        for (var i = 0; i < weight.Length; i++)
        {
            squares += weight[i] * weight[i];
            if (!weightGrad.IsEmpty)
                weightGrad[i] += 2 * lambda * weight[i];
        }

        return squares;
    }
}
