using System.ComponentModel;
using ILGPU;

namespace NetForge.Gpu.Kernels;

/// <summary>The multiclass hinge and mean squared error losses with their gradients, one thread a sample, as the CPU's.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Losses
{
    /// <summary>
    /// Σⱼ≠label max(0, sⱼ − s_label + margin) for the thread's sample, its gradient / n, and 1 in hits when its largest
    /// score (the first of equals) is its label's.
    /// </summary>
    public static void Hinge(
        Index1D thread, ArrayView<float> scores, ArrayView<int> labels, ArrayView<float> dScores, ArrayView<double> losses, ArrayView<int> hits,
        int n, int classes, float margin)
    {
        int sample = thread;
        var start = sample * classes;
        var label = labels[sample];
        var threshold = (double)scores[start + label] - margin;
        var scale = 1f / n;
        var total = 0.0;
        var violations = 0;
        var best = 0;
        for (var j = 0; j < classes; j++)
        {
            if (scores[start + j] > scores[start + best])
                best = j;
            if (j != label && scores[start + j] > threshold)
            {
                total += scores[start + j] - threshold;
                violations++;
                dScores[start + j] = scale;
            }
            else
            {
                dScores[start + j] = 0f;
            }
        }
        dScores[start + label] = -violations * scale;
        losses[sample] = total;
        hits[sample] = best == label ? 1 : 0;
    }

    /// <summary>½ Σ (prediction − target)² for the thread's sample, and its gradient (prediction − target) / n.</summary>
    public static void MeanSquaredError(
        Index1D thread, ArrayView<float> predictions, ArrayView<float> targets, ArrayView<float> dPredictions, ArrayView<double> losses, ArrayView<int> hits,
        int n, int size)
    {
        int sample = thread;
        var scale = 1f / n;
        var total = 0.0;
        for (var i = sample * size; i < sample * size + size; i++)
        {
            var difference = (double)predictions[i] - targets[i];
            total += difference * difference;
            dPredictions[i] = (float)difference * scale;
        }
        losses[sample] = 0.5 * total;
        hits[sample] = 0;
    }
}
