namespace NetForge;

/// <summary>Multiplies the learning rate by γ every epoch, as PyTorch's <c>ExponentialLR</c> does: lr = base·γ^epoch.</summary>
public sealed class ExponentialDecay : ILearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="gamma">The factor per epoch.</param>
    public ExponentialDecay(double gamma) => Gamma = Schedules.CheckFactor(gamma, nameof(gamma));

    /// <summary>The factor per epoch.</summary>
    public double Gamma { get; }

    /// <inheritdoc />
    public double LearningRate(int epochsCompleted, double baseLearningRate) =>
        baseLearningRate * Math.Pow(Gamma, Schedules.CheckEpoch(epochsCompleted));
}
