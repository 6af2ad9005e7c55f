namespace NetForge;

/// <summary>Multiplies the learning rate by γ every <see cref="StepSize"/> epochs, as PyTorch's <c>StepLR</c> does:
/// lr = base·γ^⌊epoch / stepSize⌋.</summary>
public sealed class StepDecay : ILearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="stepSize">The epochs between two decays; positive.</param>
    /// <param name="gamma">The factor of each decay, PyTorch's default 0.1.</param>
    public StepDecay(int stepSize, double gamma = 0.1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stepSize);
        StepSize = stepSize;
        Gamma = Schedules.CheckFactor(gamma, nameof(gamma));
    }

    /// <summary>The epochs between two decays.</summary>
    public int StepSize { get; }

    /// <summary>The factor of each decay.</summary>
    public double Gamma { get; }

    /// <inheritdoc />
    public double LearningRate(int epochsCompleted, double baseLearningRate) =>
        baseLearningRate * Math.Pow(Gamma, Schedules.CheckEpoch(epochsCompleted) / StepSize);
}
