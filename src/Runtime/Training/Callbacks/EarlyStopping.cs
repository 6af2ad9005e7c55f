namespace NetForge;

/// <summary>
/// Stops training when a metric has not improved for <see cref="Patience"/> epochs, as Keras's <c>EarlyStopping</c>
/// does, and puts back the parameters and state of the best epoch. Unlike Keras, restoring the best weights is the
/// default, and it happens whenever training ends (stopped or not) with a later epoch worse than the best.
/// </summary>
/// <remarks>Its counters and the best weights are not part of a checkpoint: a run resumed from one starts them afresh.</remarks>
public sealed class EarlyStopping : ITrainingCallback
{
    private float[][]? _bestValues;
    private int _wait;
    private int _lastEpoch;

    /// <summary>Creates the callback.</summary>
    /// <param name="monitor">The metric watched.</param>
    /// <param name="patience">The epochs without improvement after which training stops; 0 stops at the first.</param>
    /// <param name="minimumDelta">How much better a value must be than the best to count as an improvement.</param>
    /// <param name="restoreBestWeights">Whether to put back the best epoch's parameters and state when training ends.</param>
    public EarlyStopping(TrainingMetric monitor = TrainingMetric.ValidationLoss, int patience = 0, double minimumDelta = 0, bool restoreBestWeights = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(patience);
        Monitor = monitor;
        Patience = patience;
        MinimumDelta = Schedules.CheckFactor(minimumDelta, nameof(minimumDelta));
        RestoreBestWeights = restoreBestWeights;
        Best = TrainingMetrics.HigherIsBetter(monitor) ? double.NegativeInfinity : double.PositiveInfinity;
    }

    /// <summary>The metric watched.</summary>
    public TrainingMetric Monitor { get; }

    /// <summary>The epochs without improvement after which training stops.</summary>
    public int Patience { get; }

    /// <summary>How much better a value must be than the best to count as an improvement.</summary>
    public double MinimumDelta { get; }

    /// <summary>Whether the best epoch's parameters and state are put back when training ends.</summary>
    public bool RestoreBestWeights { get; }

    /// <summary>The best value of the metric so far.</summary>
    public double Best { get; private set; }

    /// <summary>The epoch (from 1) of <see cref="Best"/>; 0 before any.</summary>
    public int BestEpoch { get; private set; }

    /// <summary>The epoch after which training was stopped; 0 while it has not been.</summary>
    public int StoppedEpoch { get; private set; }

    /// <inheritdoc />
    public void OnEpochEnd(Trainer trainer, EpochResult result)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(result);
        var value = TrainingMetrics.Read(Monitor, result);
        _lastEpoch = result.Epoch;
        var improved = TrainingMetrics.HigherIsBetter(Monitor) ? value > Best + MinimumDelta : value < Best - MinimumDelta;
        if (improved)
        {
            Best = value;
            BestEpoch = result.Epoch;
            _wait = 0;
            if (RestoreBestWeights)
                Keep(trainer.Network);
            return;
        }
        _wait++;
        if (_wait >= Patience)
        {
            StoppedEpoch = result.Epoch;
            trainer.StopTraining = true;
        }
    }

    /// <inheritdoc />
    public void OnTrainEnd(Trainer trainer)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        if (!RestoreBestWeights || _bestValues is null || BestEpoch == _lastEpoch)
            return;
        var tensors = NetworkWeights.Tensors(trainer.Network).ToArray();
        for (var i = 0; i < tensors.Length; i++)
            _bestValues[i].CopyTo(tensors[i].Data, 0);
    }

    // The copies are made once and overwritten at each improvement, so that epochs allocate nothing after the first.
    private void Keep(INetwork network)
    {
        var tensors = NetworkWeights.Tensors(network).ToArray();
        _bestValues ??= tensors.Select(t => new float[t.Length]).ToArray();
        for (var i = 0; i < tensors.Length; i++)
            tensors[i].Data.CopyTo(_bestValues[i], 0);
    }
}
