using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace NetForge;

/// <summary>
/// Trains a network with minibatch gradient steps. The network's buffers are created once and reused by every
/// step and every validation pass.
/// </summary>
public sealed class Trainer
{
    private readonly NetworkBuffers _buffers;
    private readonly TrainingLog _log;
    private readonly double _baseLearningRate;
    private readonly UpdateRatios? _ratios;
    private Minibatches? _batches;

    /// <summary>Prepares to train <paramref name="network"/> and allocates its buffers.</summary>
    /// <param name="network">The network whose parameters are trained.</param>
    /// <param name="optimizer">Turns each step's gradients into parameter updates.</param>
    /// <param name="options">Batching and output; the defaults of <see cref="TrainerOptions"/> when null.</param>
    /// <exception cref="ArgumentException"><see cref="TrainerOptions.BatchSize"/> is not positive, or so large that
    /// the network's buffers would not fit in arrays (the message names the option and the largest size that fits), or
    /// <see cref="TrainerOptions.ClipGradientNorm"/> or <see cref="TrainerOptions.Threads"/> is not positive, or <see cref="TrainerOptions.Augmentation"/> is set
    /// for a network whose input shape is not [channels, height, width].</exception>
    public Trainer(INetwork network, IOptimizer optimizer, TrainerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(optimizer);
        options ??= new TrainerOptions();
        if (options.ClipGradientNorm is { } maxNorm)
            GradientClipping.CheckMaxNorm(maxNorm, nameof(options));
        ArgumentNullException.ThrowIfNull(options.Callbacks, nameof(options));
        if (options.Threads < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.Threads,
                FormattableString.Invariant($"TrainerOptions.Threads is {options.Threads}; it must be at least 1."));
        if (options.Augmentation is not null)
            ImageBatch.CheckNetwork(network.InputShape, nameof(options));
        (network as IDeviceNetwork)?.CheckTraining(optimizer, options);
        Network = network;
        Optimizer = optimizer;
        Options = options;
        _baseLearningRate = optimizer.LearningRate;
        _ratios = options.TrackUpdateRatios ? new UpdateRatios(network.Parameters) : null;
        _buffers = CreateBuffers(network, options);
        var progress = options.Progress
            ?? (options.Log is not null && ReferenceEquals(options.Log, Console.Out) && !Console.IsOutputRedirected);
        _log = new TrainingLog(options.Log, progress);
    }

    private static NetworkBuffers CreateBuffers(INetwork network, TrainerOptions options)
    {
        var batchSize = options.BatchSize;
        if (batchSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(options), batchSize,
                FormattableString.Invariant($"TrainerOptions.BatchSize is {batchSize}; it must be positive."));
        // The inputs and outputs are checked here, so that the limit is named even for a network whose buffers
        // multiply before NetworkBuffers checks them.
        var largest = Math.Max(network.InputLength, network.OutputLength);
        var limit = NetworkBuffers.MaxCapacity(largest);
        if (batchSize > limit)
            throw new ArgumentOutOfRangeException(nameof(options), batchSize,
                FormattableString.Invariant($"TrainerOptions.BatchSize is {batchSize}, but at most {limit} samples of {largest} values fit in an array."));
        // Only the network knows the sizes of its hidden layers, so their limit comes from its own check.
        try
        {
            return network.CreateBuffers(batchSize);
        }
        catch (ArgumentOutOfRangeException e) when (e.ParamName == "capacity")
        {
            throw new ArgumentException(
                FormattableString.Invariant($"TrainerOptions.BatchSize is {batchSize}, more than the network's buffers can hold: {e.Message}"), nameof(options), e);
        }
    }

    /// <summary>The network being trained.</summary>
    public INetwork Network { get; }

    /// <summary>The optimizer that updates the parameters.</summary>
    public IOptimizer Optimizer { get; }

    /// <summary>The batching and output options.</summary>
    public TrainerOptions Options { get; }

    /// <summary>The number of epochs trained so far; the next epoch's number is one more.</summary>
    public int EpochsCompleted { get; private set; }

    /// <summary>
    /// Set by a callback (as <see cref="EarlyStopping"/> does) to end <see cref="Fit"/> after the current epoch, as
    /// Keras's <c>model.stop_training</c>; each <see cref="Fit"/> starts with it false.
    /// </summary>
    public bool StopTraining { get; set; }

