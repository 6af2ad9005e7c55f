using System.ComponentModel;
using System.Numerics;
using System.Runtime.InteropServices;

namespace NetForge.Cpu;

/// <summary>The L2 penalty λ·Σw² of a loss with <c>l2</c>, and its gradient 2λ·w.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Regularisation
{
    /// <summary>Adds 2λ·w to the weight's gradient and returns Σw² (summed in float lanes, the lanes and tail in double).
    /// An empty gradient (a frozen weight's) gets nothing; the penalty still counts it, as PyTorch's would.</summary>
    public static double AddL2(ReadOnlySpan<float> weight, Span<float> weightGrad, float lambda)
    {
        if (weightGrad.IsEmpty)
            return SumOfSquares(weight);
        if (weightGrad.Length != weight.Length)
            throw new ArgumentException(FormattableString.Invariant($"The weight has {weight.Length} values but its gradient {weightGrad.Length}."), nameof(weightGrad));
        var w = MemoryMarshal.Cast<float, Vector<float>>(weight);
        var dw = MemoryMarshal.Cast<float, Vector<float>>(weightGrad);
        var twoLambda = new Vector<float>(2 * lambda);
        var lanes = Vector<float>.Zero;
        for (var i = 0; i < w.Length; i++)
        {
            lanes += w[i] * w[i];
            dw[i] += twoLambda * w[i];
        }
        double squares = Vector.Sum(lanes);
        for (var i = w.Length * Vector<float>.Count; i < weight.Length; i++)
        {
            squares += weight[i] * weight[i];
            weightGrad[i] += 2 * lambda * weight[i];
        }
        return squares;
    }

    private static double SumOfSquares(ReadOnlySpan<float> weight)
    {
        var w = MemoryMarshal.Cast<float, Vector<float>>(weight);
        var lanes = Vector<float>.Zero;
        for (var i = 0; i < w.Length; i++)
            lanes += w[i] * w[i];
        double squares = Vector.Sum(lanes);
        for (var i = w.Length * Vector<float>.Count; i < weight.Length; i++)
            squares += weight[i] * weight[i];
        return squares;
    }
}
