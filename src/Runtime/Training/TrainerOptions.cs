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

    /// <summary>
    /// The learning rate of each epoch, or null to keep the optimizer's: before every epoch the trainer sets
    /// <see cref="IOptimizer.LearningRate"/> to the schedule's rate for it, from the rate the optimizer had when the
    /// trainer was created. Since it sets the rate every epoch, it overrides what a callback such as
    /// <see cref="ReduceLearningRateOnPlateau"/> changed: use one or the other.
    /// </summary>
    public ILearningRateSchedule? Schedule { get; init; }

    /// <summary>What runs around each epoch (after the schedule): <see cref="ReduceLearningRateOnPlateau"/>,
    /// <see cref="EarlyStopping"/>, <see cref="EpochEndCallback"/> or your own; in this order.</summary>
    public IReadOnlyList<ITrainingCallback> Callbacks { get; init; } = [];

    /// <summary>
    /// Whether to measure, for each parameter tensor, ‖update‖ / ‖weight‖ of every step (the lectures advise about
    /// 10⁻³) and report its mean per epoch in <see cref="EpochResult.UpdateRatios"/>; the log warns when a weight's
    /// ratio is more than ten times off. Off by default: it copies the parameters before each step.
    /// </summary>
    public bool TrackUpdateRatios { get; init; }

    /// <summary>
    /// The largest global L2 norm of each step's gradients, or null for no limit: above it, the trainer scales them
    /// down with <see cref="GradientClipping.ClipByGlobalNorm(IReadOnlyList{Tensor}, IReadOnlyList{Tensor}, float)"/> before the optimizer's step, as
    /// <c>torch.nn.utils.clip_grad_norm_</c> does. It must be positive; the <see cref="Trainer"/> constructor checks it.
    /// </summary>
    public float? ClipGradientNorm { get; init; }

    /// <summary>
    /// The threads the large dense and convolution products, pooling and Adam's update run on while training and
    /// validating, the calling thread included; 1 by default. The threads are started once and kept. Each is split by
    /// samples, by output rows or by blocks of values, never inside a sum, so training gives the same bits with any
    /// number of threads. <see cref="CpuThreads.Use"/> sets the same for predictions.
    /// </summary>
    public int Threads { get; init; } = 1;

    /// <summary>
    /// What transforms each training batch after it is copied into the network's buffers, or null for nothing: an
    /// <see cref="IAugmentation"/> such as <see cref="RandomCrop"/>, or several in an <see cref="AugmentationPipeline"/>.
    /// Its seed comes from <see cref="Seed"/>, the epoch and the batch, so a run, and one resumed from a checkpoint,
    /// draws the same transformations. Validation passes and <c>Evaluate</c> never see it. It needs a network whose
    /// input shape is [channels, height, width]; the <see cref="Trainer"/> constructor checks that.
    /// </summary>
    public IAugmentation? Augmentation { get; init; }

    /// <summary>
    /// Where to keep a checkpoint, or null for none. After every epoch the trainer replaces the file atomically with
    /// the network's parameters and state, the optimizer's state and where the run stands;
    /// <see cref="Trainer.LoadCheckpoint"/> resumes from it, and the run then continues bit for bit as if it had never
    /// stopped. The file is also a weights file that <see cref="NetworkWeights.LoadWeights(INetwork, string, WeightLoadOptions?)"/> reads.
    /// </summary>
    public string? CheckpointPath { get; init; }

    /// <summary>Where progress and per-epoch results are written; null writes nothing.</summary>
    public TextWriter? Log { get; init; } = Console.Out;

    /// <summary>
    /// Whether to redraw a progress bar on one line during each epoch. Null chooses it when <see cref="Log"/> is
    /// the console and the console is a terminal; otherwise one plain line is written per epoch.
    /// </summary>
    public bool? Progress { get; init; }
}