    /// <summary>
    /// Writes a checkpoint to <paramref name="path"/> atomically: the network's parameters, state and training steps,
    /// the optimizer's state and learning rate, and the epochs completed.
    /// </summary>
    public void SaveCheckpoint(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Checkpoint.Write(path, this);
    }

    /// <summary>
    /// Restores the network, the optimizer and <see cref="EpochsCompleted"/> from a checkpoint written by
    /// <see cref="SaveCheckpoint"/> or <see cref="TrainerOptions.CheckpointPath"/>, so that the next epoch is the one the
    /// checkpointed run would have trained next, with the same samples in the same order. Everything is checked
    /// before anything changes.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a checkpoint of this network and optimizer.</exception>
    /// <exception cref="ArgumentException">The checkpoint was written with another seed, batch size or DropLast.</exception>
    public void LoadCheckpoint(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        EpochsCompleted = Checkpoint.Read(path, this);
    }

    /// <summary>Trains one epoch over <paramref name="train"/> in a freshly shuffled order.</summary>
    /// <exception cref="ArgumentException">The data set does not match the network or holds less than one batch.</exception>
    public EpochResult TrainEpoch(Dataset train)
    {
        CheckTrainingSet(train);
        ApplySchedule();
        return RunEpoch(train, null, (EpochsCompleted + 1).ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Trains <paramref name="epochs"/> epochs, evaluating on <paramref name="validation"/> after each, with the
    /// <see cref="TrainerOptions.Schedule"/> and <see cref="TrainerOptions.Callbacks"/>; a callback can end it early.
    /// </summary>
    /// <param name="train">The training samples.</param>
    /// <param name="epochs">The number of epochs to train.</param>
    /// <param name="validation">Samples to evaluate after each epoch, or null for none.</param>
    /// <returns>One result per epoch trained.</returns>
    /// <exception cref="ArgumentException">A data set does not match the network, or the training set holds less
    /// than one batch; both are checked before the first step.</exception>
    public IReadOnlyList<EpochResult> Fit(Dataset train, int epochs, Dataset? validation = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epochs);
        CheckTrainingSet(train);
        if (validation is not null)
            NetworkEvaluation.CheckMatches(Network, validation, nameof(validation));
        var last = EpochsCompleted + epochs;
        var results = new List<EpochResult>(epochs);
        StopTraining = false;
        for (var i = 0; i < epochs && !StopTraining; i++)
        {
            var label = string.Create(CultureInfo.InvariantCulture, $"{EpochsCompleted + 1}/{last}");
            ApplySchedule();
            foreach (var callback in Options.Callbacks)
                callback.OnEpochBegin(this, EpochsCompleted + 1);
            var result = RunEpoch(train, validation, label);
            results.Add(result);
            foreach (var callback in Options.Callbacks)
                callback.OnEpochEnd(this, result);
        }
        foreach (var callback in Options.Callbacks)
            callback.OnTrainEnd(this);
        return results;
    }

    private void ApplySchedule()
    {
        if (Options.Schedule is { } schedule)
            Optimizer.LearningRate = (float)schedule.LearningRate(EpochsCompleted, _baseLearningRate);
    }

    private void CheckTrainingSet(Dataset train)
    {
        ArgumentNullException.ThrowIfNull(train);
        NetworkEvaluation.CheckMatches(Network, train, nameof(train));
        if (_batches is null || _batches.SampleCount != train.Count)
            _batches = new Minibatches(train.Count, Options.BatchSize, Options.Seed, Options.DropLast);
        if (_batches.BatchCount == 0)
            throw new ArgumentException(
                FormattableString.Invariant($"The training set has {train.Count} samples, not enough for one batch of {Options.BatchSize}") +
                (Options.DropLast ? " with DropLast set." : "."), nameof(train));
    }

    // The methods a training step runs through are compiled optimised at once, as the kernels are: left to tiering,
    // each was compiled three times over the first epoch, on a background thread that took CPU time from the
    // training threads (docs/training.md).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private EpochResult RunEpoch(Dataset train, Dataset? validation, string label)
    {
        using var threads = Cpu.Workers.Enter(Options.Threads);
        var batches = _batches!;
        var epoch = EpochsCompleted + 1;
        var classify = train.TargetKind == TargetKind.ClassLabels;
        var learningRate = Optimizer.LearningRate;
        double lossSum = 0, dataLossSum = 0;
        long correct = 0, seen = 0;
        _log.BeginEpoch();
        _ratios?.BeginEpoch();
        var clock = Stopwatch.StartNew();
        batches.Shuffle(epoch);
        if (Network is IDeviceNetwork device)
        {
            // The device runs the whole epoch and reports its steps at the end; they are checked and summed as here.
            var run = device.TrainEpoch(train, batches, Optimizer);
            for (var b = 0; b < run.StepLosses.Length; b++)
            {
                if (!double.IsFinite(run.StepLosses[b]))
                    throw Diverged(epoch, b + 1, batches.BatchCount, FormattableString.Invariant($"the loss is {run.StepLosses[b]}"));
                lossSum += run.StepLosses[b] * run.StepSamples[b];
                dataLossSum += run.StepDataLosses[b] * run.StepSamples[b];
                seen += run.StepSamples[b];
                correct += run.StepCorrect[b];
            }
            _log.Progress(label, batches.BatchCount, batches.BatchCount, lossSum / seen, classify ? (double)correct / seen : double.NaN);
        }
        else
        {
            for (var b = 0; b < batches.BatchCount; b++)
            {
                train.CopyBatch(batches.Batch(b), _buffers);
                Options.Augmentation?.Apply(_buffers.Inputs, _buffers.Count, Network.InputShape, ImageBatch.TrainingSeed(Options.Seed, epoch, b));
                var loss = Network.TrainStep(_buffers);
                if (!double.IsFinite(loss))
                    throw Diverged(epoch, b + 1, batches.BatchCount, FormattableString.Invariant($"the loss is {loss}"));
                if (Options.ClipGradientNorm is { } maxNorm)
                    GradientClipping.ClipByGlobalNorm(Network.Parameters, _buffers.Gradients, maxNorm);
                _ratios?.BeforeStep(Network.Parameters);
                Optimizer.Step(Network.Parameters, _buffers.Gradients);
                _ratios?.AfterStep(Network.Parameters);
                lossSum += (double)loss * _buffers.Count;
                dataLossSum += _buffers.DataLoss * _buffers.Count;
                seen += _buffers.Count;
                if (classify)
                    correct += NetworkEvaluation.CountCorrect(_buffers);
                _log.Progress(label, b + 1, batches.BatchCount, lossSum / seen, classify ? (double)correct / seen : double.NaN);
            }
        }
        clock.Stop();

        // The last step's update can overflow even when its loss was finite; such weights must not be checkpointed.
        if (NonFiniteParameter() is { } parameter)
            throw Diverged(epoch, batches.BatchCount, batches.BatchCount, $"parameter '{parameter}' holds a value that is not finite");
        var evaluation = validation is null ? null : NetworkEvaluation.Evaluate(Network, validation, _buffers);
        var result = new EpochResult(epoch, lossSum / seen, classify ? (double)correct / seen : double.NaN, clock.Elapsed.TotalSeconds, evaluation)
        {
            LearningRate = learningRate,
            DataLoss = dataLossSum / seen,
            UpdateRatios = _ratios?.Means(Network.Parameters) ?? new Dictionary<string, double>(),
        };
        EpochsCompleted = epoch;
        if (Options.CheckpointPath is { } checkpoint)
            Checkpoint.Write(checkpoint, this);
        _log.EndEpoch(label, result, batches.BatchCount);
        return result;
    }

    private TrainingDivergedException Diverged(int epoch, int step, int steps, string what)
    {
        var kept = Options.CheckpointPath is { } path && EpochsCompleted > 0
            ? FormattableString.Invariant($" The checkpoint {path} still holds epoch {EpochsCompleted}.")
            : "";
        return new TrainingDivergedException(epoch, step,
            FormattableString.Invariant($"Training diverged in epoch {epoch}, step {step} of {steps}: {what}. Try a smaller learning rate.{kept}"));
    }

    private string? NonFiniteParameter()
    {
        foreach (var parameter in Network.Parameters)
        {
            foreach (var value in parameter.Data)
            {
                if (!float.IsFinite(value))
                    return parameter.Name;
            }
        }
        return null;
    }
}
