using System.ComponentModel;

namespace NetForge.Cpu.Float64;

/// <summary>The buffers of a float64 twin's batched pass: <see cref="NetworkBuffers"/> in doubles.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class NetworkBuffers64
{
    /// <summary>Allocates the inputs, outputs, targets and one gradient per parameter for <paramref name="capacity"/> samples.</summary>
    /// <param name="capacity">The most samples a batch holds; positive.</param>
    /// <param name="inputSize">Values per input sample.</param>
    /// <param name="outputSize">Values per output sample.</param>
    /// <param name="targets">Whether the targets are class labels or values.</param>
    /// <param name="parameters">The twin's parameters, which the gradients are shaped like.</param>
    protected NetworkBuffers64(int capacity, int inputSize, int outputSize, TargetKind targets, IReadOnlyList<Tensor64> parameters)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, Array.MaxLength / Math.Max(inputSize, outputSize));
        Capacity = capacity;
        Inputs = new double[capacity * inputSize];
        Outputs = new double[capacity * outputSize];
        Labels = targets == TargetKind.ClassLabels ? new int[capacity] : [];
        Targets = targets == TargetKind.Values ? new double[capacity * outputSize] : [];
        Gradients = parameters.Select(p => new Tensor64(p.Name + ".grad", p.Shape.ToArray())).ToArray();
    }

    /// <summary>The most samples a batch holds.</summary>
    public int Capacity { get; }

    /// <summary>The samples of the current batch, at most <see cref="Capacity"/>.</summary>
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

    private int _count;

    /// <summary>The loss of the last training step without its L2 penalty.</summary>
    public double DataLoss { get; set; }

    /// <summary>The inputs, [capacity, input size].</summary>
    public double[] Inputs { get; }

    /// <summary>The class labels, [capacity]; empty for value targets.</summary>
    public int[] Labels { get; }

    /// <summary>The target values, [capacity, output size]; empty for class labels.</summary>
    public double[] Targets { get; }

    /// <summary>The outputs of the last pass, [capacity, output size].</summary>
    public double[] Outputs { get; }

    /// <summary>The gradient of the mean loss for each parameter, written by <see cref="INetwork64.TrainStep"/>.</summary>
    public IReadOnlyList<Tensor64> Gradients { get; }
}
