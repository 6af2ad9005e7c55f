namespace NetForge.Runtime.Tests.Training;

/// <summary>
/// A parameterless network whose results are easy to work out by hand: for input x it outputs [x, 1 − x], so it
/// predicts class 0 when x &gt; 0.5, and its loss is the mean of x. It records the size of every batch it sees
/// and how many buffers it was asked for.
/// </summary>
internal sealed class ProbeNetwork : INetwork
{
    public List<int> BatchSizes { get; } = [];

    public int BuffersCreated { get; private set; }

    public int InputLength => 1;

    public int OutputLength => 2;

    public ReadOnlySpan<int> InputShape => new[] { InputLength };

    public ReadOnlySpan<int> OutputShape => new[] { OutputLength };

    public int Seed { get; set; }

    public TargetKind TargetKind => TargetKind.ClassLabels;

    public IReadOnlyList<Tensor> Parameters { get; } = [];

    public IReadOnlyList<Tensor> State { get; } = [];

    public long TrainingSteps { get; set; }

    public NetworkGraph Graph => throw new NotSupportedException("ProbeNetwork's [x, 1 − x] is no layer of the graph's ops.");

    public NetworkBuffers CreateBuffers(int capacity)
    {
        BuffersCreated++;
        return new PlainBuffers(capacity, 1, 2, TargetKind.ClassLabels, Parameters);
    }

    public double Evaluate(NetworkBuffers buffers)
    {
        BatchSizes.Add(buffers.Count);
        float sum = 0;
        for (var n = 0; n < buffers.Count; n++)
        {
            Predict(buffers.Inputs.AsSpan(n, 1), buffers.Outputs.AsSpan(2 * n, 2));
            sum += buffers.Inputs[n];
        }
        return sum / buffers.Count;
    }

    public double TrainStep(NetworkBuffers buffers) => buffers.DataLoss = Evaluate(buffers);

    public void Predict(ReadOnlySpan<float> input, Span<float> output)
    {
        output[0] = input[0];
        output[1] = 1 - input[0];
    }

    public int Classify(ReadOnlySpan<float> input) => input[0] > 0.5f ? 0 : 1;
}
