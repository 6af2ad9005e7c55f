using ILGPU;
using ILGPU.Runtime;
using NetForge.Gpu.Kernels;

namespace NetForge.Gpu;

/// <summary>
/// A generated network placed on a <see cref="GpuDevice"/>: its parameters, gradients, optimizer state and step buffers
/// live on the device, each in one buffer allocated once, and its kernels are compiled when it is placed. The
/// generated class derives from this one with its kernels and their launches; the network it was placed from keeps
/// the parameters on the host, which training copies back after every epoch.
/// </summary>
/// <remarks>
/// Calls made through <see cref="INetwork"/> (<see cref="Predict"/>, <see cref="Evaluate"/>, <see cref="TrainStep"/>)
/// copy the host's parameters to the device first, so that they always see what <see cref="Parameters"/> holds; a
/// <see cref="Trainer"/> runs whole epochs instead, copying nothing but the losses back until an epoch ends.
/// </remarks>
public abstract class DeviceNetwork : IDeviceNetwork, IDisposable
{
    private readonly INetwork _host;
    // The buffers that live as long as the network, those of the batch capacity, and those of the data set placed:
    // the last two are released when a larger batch or another data set replaces them.
    private readonly List<MemoryBuffer> _buffers = [];
    private readonly List<MemoryBuffer> _capacityBuffers = [];
    private readonly List<MemoryBuffer> _dataBuffers = [];
    private List<MemoryBuffer> _allocating;
    private readonly Action<Index1D, ArrayView<byte>, ArrayView<float>, ArrayView<int>, ArrayView<int>, ArrayView<float>, ArrayView<int>, int, int, int> _gatherBytes;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<int>, ArrayView<int>, ArrayView<float>, ArrayView<int>, int, int, int> _gatherFloats;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, int, int> _gatherTargets;
    private readonly Action<Index1D, ArrayView<double>, ArrayView<int>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<int>, int, int, float, int> _totals;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, AdamScalars> _adam;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, SgdScalars> _sgd;
    private readonly float[] _hostValues;
    private readonly float[] _hostState;
    private int _capacity;
    private Dataset? _data;
    private DataOnDevice _dataViews;
    private OptimizerOnDevice? _optimizer;
    private ArrayView<int> _order;

