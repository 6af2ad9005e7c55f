using System.Numerics;
using System.Runtime.InteropServices;
using NetForge.Cpu;

namespace NetForge;

/// <summary>Clips gradients by their global norm, as <c>torch.nn.utils.clip_grad_norm_</c> does.</summary>
public static class GradientClipping
{
    /// <summary>
    /// Scales all <paramref name="gradients"/> by one factor, maxNorm / (‖g‖ + 10⁻⁶), when that factor is below 1, so
    /// that their global L2 norm ‖g‖ (over every value of every tensor) is at most <paramref name="maxNorm"/>.
    /// Allocates nothing.
    /// </summary>
    /// <param name="gradients">The gradients, scaled in place.</param>
    /// <param name="maxNorm">The largest global norm allowed; positive.</param>
    /// <returns>The global norm before clipping.</returns>
    public static double ClipByGlobalNorm(IReadOnlyList<Tensor> gradients, float maxNorm)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        return Clip(null, gradients, maxNorm);
    }

    /// <summary>
    /// Clips as <see cref="ClipByGlobalNorm(IReadOnlyList{Tensor}, float)"/> does, leaving out the gradients of the
    /// <see cref="Tensor.Frozen"/> parameters, which a generated backward pass does not compute.
    /// </summary>
    /// <param name="parameters">The parameters the gradients belong to, in the same order.</param>
    /// <param name="gradients">The gradients, scaled in place.</param>
    /// <param name="maxNorm">The largest global norm allowed; positive.</param>
    /// <returns>The global norm of the trainable parameters' gradients before clipping.</returns>
    /// <exception cref="ArgumentException">The lists differ in length.</exception>
    public static double ClipByGlobalNorm(IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> gradients, float maxNorm)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(gradients);
        if (parameters.Count != gradients.Count)
            throw new ArgumentException(FormattableString.Invariant($"There are {parameters.Count} parameters but {gradients.Count} gradients."), nameof(gradients));
        return Clip(parameters, gradients, maxNorm);
    }

    private static double Clip(IReadOnlyList<Tensor>? parameters, IReadOnlyList<Tensor> gradients, float maxNorm)
    {
        CheckMaxNorm(maxNorm, nameof(maxNorm));
        double squares = 0;
        for (var i = 0; i < gradients.Count; i++)
        {
            if (parameters?[i].Frozen != true)
                squares += SumOfSquares(gradients[i].Data);
        }
        var norm = Math.Sqrt(squares);
        var factor = maxNorm / (norm + 1e-6);
        if (factor < 1)
        {
            for (var i = 0; i < gradients.Count; i++)
            {
                if (parameters?[i].Frozen != true)
                    Scale(gradients[i].Data, (float)factor);
            }
        }
        return norm;
    }

    internal static float CheckMaxNorm(float maxNorm, string name)
    {
        if (!(maxNorm > 0) || float.IsPositiveInfinity(maxNorm))
            throw new ArgumentOutOfRangeException(name, maxNorm, "The largest gradient norm must be positive and finite.");
        return maxNorm;
    }

    // In double, in a fixed lane layout (DoubleSums), so that the norm, and the gradients it scales, have the same
    // bits whatever the vector width.
    private static double SumOfSquares(ReadOnlySpan<float> values) =>
        DoubleSums.SquaredDeviations(ref MemoryMarshal.GetReference(values), values.Length, 0);

    private static void Scale(Span<float> values, float factor)
    {
        var vectors = MemoryMarshal.Cast<float, Vector<float>>(values);
        var scale = new Vector<float>(factor);
        for (var i = 0; i < vectors.Length; i++)
            vectors[i] *= scale;
        for (var i = vectors.Length * Vector<float>.Count; i < values.Length; i++)
            values[i] *= factor;
    }
}
