using System.ComponentModel;

namespace NetForge.Cpu.Float64;

/// <summary>The float64 counterpart of <see cref="NetForge.Cpu.Regularisation"/>: the L2 penalty λ·Σw² and its gradient 2λ·w.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Regularisation
{
    /// <inheritdoc cref="NetForge.Cpu.Regularisation.AddL2"/>
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
