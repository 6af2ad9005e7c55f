namespace NetForge.Runtime.Tests.Training;

/// <summary>
/// A single dense layer with softmax cross-entropy, written with plain loops so that the trainer can be tested
/// independently of the generated kernels. Weight [classes, inputs], bias [classes].
/// </summary>
internal sealed class LinearSoftmaxClassifier : INetwork
{
    private readonly Tensor _weight;
    private readonly Tensor _bias;

    public LinearSoftmaxClassifier(int inputs, int classes, int seed)
    {
        _weight = new Tensor("dense.weight", classes, inputs);
        _bias = new Tensor("dense.bias", classes);
        var random = new Random(seed);
        for (var i = 0; i < _weight.Length; i++)
            _weight.Data[i] = (float)(random.NextDouble() - 0.5) * 0.2f;
        Parameters = [_weight, _bias];
    }

    public int InputLength => _weight.Shape[1];

    public int OutputLength => _weight.Shape[0];

    public ReadOnlySpan<int> InputShape => new[] { InputLength };

    public ReadOnlySpan<int> OutputShape => new[] { OutputLength };

    public int Seed { get; set; }

    public TargetKind TargetKind => TargetKind.ClassLabels;

    public IReadOnlyList<Tensor> Parameters { get; }

    public IReadOnlyList<Tensor> State { get; } = [];

    public long TrainingSteps { get; set; }

    public NetworkGraph Graph => new(
        nameof(LinearSoftmaxClassifier), "input", [InputLength], "output", [OutputLength],
        [
            new(GraphOp.Dense, "dense", ["input"], "output", [InputLength], [OutputLength],
                parameters: [_weight.Name, _bias.Name], attributes: [new("units", OutputLength), new("bias", true)]),
        ]);

    public NetworkBuffers CreateBuffers(int capacity) => new Buffers(capacity, this);

    public double Evaluate(NetworkBuffers buffers) => Forward((Buffers)buffers);

    public double TrainStep(NetworkBuffers buffers)
    {
        var b = (Buffers)buffers;
        var loss = Forward(b);
        var weightGrad = b.Gradients[0].Data;
        var biasGrad = b.Gradients[1].Data;
        Array.Clear(weightGrad);
        Array.Clear(biasGrad);
        for (var n = 0; n < b.Count; n++)
        {
            for (var c = 0; c < OutputLength; c++)
            {
                // d(mean loss)/d(logit) = (softmax - one-hot) / batch size.
                var delta = (b.Probabilities[n * OutputLength + c] - (c == b.Labels[n] ? 1f : 0f)) / b.Count;
                biasGrad[c] += delta;
                for (var i = 0; i < InputLength; i++)
                    weightGrad[c * InputLength + i] += delta * b.Inputs[n * InputLength + i];
            }
        }
        buffers.DataLoss = loss;
        return loss;
    }

    public void Predict(ReadOnlySpan<float> input, Span<float> output)
    {
        for (var c = 0; c < OutputLength; c++)
        {
            var sum = _bias.Data[c];
            for (var i = 0; i < InputLength; i++)
                sum += _weight.Data[c * InputLength + i] * input[i];
            output[c] = sum;
        }
    }

    public int Classify(ReadOnlySpan<float> input)
    {
        Span<float> output = stackalloc float[OutputLength];
        Predict(input, output);
        var best = 0;
        for (var c = 1; c < output.Length; c++)
        {
            if (output[c] > output[best])
                best = c;
        }
        return best;
    }

    // Leaves the logits in Outputs and the softmax in Probabilities; returns the mean cross-entropy.
    private float Forward(Buffers b)
    {
        double loss = 0;
        for (var n = 0; n < b.Count; n++)
        {
            var logits = b.Outputs.AsSpan(n * OutputLength, OutputLength);
            Predict(b.Inputs.AsSpan(n * InputLength, InputLength), logits);
            var max = float.NegativeInfinity;
            foreach (var z in logits)
                max = MathF.Max(max, z);
            double total = 0;
            foreach (var z in logits)
                total += Math.Exp(z - max);
            for (var c = 0; c < OutputLength; c++)
                b.Probabilities[n * OutputLength + c] = (float)(Math.Exp(logits[c] - max) / total);
            loss += Math.Log(total) + max - logits[b.Labels[n]];
        }
        return (float)(loss / b.Count);
    }

    private sealed class Buffers(int capacity, LinearSoftmaxClassifier network)
        : NetworkBuffers(capacity, network.InputLength, network.OutputLength, TargetKind.ClassLabels, network.Parameters)
    {
        public float[] Probabilities { get; } = new float[capacity * network.OutputLength];
    }
}
