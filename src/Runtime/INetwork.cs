namespace NetForge;

/// <summary>
/// What the trainer and the evaluation helpers need of a generated network. Every generated network
/// implements it; the methods work on buffers created once by <see cref="CreateBuffers"/> and allocate nothing.
/// </summary>
public interface INetwork
{
    /// <summary>Values per input sample.</summary>
    int InputLength { get; }

    /// <summary>Values per output sample.</summary>
    int OutputLength { get; }

    /// <summary>Whether the loss takes class labels or real values.</summary>
    TargetKind TargetKind { get; }

    /// <summary>The trainable parameters, layer by layer, weight before bias.</summary>
    IReadOnlyList<Tensor> Parameters { get; }

    /// <summary>Allocates the buffers for batches of up to <paramref name="capacity"/> samples.</summary>
    NetworkBuffers CreateBuffers(int capacity);

    /// <summary>Runs the forward pass on the first <see cref="NetworkBuffers.Count"/> samples, writes
    /// <see cref="NetworkBuffers.Outputs"/>, and returns the mean loss over those samples.</summary>
    double Evaluate(NetworkBuffers buffers);

    /// <summary>Runs forward, loss and backward on the first <see cref="NetworkBuffers.Count"/> samples, writes
    /// the gradient of the mean loss into <see cref="NetworkBuffers.Gradients"/>, and returns the mean loss.</summary>
    double TrainStep(NetworkBuffers buffers);

    /// <summary>Computes the output for one sample.</summary>
    void Predict(ReadOnlySpan<float> input, Span<float> output);

    /// <summary>Returns the index of the largest output for one sample.</summary>
    int Classify(ReadOnlySpan<float> input);
}
