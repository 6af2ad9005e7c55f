using System.ComponentModel;

namespace NetForge.Cpu.Float64;

/// <summary>
/// The float64 counterpart of <see cref="NetForge.Cpu.MeanSquaredError"/>: half the squared Euclidean distance between
/// prediction and target, summed over a sample's values and averaged over the batch, (1/batch) Σ_b ½‖ŷ_b − y_b‖².
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class MeanSquaredError
{
    /// <summary>Computes the mean loss.</summary>
    /// <param name="predictions">The network's outputs, [batch, size].</param>
    /// <param name="targets">The wanted outputs, [batch, size].</param>
    /// <param name="batch">The number of samples; positive.</param>
    /// <param name="size">Values per sample; positive.</param>
    /// <returns>The mean over the batch of the per-sample losses.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    /// <exception cref="ArgumentException">A buffer is too short for the sizes.</exception>
    public static double Forward(ReadOnlySpan<double> predictions, ReadOnlySpan<double> targets, int batch, int size)
    {
        Check(predictions, targets, batch, size);
        var total = 0.0;
        for (var i = 0; i < batch * size; i++)
        {
            var difference = predictions[i] - targets[i];
            total += difference * difference;
        }

        return 0.5 * total / batch;
    }

    /// <summary>Computes the mean loss and its gradient with respect to the predictions.</summary>
    /// <param name="predictions">The network's outputs, [batch, size].</param>
    /// <param name="targets">The wanted outputs, [batch, size].</param>
    /// <param name="dPredictions">Receives (ŷ − y) / batch, [batch, size]. May be <paramref name="predictions"/> itself.</param>
    /// <param name="batch">The number of samples; positive.</param>
    /// <param name="size">Values per sample; positive.</param>
    /// <returns>The mean over the batch of the per-sample losses.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    /// <exception cref="ArgumentException">A buffer is too short for the sizes.</exception>
    public static double ForwardBackward(ReadOnlySpan<double> predictions, ReadOnlySpan<double> targets, Span<double> dPredictions, int batch, int size)
    {
        Check(predictions, targets, batch, size);
        BufferCheck.AtLeast(dPredictions.Length, batch, size, nameof(dPredictions));
        var scale = 1.0 / batch;
        var total = 0.0;
        for (var i = 0; i < batch * size; i++)
        {
            var difference = predictions[i] - targets[i];
            total += difference * difference;
            dPredictions[i] = difference * scale;
        }

        return 0.5 * total / batch;
    }

    private static void Check(ReadOnlySpan<double> predictions, ReadOnlySpan<double> targets, int batch, int size)
    {
        BufferCheck.Positive(batch, nameof(batch));
        BufferCheck.Positive(size, nameof(size));
        BufferCheck.AtLeast(predictions.Length, batch, size, nameof(predictions));
        BufferCheck.AtLeast(targets.Length, batch, size, nameof(targets));
    }
}
