using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace NetForge.Cpu;

/// <summary>
/// Softmax followed by the negative log-likelihood of the true class, fused: per sample
/// log Σⱼ exp(zⱼ) − z_label, averaged over the batch. Fusing gives the simple, stable gradient softmax − one-hot.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class SoftmaxCrossEntropy
{
    /// <summary>Computes the mean loss.</summary>
    /// <param name="logits">The unnormalised scores, [batch, classes].</param>
    /// <param name="labels">The true class of each sample, [batch].</param>
    /// <param name="batch">The number of samples; positive.</param>
    /// <param name="classes">The number of classes; positive.</param>
    /// <returns>The mean over the batch of the per-sample losses.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, or a label is not a class index.</exception>
    /// <exception cref="ArgumentException">A buffer is too short for the sizes.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Forward(ReadOnlySpan<float> logits, ReadOnlySpan<int> labels, int batch, int classes)
    {
        BufferCheck.ClassScores(logits.Length, labels, batch, classes, nameof(logits));
        var total = 0.0;
        for (var b = 0; b < batch; b++)
        {
            var row = logits.Slice(b * classes, classes);
            var max = Softmax.Max(row);
            total += max + Math.Log(SumExp(row, max)) - row[labels[b]];
        }

        return total / batch;
    }

    /// <summary>Computes the mean loss and its gradient with respect to the logits.</summary>
    /// <param name="logits">The unnormalised scores, [batch, classes].</param>
    /// <param name="labels">The true class of each sample, [batch].</param>
    /// <param name="dLogits">Receives (softmax − one-hot) / batch, [batch, classes]. May be <paramref name="logits"/> itself.</param>
    /// <param name="batch">The number of samples; positive.</param>
    /// <param name="classes">The number of classes; positive.</param>
    /// <returns>The mean over the batch of the per-sample losses.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, or a label is not a class index; nothing is written then.</exception>
    /// <exception cref="ArgumentException">A buffer is too short for the sizes.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double ForwardBackward(ReadOnlySpan<float> logits, ReadOnlySpan<int> labels, Span<float> dLogits, int batch, int classes)
    {
        BufferCheck.ClassScores(logits.Length, labels, batch, classes, nameof(logits));
        BufferCheck.AtLeast(dLogits.Length, batch, classes, nameof(dLogits));
        var scale = 1f / batch;
        var total = 0.0;
        for (var b = 0; b < batch; b++)
        {
            var row = logits.Slice(b * classes, classes);
            var grad = dLogits.Slice(b * classes, classes);
            var label = labels[b];
            var max = Softmax.Max(row);
            var picked = row[label];

            // Each exponential is computed once and kept in the gradient until the sum is known, each logit read before
            // its gradient overwrites it, so dLogits may be the logits buffer.
            var sumExp = 0.0;
            for (var j = 0; j < classes; j++)
            {
                var e = MathF.Exp(row[j] - max);
                grad[j] = e;
                sumExp += e;
            }

            total += max + Math.Log(sumExp) - picked;
            var factor = (float)(scale / sumExp);
            for (var j = 0; j < classes; j++)
                grad[j] *= factor;
            grad[label] -= scale;
        }

        return total / batch;
    }

    /// <summary>
    /// Σⱼ exp(zⱼ − max). Shifting by the row maximum keeps every term in (0, 1], so nothing overflows and the
    /// sum is at least 1; log Σⱼ exp(zⱼ) is then max + log of it.
    /// </summary>
    private static double SumExp(ReadOnlySpan<float> row, float max)
    {
        var sum = 0.0;
        foreach (var z in row)
            sum += MathF.Exp(z - max);
        return sum;
    }
}
