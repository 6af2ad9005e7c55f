using System.ComponentModel;
using System.Numerics;
using System.Runtime.InteropServices;

namespace NetForge.Cpu;

/// <summary>The L2 penalty λ·Σw² of a loss with <c>l2</c>, and its gradient 2λ·w.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Regularisation
{
    /// <summary>Adds 2λ·w to the weight's gradient and returns Σw², summed in double (<see cref="DoubleSums"/>).
    /// An empty gradient (a frozen weight's) gets nothing; the penalty still counts it, as PyTorch's would.</summary>
    public static double AddL2(ReadOnlySpan<float> weight, Span<float> weightGrad, float lambda)
    {
        if (!weightGrad.IsEmpty)
        {
            if (weightGrad.Length != weight.Length)
                throw new ArgumentException(FormattableString.Invariant($"The weight has {weight.Length} values but its gradient {weightGrad.Length}."), nameof(weightGrad));
            var w = MemoryMarshal.Cast<float, Vector<float>>(weight);
            var dw = MemoryMarshal.Cast<float, Vector<float>>(weightGrad);
            var twoLambda = new Vector<float>(2 * lambda);
            for (var i = 0; i < w.Length; i++)
                dw[i] += twoLambda * w[i];
            for (var i = w.Length * Vector<float>.Count; i < weight.Length; i++)
                weightGrad[i] += 2 * lambda * weight[i];
        }
        return DoubleSums.SquaredDeviations(ref MemoryMarshal.GetReference(weight), weight.Length, 0);
    }
}
