namespace NetForge;

/// <summary>
/// Every buffer one batched forward and backward pass needs, allocated once for a fixed capacity.
/// The trainer fills <see cref="Inputs"/> and the targets, sets <see cref="Count"/>, and calls the network;
/// a generated subclass adds the activations of each layer.
/// </summary>
public abstract class NetworkBuffers
{
    /// <summary>Allocates the inputs, targets, outputs and one gradient tensor per parameter.</summary>
    /// <param name="capacity">The most samples a batch may hold.</param>
    /// <param name="inputSize">Values per input sample.</param>
    /// <param name="outputSize">Values per output sample.</param>
    /// <param name="targets">Whether the loss takes class labels or real values.</param>
    /// <param name="parameters">The network's parameters, whose shapes the gradients copy.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, or <paramref name="capacity"/> samples of
    /// the larger of the two sizes would not fit in one array; the message gives the largest capacity that fits.</exception>
    protected NetworkBuffers(int capacity, int inputSize, int outputSize, TargetKind targets, IReadOnlyList<Tensor> parameters)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputSize);
        ArgumentNullException.ThrowIfNull(parameters);
        var largest = Math.Max(inputSize, outputSize);
        var limit = MaxCapacity(largest);
        if (capacity > limit)
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity,
                FormattableString.Invariant($"A capacity of {capacity} samples of {largest} values needs more than the {Array.MaxLength} elements an array holds; at most {limit} samples fit."));
        Capacity = capacity;
        InputSize = inputSize;
        OutputSize = outputSize;
        TargetKind = targets;
        Inputs = Cpu.AlignedArrays.Allocate(capacity * inputSize);
        Outputs = Cpu.AlignedArrays.Allocate(capacity * outputSize);
        Labels = targets == TargetKind.ClassLabels ? new int[capacity] : [];
        Targets = targets == TargetKind.Values ? Cpu.AlignedArrays.Allocate(capacity * outputSize) : [];
        var gradients = new Tensor[parameters.Count];
        for (var i = 0; i < gradients.Length; i++)
            gradients[i] = new Tensor(parameters[i].Name + ".grad", parameters[i].Shape.ToArray());
        Gradients = gradients;
    }

    /// <summary>The largest capacity for which a buffer of <paramref name="sampleSize"/> values per sample fits in an array.</summary>
    internal static int MaxCapacity(int sampleSize) => Array.MaxLength / Math.Max(1, sampleSize);

    /// <summary>The most samples a batch may hold.</summary>
    public int Capacity { get; }

    /// <summary>Values per input sample.</summary>
    public int InputSize { get; }

    /// <summary>Values per output sample.</summary>
    public int OutputSize { get; }

    /// <summary>Whether <see cref="Labels"/> or <see cref="Targets"/> holds the targets.</summary>
    public TargetKind TargetKind { get; }

    private int _count;

    /// <summary>The number of samples in the current batch, at most <see cref="Capacity"/>.</summary>
    public int Count
    {
        get => _count;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, Capacity);
            _count = value;
        }
    }

    /// <summary>
    /// The mean data loss of the last <see cref="INetwork.TrainStep"/>, without the L2 penalty a loss's <c>l2</c> adds:
    /// what the step returned, less λ·Σw².
    /// </summary>
    public double DataLoss { get; set; }

    /// <summary>The inputs, [capacity, inputSize] row-major.</summary>
    public float[] Inputs { get; }

    /// <summary>The class label of each sample; empty unless the targets are class labels.</summary>
    public int[] Labels { get; }

    /// <summary>The target values, [capacity, outputSize]; empty unless the targets are values.</summary>
    public float[] Targets { get; }

    /// <summary>
    /// The network's output for each sample, [capacity, outputSize], written by every forward pass. When the
    /// last layer is a softmax fused into the loss, training steps and evaluations leave the logits here (their arg-max is the same).
    /// </summary>
    public float[] Outputs { get; }

    /// <summary>The gradient of the mean batch loss for each parameter, in the order of <see cref="INetwork.Parameters"/>.</summary>
    public IReadOnlyList<Tensor> Gradients { get; }
}
