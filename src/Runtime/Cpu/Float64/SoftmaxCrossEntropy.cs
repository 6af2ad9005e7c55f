using System.ComponentModel;

namespace NetForge.Cpu.Float64;

/// <summary>
/// The float64 counterpart of <see cref="NetForge.Cpu.SoftmaxCrossEntropy"/>: softmax followed by the negative
/// log-likelihood of the true class, fused, per sample log Σⱼ exp(zⱼ) − z_label, averaged over the batch.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class SoftmaxCrossEntropy
{
    /// <inheritdoc cref="NetForge.Cpu.SoftmaxCrossEntropy.Forward"/>
    public static double Forward(ReadOnlySpan<double> logits, ReadOnlySpan<int> labels, int batch, int classes)
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

    /// <inheritdoc cref="NetForge.Cpu.SoftmaxCrossEntropy.ForwardBackward"/>
    public static double ForwardBackward(ReadOnlySpan<double> logits, ReadOnlySpan<int> labels, Span<double> dLogits, int batch, int classes)
    {
        BufferCheck.ClassScores(logits.Length, labels, batch, classes, nameof(logits));
        BufferCheck.AtLeast(dLogits.Length, batch, classes, nameof(dLogits));
        var scale = 1.0 / batch;
        var total = 0.0;
        for (var b = 0; b < batch; b++)
        {
            var row = logits.Slice(b * classes, classes);
            var grad = dLogits.Slice(b * classes, classes);
            var label = labels[b];
            var max = Softmax.Max(row);
            var sumExp = SumExp(row, max);
            total += max + Math.Log(sumExp) - row[label];

            // Each logit is read before its gradient overwrites it, so dLogits may be the logits buffer.
            var factor = scale / sumExp;
            for (var j = 0; j < classes; j++)
                grad[j] = Math.Exp(row[j] - max) * factor;
            grad[label] -= scale;
        }

        return total / batch;
    }

    /// <summary>Σⱼ exp(zⱼ − max): every term in (0, 1], so nothing overflows and the sum is at least 1.</summary>
    private static double SumExp(ReadOnlySpan<double> row, double max)
    {
        var sum = 0.0;
        foreach (var z in row)
            sum += Math.Exp(z - max);
        return sum;
    }
}
