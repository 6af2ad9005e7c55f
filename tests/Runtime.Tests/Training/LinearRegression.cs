namespace NetForge.Runtime.Tests.Training;

/// <summary>y = W x + b with mean squared error over all output values, as PyTorch's MSELoss averages.</summary>
internal sealed class LinearRegression : INetwork
{
    private readonly Tensor _weight;
    private readonly Tensor _bias;

    public LinearRegression(int inputs, int outputs)
    {
        _weight = new Tensor("dense.weight", outputs, inputs);
        _bias = new Tensor("dense.bias", outputs);
        Parameters = [_weight, _bias];
    }

    public int InputLength => _weight.Shape[1];

    public int OutputLength => _weight.Shape[0];

    public ReadOnlySpan<int> InputShape => new[] { InputLength };

    public ReadOnlySpan<int> OutputShape => new[] { OutputLength };

    public int Seed { get; set; }

    public TargetKind TargetKind => TargetKind.Values;

    public IReadOnlyList<Tensor> Parameters { get; }

    public IReadOnlyList<Tensor> State { get; } = [];

    public long TrainingSteps { get; set; }

    public NetworkGraph Graph => new(
        nameof(LinearRegression), "input", [InputLength], "output", [OutputLength],
        [
            new(GraphOp.Dense, "dense", ["input"], "output", [InputLength], [OutputLength],
                parameters: [_weight.Name, _bias.Name], attributes: [new("units", OutputLength), new("bias", true)]),
        ]);

    public NetworkBuffers CreateBuffers(int capacity) =>
        new PlainBuffers(capacity, InputLength, OutputLength, TargetKind.Values, Parameters);

    public double Evaluate(NetworkBuffers buffers)
    {
        double loss = 0;
        for (var n = 0; n < buffers.Count; n++)
        {
            var output = buffers.Outputs.AsSpan(n * OutputLength, OutputLength);
            Predict(buffers.Inputs.AsSpan(n * InputLength, InputLength), output);
            for (var o = 0; o < OutputLength; o++)
            {
                var error = output[o] - buffers.Targets[n * OutputLength + o];
                loss += error * error;
            }
        }
        return (float)(loss / (buffers.Count * OutputLength));
    }

    public double TrainStep(NetworkBuffers buffers)
    {
        var loss = Evaluate(buffers);
        var weightGrad = buffers.Gradients[0].Data;
        var biasGrad = buffers.Gradients[1].Data;
        Array.Clear(weightGrad);
        Array.Clear(biasGrad);
        var scale = 2f / (buffers.Count * OutputLength);
        for (var n = 0; n < buffers.Count; n++)
        {
            for (var o = 0; o < OutputLength; o++)
            {
                var delta = scale * (buffers.Outputs[n * OutputLength + o] - buffers.Targets[n * OutputLength + o]);
                biasGrad[o] += delta;
                for (var i = 0; i < InputLength; i++)
                    weightGrad[o * InputLength + i] += delta * buffers.Inputs[n * InputLength + i];
            }
        }
        buffers.DataLoss = loss;
        return loss;
    }

    public void Predict(ReadOnlySpan<float> input, Span<float> output)
    {
        for (var o = 0; o < OutputLength; o++)
        {
            var sum = _bias.Data[o];
            for (var i = 0; i < InputLength; i++)
                sum += _weight.Data[o * InputLength + i] * input[i];
            output[o] = sum;
        }
    }

    public int Classify(ReadOnlySpan<float> input) =>
        throw new NotSupportedException("A regression network has no classes.");
}
