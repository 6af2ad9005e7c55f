namespace NetForge;

/// <summary>How a <see cref="Trainer"/> batches the data and reports progress.</summary>
public sealed record TrainerOptions
{
    /// <summary>
    /// Samples per training step; also the capacity of the network's buffers. It must be positive, and small enough
    /// that the batch of the network's largest layer fits in an array (<see cref="Array.MaxLength"/> values): the
    /// <see cref="Trainer"/> constructor checks both.
    /// </summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Fixes the order of the samples in every epoch.</summary>
    public int Seed { get; init; }

    /// <summary>Whether each epoch leaves out a final batch smaller than <see cref="BatchSize"/>.</summary>
    public bool DropLast { get; init; } = true;

    /// <summary>Where progress and per-epoch results are written; null writes nothing.</summary>
    public TextWriter? Log { get; init; } = Console.Out;

    /// <summary>
    /// Whether to redraw a progress bar on one line during each epoch. Null chooses it when <see cref="Log"/> is
    /// the console and the console is a terminal; otherwise one plain line is written per epoch.
    /// </summary>
    public bool? Progress { get; init; }
}
