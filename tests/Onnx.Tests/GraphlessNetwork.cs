namespace NetForge.Onnx.Tests;

/// <summary>
/// A network the exporter must refuse: one whose graph cannot be had, or one whose graph names a tensor the network
/// does not hold. It computes nothing.
/// </summary>
internal sealed class GraphlessNetwork(bool wrongTensor = false) : INetwork
{
    public int InputLength => 2;

    public int OutputLength => 1;

    public ReadOnlySpan<int> InputShape => new[] { 2 };

    public ReadOnlySpan<int> OutputShape => new[] { 1 };

    public TargetKind TargetKind => TargetKind.Values;

    public IReadOnlyList<Tensor> Parameters { get; } = [];

    public IReadOnlyList<Tensor> State { get; } = [];

    public int Seed { get; set; }

    public long TrainingSteps { get; set; }

    public NetworkGraph Graph => wrongTensor
        ? new(nameof(GraphlessNetwork), "input", [2], "output", [1],
            [new(GraphOp.Dense, "dense", ["input"], "output", [2], [1], parameters: ["dense.weight"], attributes: [new("units", 1), new("bias", false)])])
        : throw new NotSupportedException("GraphlessNetwork has no graph.");

    public NetworkBuffers CreateBuffers(int capacity) => throw new NotSupportedException();

    public double Evaluate(NetworkBuffers buffers) => throw new NotSupportedException();

    public double TrainStep(NetworkBuffers buffers) => throw new NotSupportedException();

    public void Predict(ReadOnlySpan<float> input, Span<float> output) => throw new NotSupportedException();

    public int Classify(ReadOnlySpan<float> input) => throw new NotSupportedException();
}
