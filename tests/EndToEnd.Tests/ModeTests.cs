namespace NetForge.EndToEnd.Tests;

/// <summary>
/// Training and inference are two modes: TrainStep drops units and normalises with the batch's statistics,
/// Predict and Evaluate never drop and use the running statistics. Each test reads the mode from the outputs of a
/// network whose last step is the op itself.
/// </summary>
public class ModeTests
{
    private static NetworkBuffers Batch(INetwork network, int count, int seed) => GeneratedGradientCheck.Batch(network, count, seed);

    [Fact]
    public void Dropout_drops_and_scales_in_training_and_is_the_identity_in_inference()
    {
        var network = new DropoutOnly(seed: 3);
        var buffers = Batch(network, 4, seed: 1);
        var inputs = buffers.Inputs.ToArray();

        network.TrainStep(buffers);
        var dropped = buffers.Outputs.Count(v => v == 0);
        Assert.InRange(dropped, 4000 * 0.25 - 120, 4000 * 0.25 + 120);
        for (var i = 0; i < inputs.Length; i++)
            Assert.True(buffers.Outputs[i] == 0 || buffers.Outputs[i] == inputs[i] * (1f / 0.75f), $"value {i}: {buffers.Outputs[i]} from {inputs[i]}");

        network.Evaluate(buffers);
        Assert.Equal(inputs, buffers.Outputs);
        var output = new float[DropoutOnly.OutputSize];
        network.Predict(inputs.AsSpan(0, DropoutOnly.InputSize), output);
        Assert.Equal(inputs.AsSpan(0, DropoutOnly.InputSize).ToArray(), output);
    }

    [Fact]
    public void Each_training_step_draws_a_new_mask_and_a_step_count_redraws_the_same_one()
    {
        var network = new DropoutOnly(seed: 3);
        var buffers = Batch(network, 2, seed: 1);

        network.TrainStep(buffers);
        var first = buffers.Outputs.ToArray();
        network.TrainStep(buffers);
        var second = buffers.Outputs.ToArray();
        network.TrainingSteps = 0;
        network.TrainStep(buffers);

        Assert.Equal(1, network.TrainingSteps);
        Assert.NotEqual(first, second);
        Assert.Equal(first, buffers.Outputs);
        var otherSeed = new DropoutOnly(seed: 4);
        otherSeed.TrainStep(buffers);
        Assert.NotEqual(first, buffers.Outputs);
    }

    [Fact]
    public void Evaluate_and_predict_neither_drop_nor_count_a_step_even_after_training()
    {
        var network = new DropoutOnly(seed: 3);
        var buffers = Batch(network, 2, seed: 1);
        var inputs = buffers.Inputs.ToArray();
        network.TrainStep(buffers);
        var output = new float[DropoutOnly.OutputSize];

        network.Evaluate(buffers);
        network.Predict(inputs.AsSpan(0, DropoutOnly.InputSize), output);

        Assert.Equal(1, network.TrainingSteps);
        Assert.Equal(inputs, buffers.Outputs);
        Assert.Equal(inputs.AsSpan(0, DropoutOnly.InputSize).ToArray(), output);
    }

    [Fact]
    public void Batch_norm_trains_on_the_batch_s_statistics_and_updates_the_running_ones()
    {
        var network = new BatchNormOnly();
        var buffers = Batch(network, 6, seed: 2);
        var x = buffers.Inputs.AsSpan(0, 18).ToArray();

        network.TrainStep(buffers);

        for (var f = 0; f < 3; f++)
        {
            var column = Enumerable.Range(0, 6).Select(s => (double)x[s * 3 + f]).ToArray();
            var mean = column.Average();
            var variance = column.Sum(v => (v - mean) * (v - mean)) / 6;
            for (var s = 0; s < 6; s++)
                Assert.Equal((column[s] - mean) / Math.Sqrt(variance + 1e-5), buffers.Outputs[s * 3 + f], 5);
            // PyTorch's update: 0.1 of the batch's mean and unbiased variance.
            Assert.Equal(0.1 * mean, network.Batchnorm1RunningMean.Data[f], 6);
            Assert.Equal(0.9 + 0.1 * variance * 6 / 5, network.Batchnorm1RunningVar.Data[f], 6);
        }
    }

