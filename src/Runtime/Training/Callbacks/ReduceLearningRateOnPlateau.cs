namespace NetForge;

/// <summary>How <see cref="ReduceLearningRateOnPlateau"/> decides that a value improved on the best so far.</summary>
public enum ThresholdMode
{
    /// <summary>By a fraction of the best: below best·(1 − threshold), or above best·(1 + threshold).</summary>
    Relative,

    /// <summary>By an amount: below best − threshold, or above best + threshold.</summary>
    Absolute,
}

/// <summary>
/// Divides the learning rate when a metric stops improving, as the lectures advise and as PyTorch's
/// <c>ReduceLROnPlateau</c> does, with its defaults: after more than <see cref="Patience"/> epochs without an improvement
/// by more than the threshold, the rate is multiplied by <see cref="Factor"/> (not below <see cref="MinimumLearningRate"/>),
/// and the count restarts after <see cref="Cooldown"/> epochs. Whether lower or higher is better follows the metric.
/// </summary>
/// <remarks>Its counters are not part of a checkpoint: a run resumed from one starts them afresh.</remarks>
public sealed class ReduceLearningRateOnPlateau : ITrainingCallback
{
    private double _best;
    private int _badEpochs;
    private int _cooldownLeft;

    /// <summary>Creates the callback.</summary>
    /// <param name="monitor">The metric watched.</param>
    /// <param name="factor">What the rate is multiplied by, in [0, 1).</param>
    /// <param name="patience">The epochs without improvement that are tolerated.</param>
    /// <param name="threshold">How much better a value must be to count as an improvement.</param>
    /// <param name="thresholdMode">Whether <paramref name="threshold"/> is a fraction of the best value or an amount.</param>
    /// <param name="cooldown">The epochs after a reduction during which bad epochs are not counted.</param>
    /// <param name="minimumLearningRate">The rate is never reduced below this.</param>
    /// <param name="epsilon">A reduction smaller than this is not made.</param>
    public ReduceLearningRateOnPlateau(
        TrainingMetric monitor = TrainingMetric.ValidationLoss, double factor = 0.1, int patience = 10, double threshold = 1e-4,
        ThresholdMode thresholdMode = ThresholdMode.Relative, int cooldown = 0, double minimumLearningRate = 0, double epsilon = 1e-8)
    {
        if (!(factor >= 0 && factor < 1))
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "The factor must lie in [0, 1).");
        ArgumentOutOfRangeException.ThrowIfNegative(patience);
        ArgumentOutOfRangeException.ThrowIfNegative(cooldown);
        Monitor = monitor;
        Factor = factor;
        Patience = patience;
        Threshold = Schedules.CheckFactor(threshold, nameof(threshold));
        ThresholdMode = thresholdMode;
        Cooldown = cooldown;
        MinimumLearningRate = Schedules.CheckFactor(minimumLearningRate, nameof(minimumLearningRate));
        Epsilon = Schedules.CheckFactor(epsilon, nameof(epsilon));
        _best = TrainingMetrics.HigherIsBetter(monitor) ? double.NegativeInfinity : double.PositiveInfinity;
    }

    /// <summary>The metric watched.</summary>
    public TrainingMetric Monitor { get; }

    /// <summary>What the rate is multiplied by.</summary>
    public double Factor { get; }

    /// <summary>The epochs without improvement that are tolerated.</summary>
    public int Patience { get; }

    /// <summary>How much better a value must be to count as an improvement.</summary>
    public double Threshold { get; }

    /// <summary>Whether <see cref="Threshold"/> is relative or absolute.</summary>
    public ThresholdMode ThresholdMode { get; }

    /// <summary>The epochs after a reduction during which bad epochs are not counted.</summary>
    public int Cooldown { get; }

    /// <summary>The lowest rate a reduction goes to.</summary>
    public double MinimumLearningRate { get; }

    /// <summary>The smallest reduction that is made.</summary>
    public double Epsilon { get; }

    /// <inheritdoc />
    public void OnEpochEnd(Trainer trainer, EpochResult result)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(result);
        Observe(TrainingMetrics.Read(Monitor, result), trainer.Optimizer);
    }

    /// <summary>Takes one epoch's value of the metric and reduces the optimizer's rate when the plateau is long enough.</summary>
    internal void Observe(double value, IOptimizer optimizer)
    {
        if (Improves(value))
        {
            _best = value;
            _badEpochs = 0;
        }
        else
        {
            _badEpochs++;
        }
        if (_cooldownLeft > 0)
        {
            _cooldownLeft--;
            _badEpochs = 0;
        }
        if (_badEpochs <= Patience)
            return;
        var old = (double)optimizer.LearningRate;
        var reduced = Math.Max(old * Factor, MinimumLearningRate);
        if (old - reduced > Epsilon)
            optimizer.LearningRate = (float)reduced;
        _cooldownLeft = Cooldown;
        _badEpochs = 0;
    }

    private bool Improves(double value)
    {
        var higher = TrainingMetrics.HigherIsBetter(Monitor);
        return (higher, ThresholdMode) switch
        {
            (false, ThresholdMode.Relative) => value < _best * (1 - Threshold),
            (false, _) => value < _best - Threshold,
            (true, ThresholdMode.Relative) => value > _best * (1 + Threshold),
            (true, _) => value > _best + Threshold,
        };
    }
}