    /// <summary>Places the parameters of <paramref name="host"/> on <paramref name="device"/> and compiles the runtime's kernels.</summary>
    /// <param name="host">The network on the host, whose parameters are copied and later copied back.</param>
    /// <param name="device">The accelerator.</param>
    protected DeviceNetwork(INetwork host, GpuDevice device)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(device);
        _host = host;
        _allocating = _buffers;
        GpuDevice = device;
        UsesTiles = device.ProductTiles;
        var count = host.Parameters.Sum(p => p.Length);
        _hostValues = new float[count];
        ParameterValues = Allocate<float>(Math.Max(count, 1));
        ParameterGradients = Allocate<float>(Math.Max(count, 1));
        _hostState = new float[host.State.Sum(t => t.Length)];
        StateValues = Allocate<float>(Math.Max(_hostState.Length, 1));
        var accelerator = device.Accelerator;
        _gatherBytes = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<byte>, ArrayView<float>, ArrayView<int>, ArrayView<int>, ArrayView<float>, ArrayView<int>, int, int, int>(Batches.GatherBytes);
        _gatherFloats = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<int>, ArrayView<int>, ArrayView<float>, ArrayView<int>, int, int, int>(Batches.GatherFloats);
        _gatherTargets = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, int, int>(Batches.GatherTargets);
        _totals = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<int>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<int>, int, int, float, int>(StepTotals.Sum);
        _adam = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, AdamScalars>(Optimizers.Adam);
        _sgd = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, SgdScalars>(Optimizers.Sgd);
        UploadParameters();
    }

    /// <summary>The device the network runs on.</summary>
    public GpuDevice GpuDevice { get; }

    /// <summary>Whether the dense layers' products run in shared-memory tiles: the device's <see cref="GpuDevice.ProductTiles"/> when the network was placed.</summary>
    public bool UsesTiles { get; }

    /// <inheritdoc />
    public string Device => GpuDevice.Choice;

    /// <summary>The number of kernel launches of one training step, its batch's gathering and the optimizer's update included.</summary>
    public abstract int LaunchesPerStep { get; }

    /// <summary>Every parameter, in the order of <see cref="Parameters"/>, in one buffer.</summary>
    protected ArrayView<float> ParameterValues { get; }

    /// <summary>Every parameter's gradient, laid out as <see cref="ParameterValues"/>.</summary>
    protected ArrayView<float> ParameterGradients { get; }

    /// <summary>Every state tensor (batch normalisation's running statistics), in the order of <see cref="State"/>, in one buffer.</summary>
    protected ArrayView<float> StateValues { get; }

    /// <summary>The batch's target values, [capacity, output size], for a network whose targets are values.</summary>
    protected ArrayView<float> Targets { get; private set; }

    /// <summary>The partial sums of the L2 penalty's Σw², <see cref="PenaltyChunks"/> of them, which the training step fills.</summary>
    protected ArrayView<double> PenaltyPartials { get; private set; }

    /// <summary>How many partial sums the L2 penalty's Σw² takes: one a chunk of each regularised weight; 0 without a penalty.</summary>
    protected virtual int PenaltyChunks => 0;

    /// <summary>The L2 penalty's λ; 0 without a penalty.</summary>
    protected virtual float PenaltyLambda => 0f;

    /// <summary>The batch's inputs, [capacity, input size].</summary>
    protected ArrayView<float> Inputs { get; private set; }

    /// <summary>The batch's class labels, [capacity].</summary>
    protected ArrayView<int> Labels { get; private set; }

    /// <summary>The network's outputs, [capacity, output size].</summary>
    protected ArrayView<float> Outputs { get; private set; }

    /// <summary>The loss's gradient with respect to the outputs, [capacity, output size].</summary>
    protected ArrayView<float> OutputsGradient { get; private set; }

    /// <summary>Each sample's loss, [capacity].</summary>
    protected ArrayView<double> SampleLosses { get; private set; }

    /// <summary>Each sample's 1 when its largest output is its label, else 0, [capacity].</summary>
    protected ArrayView<int> SampleHits { get; private set; }

    private ArrayView<double> StepLosses { get; set; }

    private ArrayView<double> StepDataLosses { get; set; }

    private ArrayView<int> StepHits { get; set; }

    /// <summary>The accelerator, for the generated class's kernels.</summary>
    protected Accelerator Accelerator => GpuDevice.Accelerator;

    /// <summary>A parameter's values, <paramref name="length"/> from <paramref name="offset"/> in <see cref="ParameterValues"/>.</summary>
    protected ArrayView<float> Parameter(int offset, int length) => ParameterValues.SubView(offset, length);

    /// <summary>A parameter's gradient, laid out as <see cref="Parameter"/>.</summary>
    protected ArrayView<float> Gradient(int offset, int length) => ParameterGradients.SubView(offset, length);

    /// <summary>A state tensor's values, <paramref name="length"/> from <paramref name="offset"/> in <see cref="StateValues"/>.</summary>
    protected ArrayView<float> StateTensor(int offset, int length) => StateValues.SubView(offset, length);

    /// <summary>Allocates a buffer of <paramref name="length"/> values, at least one, on the device, for as long as the network lives.</summary>
    protected ArrayView<T> Allocate<T>(long length) where T : unmanaged
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        var buffer = GpuDevice.Accelerator.Allocate1D<T>(length);
        _allocating.Add(buffer);
        return buffer.View;
    }

    /// <summary>Allocates the step buffers for batches of up to <paramref name="capacity"/> samples.</summary>
    protected abstract void AllocateSteps(int capacity);

    /// <summary>Launches the training forward, the loss with its gradient, and the backward on the first <paramref name="n"/> samples.</summary>
    protected abstract void LaunchTrainingStep(int n);

    /// <summary>Launches the inference forward and the loss on the first <paramref name="n"/> samples.</summary>
    protected abstract void LaunchEvaluation(int n);

    /// <summary>Launches the prediction forward on the first <paramref name="n"/> samples (the final softmax included).</summary>
    protected abstract void LaunchPrediction(int n);

    private void EnsureCapacity(int capacity)
    {
        if (capacity <= _capacity)
            return;
        // Buffers are allocated for the largest batch seen, once: an epoch's steps then allocate nothing.
        Release(_capacityBuffers);
        _capacity = 0;
        _allocating = _capacityBuffers;
        try
        {
            Inputs = Allocate<float>((long)capacity * InputLength);
            Labels = Allocate<int>(capacity);
            Targets = Allocate<float>(TargetKind == TargetKind.Values ? (long)capacity * OutputLength : 1);
            PenaltyPartials = Allocate<double>(Math.Max(PenaltyChunks, 1));
            Outputs = Allocate<float>((long)capacity * OutputLength);
            OutputsGradient = Allocate<float>((long)capacity * OutputLength);
            SampleLosses = Allocate<double>(capacity);
            SampleHits = Allocate<int>(capacity);
            AllocateSteps(capacity);
        }
        finally
        {
            _allocating = _buffers;
        }
        _capacity = capacity;
    }

    private void UploadParameters()
    {
        Upload(_host.Parameters, _hostValues, ParameterValues);
        Upload(_host.State, _hostState, StateValues);
    }

    /// <summary>Copies the parameters and the state on the device into the host network's <see cref="Parameters"/> and <see cref="State"/>.</summary>
    public void DownloadParameters()
    {
        Download(ParameterValues, _hostValues, _host.Parameters);
        Download(StateValues, _hostState, _host.State);
    }

    // The tensors laid end to end in `staging`, then copied to the device.
    private static void Upload(IReadOnlyList<Tensor> tensors, float[] staging, ArrayView<float> device)
    {
        var offset = 0;
        foreach (var tensor in tensors)
        {
            tensor.Data.CopyTo(staging, offset);
            offset += tensor.Length;
        }
        if (staging.Length > 0)
            device.SubView(0, staging.Length).CopyFromCPU(staging);
    }

    // The device's values copied into `staging`, then shared out among the tensors.
    private static void Download(ArrayView<float> device, float[] staging, IReadOnlyList<Tensor> tensors)
    {
        if (staging.Length > 0)
            device.SubView(0, staging.Length).CopyToCPU(staging);
        var offset = 0;
        foreach (var tensor in tensors)
        {
            staging.AsSpan(offset, tensor.Length).CopyTo(tensor.Data);
            offset += tensor.Length;
        }
    }

    /// <inheritdoc />
    public void CheckTraining(IOptimizer optimizer, TrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(options);
        string? unsupported =
            optimizer is not (Adam or Sgd) ? $"the optimizer {optimizer.GetType().Name} (Adam and Sgd train on the device)"
            : options.Augmentation is not null ? "TrainerOptions.Augmentation"
            : options.ClipGradientNorm is not null ? "TrainerOptions.ClipGradientNorm"
            : options.TrackUpdateRatios ? "TrainerOptions.TrackUpdateRatios"
            : options.CheckpointPath is not null ? "TrainerOptions.CheckpointPath"
            : _host.Parameters.FirstOrDefault(p => p.Frozen) is { } frozen ? $"the frozen parameter '{frozen.Name}'"
            : null;
        if (unsupported is not null)
            throw new NotSupportedException($"Training on the device does not support {unsupported} yet; train on the CPU for it.");
    }

    /// <inheritdoc />
    public DeviceEpoch TrainEpoch(Dataset train, Minibatches batches, IOptimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(batches);
        ArgumentNullException.ThrowIfNull(optimizer);
        CheckTraining(optimizer, new TrainerOptions());
        UploadParameters();
        EnsureCapacity(batches.BatchSize);
        PlaceData(train);
        _order.SubView(0, batches.Order.Length).CopyFromCPU(batches.Order);
        var state = OptimizerState(optimizer);
        var steps = batches.BatchCount;
        var samples = new int[steps];
        for (var b = 0; b < steps; b++)
        {
            var n = batches.Batch(b).Length;
            samples[b] = n;
            Gather(b * batches.BatchSize, n);
            LaunchTrainingStep(n);
            Totals(n, b, PenaltyChunks);
            Update(optimizer, state);
            TrainingSteps++;
        }
        var losses = new double[steps];
        var dataLosses = new double[steps];
        var hits = new int[steps];
        StepLosses.SubView(0, steps).CopyToCPU(losses);
        StepDataLosses.SubView(0, steps).CopyToCPU(dataLosses);
        StepHits.SubView(0, steps).CopyToCPU(hits);
        DownloadParameters();
        return new DeviceEpoch(losses, dataLosses, hits, samples);
    }

    private void Totals(int n, int step, int chunks) =>
        _totals(1, SampleLosses, SampleHits, PenaltyPartials, StepLosses, StepDataLosses, StepHits, n, chunks, PenaltyLambda, step);

    private void Gather(int first, int n)
    {
        var labelled = TargetKind == TargetKind.ClassLabels ? 1 : 0;
        if (_dataViews.FromBytes)
            _gatherBytes(n * InputLength, _dataViews.Bytes, _dataViews.Table, _dataViews.Labels, _order, Inputs, Labels, first, InputLength, labelled);
        else
            _gatherFloats(n * InputLength, _dataViews.Floats, _dataViews.Labels, _order, Inputs, Labels, first, InputLength, labelled);
        if (TargetKind == TargetKind.Values)
            _gatherTargets(n * OutputLength, _dataViews.Targets, Targets, _order, first, OutputLength);
    }

    /// <summary>
    /// Copies <paramref name="train"/> to the device as it is held (Fashion-MNIST's 47 MB of bytes), for the epochs
    /// that train on it; the first epoch does so itself when this was not called, and another data set replaces it.
    /// </summary>
    public void PlaceData(Dataset train)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (ReferenceEquals(train, _data))
            return;
        if (train.SampleSize != InputLength || train.TargetKind != TargetKind || train.OutputSize != OutputLength)
            throw new ArgumentException(
                $"The data set's samples of {train.SampleSize} values with {train.OutputSize} {train.TargetKind} do not fit this network's input of {InputLength} and {OutputLength} {TargetKind}.",
                nameof(train));
        var (bytes, table) = train.ByteFeatures;
        Release(_dataBuffers);
        (_data, StepLosses, StepDataLosses, StepHits) = (null, default, default, default);
        _allocating = _dataBuffers;
        try
        {
            // What a data set does not have is a view of one value, which the kernels are passed but never read.
            var labels = train.TargetKind == TargetKind.ClassLabels ? Upload(train.Labels) : Allocate<int>(1);
            var targets = train.TargetKind == TargetKind.Values ? Upload(train.TargetValues) : Allocate<float>(1);
            _dataViews = bytes is not null
                ? new DataOnDevice(true, Upload(bytes), Upload(table!), Allocate<float>(1), labels, targets)
                : new DataOnDevice(false, Allocate<byte>(1), Allocate<float>(1), Upload(train.FloatFeatures), labels, targets);
            _order = Allocate<int>(train.Count);
            StepLosses = Allocate<double>(train.Count);
            StepDataLosses = Allocate<double>(train.Count);
            StepHits = Allocate<int>(train.Count);
        }
        finally
        {
            _allocating = _buffers;
        }
        _data = train;
    }

    private ArrayView<T> Upload<T>(T[] values) where T : unmanaged
    {
        var view = Allocate<T>(values.Length);
        view.CopyFromCPU(values);
        return view;
    }

    private OptimizerOnDevice OptimizerState(IOptimizer optimizer)
    {
        if (_optimizer is { } known && ReferenceEquals(known.Optimizer, optimizer))
            return known;
        // A new optimizer starts from zero moments, as one does on the CPU before its first step.
        var length = Math.Max(_hostValues.Length, 1);
        var first = Allocate<float>(length);
        var second = Allocate<float>(optimizer is Adam ? length : 1);
        first.MemSetToZero();
        second.MemSetToZero();
        return _optimizer = new OptimizerOnDevice(optimizer, first, second);
    }

    private void Update(IOptimizer optimizer, OptimizerOnDevice state)
    {
        var length = _hostValues.Length;
        state.Steps++;
        if (length == 0)
            return;
        if (optimizer is Adam adam)
        {
            // As in PyTorch, the bias corrections are computed in double and enter the float updates as scalars.
            var correction1 = 1.0 - Math.Pow(adam.Beta1, state.Steps);
            var correction2 = 1.0 - Math.Pow(adam.Beta2, state.Steps);
            var scalars = new AdamScalars((float)(adam.LearningRate / correction1), (float)Math.Sqrt(correction2), 1f - adam.Beta1, adam.Beta2,
                1f - adam.Beta2, adam.Epsilon, adam.WeightDecay);
            _adam(length, ParameterValues, ParameterGradients, state.First, state.Second, scalars);
        }
        else
        {
            var sgd = (Sgd)optimizer;
            _sgd(length, ParameterValues, ParameterGradients, state.First, new SgdScalars(sgd.LearningRate, sgd.Momentum, sgd.WeightDecay, sgd.Nesterov ? 1 : 0));
        }
    }

    private void CopyBatchIn(NetworkBuffers buffers)
    {
        UploadParameters();
        EnsureCapacity(buffers.Count);
        Inputs.SubView(0, (long)buffers.Count * InputLength).CopyFromCPU(buffers.Inputs.AsSpan(0, buffers.Count * InputLength));
        if (TargetKind == TargetKind.ClassLabels)
            Labels.SubView(0, buffers.Count).CopyFromCPU(buffers.Labels.AsSpan(0, buffers.Count));
        else
            Targets.SubView(0, (long)buffers.Count * OutputLength).CopyFromCPU(buffers.Targets.AsSpan(0, buffers.Count * OutputLength));
    }

    // The batch's loss with the penalty of the given number of partial sums (none for an evaluation), and without it.
    private (double Loss, double DataLoss) BatchLoss(int n, int chunks)
    {
        if (StepLosses.Length == 0)
        {
            StepLosses = Allocate<double>(1);
            StepDataLosses = Allocate<double>(1);
            StepHits = Allocate<int>(1);
        }
        Totals(n, 0, chunks);
        var loss = new double[1];
        var dataLoss = new double[1];
        StepLosses.SubView(0, 1).CopyToCPU(loss);
        StepDataLosses.SubView(0, 1).CopyToCPU(dataLoss);
        return (loss[0], dataLoss[0]);
    }

    /// <inheritdoc />
    /// <remarks>Copies the batch and the parameters to the device, runs the step there and copies the gradients back.</remarks>
    public double TrainStep(NetworkBuffers buffers)
    {
        ArgumentNullException.ThrowIfNull(buffers);
        CopyBatchIn(buffers);
        LaunchTrainingStep(buffers.Count);
        var (loss, dataLoss) = BatchLoss(buffers.Count, PenaltyChunks);
        Download(ParameterGradients, new float[_hostValues.Length], buffers.Gradients);
        Outputs.SubView(0, (long)buffers.Count * OutputLength).CopyToCPU(buffers.Outputs.AsSpan(0, buffers.Count * OutputLength));
        buffers.DataLoss = dataLoss;
        // The step moved batch normalisation's running statistics, as a CPU step does.
        DownloadParameters();
        TrainingSteps++;
        return loss;
    }

    /// <inheritdoc />
    /// <remarks>Copies the batch and the parameters to the device, evaluates there and copies the outputs back.</remarks>
    public double Evaluate(NetworkBuffers buffers)
    {
        ArgumentNullException.ThrowIfNull(buffers);
        CopyBatchIn(buffers);
        LaunchEvaluation(buffers.Count);
        var (loss, _) = BatchLoss(buffers.Count, 0);
        Outputs.SubView(0, (long)buffers.Count * OutputLength).CopyToCPU(buffers.Outputs.AsSpan(0, buffers.Count * OutputLength));
        return loss;
    }

    /// <inheritdoc />
    /// <remarks>Copies the sample and the parameters to the device and the output back: for checking the device, not for speed.</remarks>
    public void Predict(ReadOnlySpan<float> input, Span<float> output)
    {
        if (input.Length != InputLength)
            throw new ArgumentException($"The network takes {InputLength} input values, not {input.Length}.", nameof(input));
        if (output.Length != OutputLength)
            throw new ArgumentException($"The network yields {OutputLength} output values, not {output.Length}.", nameof(output));
        UploadParameters();
        EnsureCapacity(1);
        Inputs.SubView(0, InputLength).CopyFromCPU(input.ToArray());
        LaunchPrediction(1);
        var values = new float[OutputLength];
        Outputs.SubView(0, OutputLength).CopyToCPU(values);
        values.CopyTo(output);
    }

    /// <inheritdoc />
    public int Classify(ReadOnlySpan<float> input)
    {
        var output = new float[OutputLength];
        Predict(input, output);
        return Cpu.Reduce.ArgMax(output);
    }

    /// <inheritdoc />
    public ReadOnlySpan<int> InputShape => _host.InputShape;

    /// <inheritdoc />
    public ReadOnlySpan<int> OutputShape => _host.OutputShape;

    /// <inheritdoc />
    public IReadOnlyList<Tensor> Parameters => _host.Parameters;

    /// <inheritdoc />
    public IReadOnlyList<Tensor> State => _host.State;

    /// <inheritdoc />
    public int Seed { get => _host.Seed; set => _host.Seed = value; }

    /// <inheritdoc />
    public long TrainingSteps { get => _host.TrainingSteps; set => _host.TrainingSteps = value; }

    /// <inheritdoc />
    public NetworkGraph Graph => _host.Graph;

    /// <inheritdoc />
    public int InputLength => _host.InputLength;

    /// <inheritdoc />
    public int OutputLength => _host.OutputLength;

    /// <inheritdoc />
    public TargetKind TargetKind => _host.TargetKind;

    /// <inheritdoc />
    public NetworkBuffers CreateBuffers(int capacity) => _host.CreateBuffers(capacity);

    /// <summary>Releases the network's buffers on the device; the device itself stays open.</summary>
    public void Dispose()
    {
        Release(_buffers);
        Release(_capacityBuffers);
        Release(_dataBuffers);
        GC.SuppressFinalize(this);
    }

    private static void Release(List<MemoryBuffer> buffers)
    {
        foreach (var buffer in buffers)
            buffer.Dispose();
        buffers.Clear();
    }

    private readonly record struct DataOnDevice(bool FromBytes, ArrayView<byte> Bytes, ArrayView<float> Table, ArrayView<float> Floats, ArrayView<int> Labels, ArrayView<float> Targets);

    private sealed class OptimizerOnDevice(IOptimizer optimizer, ArrayView<float> first, ArrayView<float> second)
    {
        public IOptimizer Optimizer { get; } = optimizer;

        public ArrayView<float> First { get; } = first;

        public ArrayView<float> Second { get; } = second;

        public int Steps { get; set; }
    }
}
