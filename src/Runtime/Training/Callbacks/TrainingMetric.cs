namespace NetForge;

/// <summary>What a callback watches; Keras calls them <c>loss</c>, <c>accuracy</c>, <c>val_loss</c> and <c>val_accuracy</c>.</summary>
public enum TrainingMetric
{
    /// <summary>The mean loss on the validation set after the epoch (lower is better).</summary>
    ValidationLoss,

    /// <summary>The accuracy on the validation set after the epoch (higher is better).</summary>
    ValidationAccuracy,

    /// <summary>The mean training loss measured during the epoch's steps (lower is better).</summary>
    Loss,

    /// <summary>The training accuracy measured during the epoch's steps (higher is better).</summary>
    Accuracy,
}

/// <summary>Reading a <see cref="TrainingMetric"/> from an epoch's result.</summary>
internal static class TrainingMetrics
{
    public static bool HigherIsBetter(TrainingMetric metric) => metric is TrainingMetric.ValidationAccuracy or TrainingMetric.Accuracy;

    public static double Read(TrainingMetric metric, EpochResult result)
    {
        if (metric is TrainingMetric.ValidationLoss or TrainingMetric.ValidationAccuracy && result.Validation is null)
            throw new InvalidOperationException($"A callback watches {metric}, but Fit was given no validation set.");
        var value = metric switch
        {
            TrainingMetric.ValidationLoss => result.Validation!.MeanLoss,
            TrainingMetric.ValidationAccuracy => result.Validation!.Accuracy,
            TrainingMetric.Loss => result.TrainLoss,
            _ => result.TrainAccuracy,
        };
        if (double.IsNaN(value))
            throw new InvalidOperationException($"A callback watches {metric}, which this network's targets do not have.");
        return value;
    }
}
