namespace NetForge.EndToEnd.Tests;

/// <summary>
/// Batch norm, dropout and maxout against PyTorch 1.13: the expected values come from
/// Reference/batchnorm_reference.py, committed with its outputs so that the tests need no Python.
/// </summary>
public class PyTorchReferenceTests
{
    private const double Tolerance = 1e-5;

    [Fact]
    public void Inference_with_given_weights_and_running_statistics_matches_pytorch()
    {
        var reference = ReferenceData.Load("inference.json");
        var network = new ReferenceInference(seed: 1);
        reference.CopyInto(network.Parameters, "parameters");
        reference.CopyInto(network.State, "state");
        var input = reference.Tensor("input");
        var expected = reference.Tensor("output");
        const int samples = 5;

        var output = new float[ReferenceInference.OutputSize];
        for (var s = 0; s < samples; s++)
        {
            network.Predict(input.AsSpan(s * ReferenceInference.InputSize, ReferenceInference.InputSize), output);
            AssertClose(expected.AsSpan(s * 3, 3), output, $"Predict, sample {s}");
        }

        var buffers = network.CreateBuffers(samples);
        buffers.Count = samples;
        input.CopyTo(buffers.Inputs, 0);
        network.Evaluate(buffers);
        AssertClose(expected, buffers.Outputs, "Evaluate");
    }

    [Fact]
    public void Twenty_sgd_steps_give_pytorch_s_losses_weights_and_running_statistics()
    {
        var reference = ReferenceData.Load("training.json");
        var network = new ReferenceTraining(seed: 1);
        reference.CopyInto(network.Parameters, "initial_parameters");
        var inputs = reference.Tensor("inputs");
        var labels = reference.Integers("labels");
        var losses = reference.Numbers("losses");
        const int batch = 8;
        var buffers = network.CreateBuffers(batch);
        buffers.Count = batch;
        var optimizer = new Sgd(0.1f);

        for (var step = 0; step < labels.Length; step++)
        {
            inputs.AsSpan(step * batch * ReferenceTraining.InputSize, batch * ReferenceTraining.InputSize).CopyTo(buffers.Inputs);
            labels[step].CopyTo(buffers.Labels, 0);
            var loss = network.TrainStep(buffers);
            Assert.True(Math.Abs(loss - losses[step]) < Tolerance, $"step {step}: loss {loss:G9}, PyTorch {losses[step]:G9}");
            optimizer.Step(network.Parameters, buffers.Gradients);
        }

        foreach (var tensor in network.State)
            AssertClose(reference.Tensor("state", tensor.Name), tensor.Data, tensor.Name);
        // The weights go through twenty updates of float arithmetic in another order than PyTorch's.
        foreach (var tensor in network.Parameters)
            AssertClose(reference.Tensor("parameters", tensor.Name), tensor.Data, tensor.Name, 1e-4);
    }

    private static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what, double tolerance = Tolerance)
    {
        Assert.True(expected.Length <= actual.Length, $"{what}: {actual.Length} values, {expected.Length} expected");
        for (var i = 0; i < expected.Length; i++)
        {
            var error = Math.Abs(expected[i] - actual[i]) / Math.Max(1, Math.Abs(expected[i]));
            Assert.True(error < tolerance, $"{what}[{i}]: {actual[i]:G9}, PyTorch {expected[i]:G9}");
        }
    }
}
