namespace NetForge;

/// <summary>
/// Lowers the learning rate along half a cosine from the base rate to <see cref="MinimumLearningRate"/> over
/// <see cref="Epochs"/> epochs, as PyTorch's <c>CosineAnnealingLR</c> does: lr = min + (base − min)·(1 + cos(π·epoch / T))/2,
/// rising again after T as PyTorch's does.
/// </summary>
public sealed class CosineAnnealing : ILearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="epochs">T, the epochs from the base rate to the minimum; positive.</param>
    /// <param name="minimumLearningRate">The rate reached after T epochs; PyTorch's default 0.</param>
    public CosineAnnealing(int epochs, double minimumLearningRate = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epochs);
        Epochs = epochs;
        MinimumLearningRate = Schedules.CheckFactor(minimumLearningRate, nameof(minimumLearningRate));
    }

    /// <summary>T, the epochs from the base rate to the minimum.</summary>
    public int Epochs { get; }

    /// <summary>The rate reached after <see cref="Epochs"/> epochs.</summary>
    public double MinimumLearningRate { get; }

    /// <inheritdoc />
    public double LearningRate(int epochsCompleted, double baseLearningRate) =>
        MinimumLearningRate + (baseLearningRate - MinimumLearningRate) * (1 + Math.Cos(Math.PI * Schedules.CheckEpoch(epochsCompleted) / Epochs)) / 2;
}
