namespace NetForge.Runtime.Tests.Training;

/// <summary>
/// A network of one input and two outputs whose buffers, like a generated network's, also hold a hidden layer of
/// <c>hiddenSize</c> values per sample and check that capacity themselves. Only its buffers are ever used.
/// </summary>
internal sealed class HiddenLayerNetwork(int hiddenSize) : INetwork
{
    public int InputLength => 1;

    public int OutputLength => 2;

    public ReadOnlySpan<int> InputShape => new[] { InputLength };

    public ReadOnlySpan<int> OutputShape => new[] { OutputLength };

    public int Seed { get; set; }

    public TargetKind TargetKind => TargetKind.ClassLabels;

    public IReadOnlyList<Tensor> Parameters { get; } = [];

    public IReadOnlyList<Tensor> State { get; } = [];

    public long TrainingSteps { get; set; }

    public NetworkGraph Graph => throw new NotSupportedException("HiddenLayerNetwork computes nothing; only its buffers are used.");

    public NetworkBuffers CreateBuffers(int capacity) => new Buffers(capacity, hiddenSize);

    public double Evaluate(NetworkBuffers buffers) => throw new NotSupportedException();

    public double TrainStep(NetworkBuffers buffers) => throw new NotSupportedException();

    public void Predict(ReadOnlySpan<float> input, Span<float> output) => throw new NotSupportedException();

    public int Classify(ReadOnlySpan<float> input) => throw new NotSupportedException();

    private sealed class Buffers : NetworkBuffers
    {
        public Buffers(int capacity, int hiddenSize)
            : base(capacity, 1, 2, TargetKind.ClassLabels, [])
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, int.MaxValue / hiddenSize);
            Hidden = new float[capacity * hiddenSize];
        }

        public float[] Hidden { get; }
    }
}
