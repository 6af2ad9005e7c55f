using System.ComponentModel;
using ILGPU;

namespace NetForge.Gpu.Kernels;

/// <summary>
/// Softmax with cross-entropy and its gradient in one pass per sample, as the CPU's: the row's maximum, the sum of
/// the shifted exponentials in double, the loss max + log Σ − z[label], and the gradient (softmax − one-hot) / n.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class SoftmaxCrossEntropy
{
    /// <summary>
    /// The thread's sample's loss into <paramref name="losses"/>, 1 into <paramref name="hits"/> when its
    /// largest logit (the first of equals) is its label's, else 0, and its gradient into <paramref name="dLogits"/>.
    /// </summary>
    public static void ForwardBackward(
        Index1D thread, ArrayView<float> logits, ArrayView<int> labels, ArrayView<float> dLogits, ArrayView<double> losses, ArrayView<int> hits,
        int n, int classes)
    {
        int sample = thread;
        var start = sample * classes;
        var label = labels[sample];
        var max = logits[start];
        var best = 0;
        for (var j = 1; j < classes; j++)
        {
            if (logits[start + j] > max)
            {
                max = logits[start + j];
                best = j;
            }
        }
        var sumExp = 0.0;
        for (var j = 0; j < classes; j++)
        {
            var e = MathF.Exp(logits[start + j] - max);
            dLogits[start + j] = e;
            sumExp += e;
        }
        losses[sample] = max + Math.Log(sumExp) - logits[start + label];
        hits[sample] = best == label ? 1 : 0;
        var scale = 1f / n;
        var factor = (float)(scale / sumExp);
        for (var j = 0; j < classes; j++)
            dLogits[start + j] *= factor;
        dLogits[start + label] -= scale;
    }
}

/// <summary>
/// What a step reports: its mean loss, with the L2 penalty λ·Σw² when the network has one, the mean without it, and
/// its count of right answers, summed in sample order by one thread.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class StepTotals
{
    /// <summary>Writes entry <paramref name="step"/> of the step losses, data losses and hits, from the <paramref name="n"/>
    /// samples' and the penalty's <paramref name="chunks"/> partial sums.</summary>
    public static void Sum(
        Index1D thread, ArrayView<double> losses, ArrayView<int> hits, ArrayView<double> penaltyPartials, ArrayView<double> stepLosses,
        ArrayView<double> stepDataLosses, ArrayView<int> stepHits, int n, int chunks, float lambda, int step)
    {
        var loss = 0.0;
        var right = 0;
        for (var s = 0; s < n; s++)
        {
            loss += losses[s];
            right += hits[s];
        }
        var squares = 0.0;
        for (var c = 0; c < chunks; c++)
            squares += penaltyPartials[c];
        stepDataLosses[step] = loss / n;
        stepLosses[step] = loss / n + lambda * squares;
        stepHits[step] = right;
    }
}
