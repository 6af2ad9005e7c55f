using System.ComponentModel;

namespace NetForge.Cpu.Float64;

/// <summary>
/// The float64 counterpart of <see cref="NetForge.Cpu.Hinge"/>: the multiclass hinge loss of Weston and Watkins, per
/// sample Σ_{j≠label} max(0, s_j − s_label + margin), averaged over the batch.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Hinge
{
    /// <inheritdoc cref="NetForge.Cpu.Hinge.Forward"/>
    public static double Forward(ReadOnlySpan<double> scores, ReadOnlySpan<int> labels, int batch, int classes, double margin)
    {
        BufferCheck.ClassScores(scores.Length, labels, batch, classes, nameof(scores));
        var total = 0.0;
        for (var b = 0; b < batch; b++)
        {
            var row = scores.Slice(b * classes, classes);
            var label = labels[b];
            var threshold = row[label] - margin;
            for (var j = 0; j < classes; j++)
            {
                var active = j != label && row[j] > threshold;
                Kinks.Note(active ? 1 : 0);
                if (active)
                    total += row[j] - threshold;
            }
        }

        return total / batch;
    }

    /// <inheritdoc cref="NetForge.Cpu.Hinge.ForwardBackward"/>
    public static double ForwardBackward(ReadOnlySpan<double> scores, ReadOnlySpan<int> labels, Span<double> dScores, int batch, int classes, double margin)
    {
        BufferCheck.ClassScores(scores.Length, labels, batch, classes, nameof(scores));
        BufferCheck.AtLeast(dScores.Length, batch, classes, nameof(dScores));
        var scale = 1.0 / batch;
        var total = 0.0;
        for (var b = 0; b < batch; b++)
        {
            var row = scores.Slice(b * classes, classes);
            var grad = dScores.Slice(b * classes, classes);
            var label = labels[b];

            // Read before the loop: dScores may be the scores buffer, and grad[label] is written last.
            var threshold = row[label] - margin;
            var violations = 0;
            for (var j = 0; j < classes; j++)
            {
                if (j != label && row[j] > threshold)
                {
                    total += row[j] - threshold;
                    violations++;
                    grad[j] = scale;
                }
                else
                {
                    grad[j] = 0.0;
                }
            }

            grad[label] = -violations * scale;
        }

        return total / batch;
    }
}
