namespace NetForge.Runtime.Tests.Training.Augmentation;

/// <summary>
/// A parameterless network on 1×1×2 images that records the inputs of every training step and every evaluation,
/// so that a test sees what the trainer fed it. It predicts class 0 when the first pixel is the larger.
/// </summary>
internal sealed class ImageProbe : INetwork
{
    private static readonly int[] Shape = [1, 1, 2];

    public List<float[]> Trained { get; } = [];

    public List<float[]> Evaluated { get; } = [];

    public int InputLength => 2;

    public int OutputLength => 2;

    public ReadOnlySpan<int> InputShape => Shape;

    public ReadOnlySpan<int> OutputShape => new[] { OutputLength };

    public int Seed { get; set; }

    public TargetKind TargetKind => TargetKind.ClassLabels;

    public IReadOnlyList<Tensor> Parameters { get; } = [];

    public IReadOnlyList<Tensor> State { get; } = [];

    public long TrainingSteps { get; set; }

    public NetworkGraph Graph => throw new NotSupportedException("ImageProbe is no layer of the graph's ops.");

    public NetworkBuffers CreateBuffers(int capacity) => new PlainBuffers(capacity, 2, 2, TargetKind.ClassLabels, Parameters);

    public double Evaluate(NetworkBuffers buffers)
    {
        Evaluated.Add(buffers.Inputs.AsSpan(0, 2 * buffers.Count).ToArray());
        return Forward(buffers);
    }

    public double TrainStep(NetworkBuffers buffers)
    {
        Trained.Add(buffers.Inputs.AsSpan(0, 2 * buffers.Count).ToArray());
        TrainingSteps++;
        return buffers.DataLoss = Forward(buffers);
    }

    private double Forward(NetworkBuffers buffers)
    {
        for (var n = 0; n < buffers.Count; n++)
            Predict(buffers.Inputs.AsSpan(2 * n, 2), buffers.Outputs.AsSpan(2 * n, 2));
        return 0.5;
    }

    public void Predict(ReadOnlySpan<float> input, Span<float> output)
    {
        output[0] = input[0];
        output[1] = input[1];
    }

    public int Classify(ReadOnlySpan<float> input) => input[0] >= input[1] ? 0 : 1;
}
