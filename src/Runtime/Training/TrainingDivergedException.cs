namespace NetForge;

/// <summary>
/// Training produced a loss or parameter that is not a finite number. The trainer stops at once, and a checkpoint it
/// wrote for an earlier epoch stays on disk as it was.
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception for step <paramref name="step"/> of epoch <paramref name="epoch"/>.</summary>
    public TrainingDivergedException(int epoch, int step, string message) : base(message)
    {
        Epoch = epoch;
        Step = step;
    }

    /// <summary>The epoch in which training diverged, counted from 1.</summary>
    public int Epoch { get; }

    /// <summary>The step within <see cref="Epoch"/> that diverged, counted from 1.</summary>
    public int Step { get; }
}
