namespace NetForge;

/// <summary>What one training epoch achieved.</summary>
/// <param name="Epoch">The epoch's number, counted from 1 over the trainer's life.</param>
/// <param name="TrainLoss">The training loss averaged over the epoch's samples, as measured during the steps, an L2
/// penalty included.</param>
/// <param name="TrainAccuracy">The training accuracy measured during the steps; NaN when the targets are values.</param>
/// <param name="Seconds">The wall time of the epoch's training steps and its progress output (redrawn at most ten times a second), without validation.</param>
/// <param name="Validation">The evaluation on the validation set after the epoch, when one was given.</param>
public sealed record EpochResult(int Epoch, double TrainLoss, double TrainAccuracy, double Seconds, Evaluation? Validation)
{
    /// <summary>The learning rate the epoch's steps used.</summary>
    public float LearningRate { get; init; }

    /// <summary>With <see cref="TrainerOptions.TrackUpdateRatios"/>, each parameter tensor's mean ‖update‖ / ‖weight‖
    /// over the epoch's steps, by name; empty otherwise.</summary>
    public IReadOnlyDictionary<string, double> UpdateRatios { get; init; } = new Dictionary<string, double>();

    /// <summary>The training loss without the L2 penalty of a loss's <c>l2</c>, averaged as <see cref="TrainLoss"/> is;
    /// equal to it when there is none.</summary>
    public double DataLoss { get; init; }
}
