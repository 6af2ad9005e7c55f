namespace NetForge;

/// <summary>
/// Moves the learning rate linearly from base·<see cref="StartFactor"/> to base·<see cref="EndFactor"/> over
/// <see cref="Epochs"/> epochs and keeps it there, as PyTorch's <c>LinearLR</c> does; with its defaults (a third of the
/// rate, rising to all of it over 5 epochs) it is a warm-up.
/// </summary>
public sealed class LinearWarmup : ILearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="startFactor">The factor of the first epoch, in (0, 1]; PyTorch's default 1/3.</param>
    /// <param name="endFactor">The factor reached after <paramref name="epochs"/> epochs, in [0, 1]; PyTorch's default 1.</param>
    /// <param name="epochs">The epochs of the ramp; positive; PyTorch's default 5.</param>
    public LinearWarmup(double startFactor = 1.0 / 3, double endFactor = 1.0, int epochs = 5)
    {
        if (!(startFactor > 0 && startFactor <= 1))
            throw new ArgumentOutOfRangeException(nameof(startFactor), startFactor, "The start factor must lie in (0, 1].");
        if (!(endFactor >= 0 && endFactor <= 1))
            throw new ArgumentOutOfRangeException(nameof(endFactor), endFactor, "The end factor must lie in [0, 1].");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epochs);
        (StartFactor, EndFactor, Epochs) = (startFactor, endFactor, epochs);
    }

    /// <summary>The factor of the first epoch.</summary>
    public double StartFactor { get; }

    /// <summary>The factor from <see cref="Epochs"/> on.</summary>
    public double EndFactor { get; }

    /// <summary>The epochs of the ramp.</summary>
    public int Epochs { get; }

    /// <inheritdoc />
    public double LearningRate(int epochsCompleted, double baseLearningRate) =>
        baseLearningRate * (StartFactor + (EndFactor - StartFactor) * Math.Min(Schedules.CheckEpoch(epochsCompleted), Epochs) / Epochs);
}
