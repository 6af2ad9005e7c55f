namespace NetForge.Runtime.Tests.Training.Augmentation;

/// <summary>Another network seen as one on images of <paramref name="shape"/>; everything else is the inner network's.</summary>
internal sealed class ImageShaped(INetwork inner, int[] shape) : INetwork
{
    public int InputLength => inner.InputLength;

    public int OutputLength => inner.OutputLength;

    public ReadOnlySpan<int> InputShape => shape;

    public ReadOnlySpan<int> OutputShape => inner.OutputShape;

    public int Seed { get => inner.Seed; set => inner.Seed = value; }

    public TargetKind TargetKind => inner.TargetKind;

    public IReadOnlyList<Tensor> Parameters => inner.Parameters;

    public IReadOnlyList<Tensor> State => inner.State;

    public long TrainingSteps { get => inner.TrainingSteps; set => inner.TrainingSteps = value; }

    public NetworkGraph Graph => inner.Graph;

    public NetworkBuffers CreateBuffers(int capacity) => inner.CreateBuffers(capacity);

    public double Evaluate(NetworkBuffers buffers) => inner.Evaluate(buffers);

    public double TrainStep(NetworkBuffers buffers) => inner.TrainStep(buffers);

    public void Predict(ReadOnlySpan<float> input, Span<float> output) => inner.Predict(input, output);

    public int Classify(ReadOnlySpan<float> input) => inner.Classify(input);
}