    [Fact]
    public void Batch_norm_infers_with_the_running_statistics_and_leaves_them_alone()
    {
        var network = new BatchNormOnly();
        float[] runningMean = [0.5f, -1f, 2f], runningVar = [4f, 0.25f, 1f];
        runningMean.CopyTo(network.Batchnorm1RunningMean.Data, 0);
        runningVar.CopyTo(network.Batchnorm1RunningVar.Data, 0);
        var buffers = Batch(network, 6, seed: 2);
        var output = new float[3];

        network.Evaluate(buffers);
        for (var i = 0; i < 18; i++)
            Assert.Equal((buffers.Inputs[i] - runningMean[i % 3]) / Math.Sqrt(runningVar[i % 3] + 1e-5), buffers.Outputs[i], 5);
        network.Predict(buffers.Inputs.AsSpan(3, 3), output);
        Assert.Equal(buffers.Outputs.AsSpan(3, 3).ToArray(), output);

        Assert.Equal(runningMean, network.Batchnorm1RunningMean.Data);
        Assert.Equal(runningVar, network.Batchnorm1RunningVar.Data);
    }

    [Fact]
    public void A_batch_norm_over_features_refuses_to_train_on_one_sample_before_anything_moves()
    {
        // batchnorm1 normalises [4, 6, 6] channels, which one sample can; batchnorm2 normalises [12] features, which it cannot.
        var network = new ReferenceInference();
        var buffers = Batch(network, 1, seed: 2);

        var e = Assert.Throws<ArgumentException>(() => network.TrainStep(buffers));

        Assert.StartsWith("batchnorm2 normalises each feature over the batch, so training needs at least 2 samples, not 1.", e.Message, StringComparison.Ordinal);
        Assert.All(network.Batchnorm1RunningMean.Data, v => Assert.Equal(0f, v));
        Assert.Equal(0, network.TrainingSteps);
        network.Evaluate(buffers);
    }

    [Fact]
    public void The_state_is_the_running_statistics_by_their_pytorch_names()
    {
        var network = new ReferenceInference();

        Assert.Equal(
            ["batchnorm1.running_mean", "batchnorm1.running_var", "batchnorm2.running_mean", "batchnorm2.running_var"],
            network.State.Select(t => t.Name));
        Assert.All(network.State.Where(t => t.Name.EndsWith("var", StringComparison.Ordinal)), t => Assert.All(t.Data, v => Assert.Equal(1f, v)));
        Assert.All(network.State.Where(t => t.Name.EndsWith("mean", StringComparison.Ordinal)), t => Assert.All(t.Data, v => Assert.Equal(0f, v)));
        Assert.DoesNotContain(network.Parameters, p => p.Name.Contains("running", StringComparison.Ordinal));
        Assert.Empty(new DropoutOnly().State);
    }

    [Fact]
    public void The_same_seed_trains_a_bit_identical_network_and_another_seed_does_not()
    {
        static ReferenceInference Train(int seed)
        {
            var random = new Random(9);
            var features = new float[512 * ReferenceInference.InputSize];
            for (var i = 0; i < features.Length; i++)
                features[i] = (float)(2 * random.NextDouble() - 1);
            var labels = Enumerable.Range(0, 512).Select(i => i % 3).ToArray();
            var network = new ReferenceInference(seed);
            var trainer = new Trainer(network, new Adam(1e-2f), new TrainerOptions { BatchSize = 32, Seed = seed, Log = null });
            trainer.Fit(new Dataset(features, ReferenceInference.InputSize, labels, 3), epochs: 2);
            return network;
        }

        var first = Train(5);
        var second = Train(5);
        var other = Train(6);

        var tensors = first.Parameters.Concat(first.State).ToList();
        Assert.Equal(tensors.Select(t => t.Data), second.Parameters.Concat(second.State).Select(t => t.Data));
        Assert.NotEqual(first.Batchnorm2RunningMean.Data, other.Batchnorm2RunningMean.Data);
        Assert.NotEqual(first.Dense2Weight.Data, other.Dense2Weight.Data);
        Assert.Equal(32, first.TrainingSteps);
    }
}
