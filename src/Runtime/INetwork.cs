namespace NetForge;

/// <summary>
/// What the trainer and the evaluation helpers need of a generated network. Every generated network
/// implements it; the methods work on buffers created once by <see cref="CreateBuffers"/> and allocate nothing.
/// </summary>
public interface INetwork : IPredictor
{
    /// <summary>The shape of one input sample, e.g. [1, 28, 28] for a grey image.</summary>
    ReadOnlySpan<int> InputShape { get; }

    /// <summary>The shape of one output sample.</summary>
    ReadOnlySpan<int> OutputShape { get; }

    /// <summary>The trainable parameters, layer by layer, weight before bias.</summary>
    IReadOnlyList<Tensor> Parameters { get; }

    /// <summary>
    /// What the layers keep between steps without training it, layer by layer: batch normalisation's running mean
    /// and variance, named as PyTorch names them (<c>batchnorm1.running_mean</c>). Training steps update it;
    /// predictions and evaluations only read it. Empty for a network without such layers.
    /// </summary>
    IReadOnlyList<Tensor> State { get; }

    /// <summary>
    /// The seed the network was created with. Dropout's masks are drawn from it and <see cref="TrainingSteps"/>, so
    /// restoring both (with the parameters and state) resumes a run exactly; changing it changes only the masks of
    /// later steps, not the parameters.
    /// </summary>
    int Seed { get; set; }

    /// <summary>
    /// The number of training steps taken. Each <see cref="TrainStep"/> adds one; dropout masks are drawn from the
    /// network's seed and this count, so restoring it (with the parameters and state) resumes a run exactly.
    /// </summary>
    long TrainingSteps { get; set; }

    /// <summary>
    /// What <see cref="IPredictor.Predict"/> computes, layer by layer, with the names of the <see cref="Parameters"/> and
    /// <see cref="State"/> tensors each layer reads: the description exporters such as ONNX's work from. A generated
    /// network builds it once for its class; it does not change with the values of the tensors.
    /// </summary>
    /// <exception cref="NotSupportedException">The network is not made of the graph's ops.</exception>
    NetworkGraph Graph { get; }

    /// <summary>Allocates the buffers for batches of up to <paramref name="capacity"/> samples.</summary>
    NetworkBuffers CreateBuffers(int capacity);

    /// <summary>Runs the forward pass in inference mode (no dropout, batch normalisation with the running statistics)
    /// on the first <see cref="NetworkBuffers.Count"/> samples, writes <see cref="NetworkBuffers.Outputs"/>, and
    /// returns the mean loss over those samples.</summary>
    double Evaluate(NetworkBuffers buffers);

    /// <summary>Runs forward in training mode (dropout drops, batch normalisation uses the batch's statistics and
    /// updates the running ones), loss and backward on the first <see cref="NetworkBuffers.Count"/> samples, writes
    /// the gradient of the mean loss into <see cref="NetworkBuffers.Gradients"/>, and returns the mean loss, an L2
    /// penalty included; <see cref="NetworkBuffers.DataLoss"/> gets the loss without it.</summary>
    double TrainStep(NetworkBuffers buffers);
}
