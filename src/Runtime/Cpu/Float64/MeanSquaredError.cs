using System.ComponentModel;

namespace NetForge.Cpu.Float64;

/// <summary>
/// The float64 counterpart of <see cref="NetForge.Cpu.MeanSquaredError"/>: half the squared Euclidean distance between
/// prediction and target, summed over a sample's values and averaged over the batch, (1/batch) Σ_b ½‖ŷ_b − y_b‖².
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class MeanSquaredError
{
    /// <inheritdoc cref="NetForge.Cpu.MeanSquaredError.Forward"/>
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

    /// <inheritdoc cref="NetForge.Cpu.MeanSquaredError.ForwardBackward"/>
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
