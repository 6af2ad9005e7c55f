namespace NetForge.EndToEnd.Tests;

/// <summary>Checkpoints: resuming gives the weights of a run that never stopped, bit for bit; divergence stops training.</summary>
public sealed class CheckpointTests(FashionMnistData data) : IClassFixture<FashionMnistData>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("netforge-checkpoints-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private Dataset Train => data.Train.Take(2_048);

    private static TrainerOptions Options(string? checkpoint = null) =>
        new() { BatchSize = 64, Seed = 3, Log = null, CheckpointPath = checkpoint };

    private static float[][] Values(INetwork network) =>
        network.Parameters.Concat(network.State).Select(t => (float[])t.Data.Clone()).ToArray();

    public static TheoryData<string> Optimizers() => new() { "sgd-momentum", "adam" };

    private static IOptimizer Optimizer(string name) => name == "adam" ? new Adam(2e-3f) : new Sgd(0.05f, momentum: 0.9f);

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Two_epochs_a_checkpoint_and_one_more_equal_three_uninterrupted_epochs_bit_for_bit(string optimizer)
    {
        var uninterrupted = new ResumeNet(seed: 11);
        new Trainer(uninterrupted, Optimizer(optimizer), Options()).Fit(Train, 3);

        var path = Path.Combine(_directory, "run.safetensors");
        var first = new ResumeNet(seed: 11);
        new Trainer(first, Optimizer(optimizer), Options(path)).Fit(Train, 2);

        // A new network (initialised differently) and a new optimizer and trainer, as a new process would have.
        var resumed = new ResumeNet(seed: 99);
        var trainer = new Trainer(resumed, Optimizer(optimizer), Options());
        trainer.LoadCheckpoint(path);
        Assert.Equal(2, trainer.EpochsCompleted);
        var results = trainer.Fit(Train, 1);

        Assert.Equal(3, results[0].Epoch);
        Assert.Equal(uninterrupted.TrainingSteps, resumed.TrainingSteps);
        var expected = Values(uninterrupted);
        var actual = Values(resumed);
        for (var t = 0; t < expected.Length; t++)
            Assert.True(expected[t].AsSpan().SequenceEqual(actual[t]), $"{resumed.Parameters.Concat(resumed.State).ElementAt(t).Name} differs");
    }

    [Fact]
    public void The_checkpoint_holds_the_optimizer_s_state_under_pytorch_s_names()
    {
        var path = Path.Combine(_directory, "adam.safetensors");
        var network = new ResumeNet(seed: 1);
        new Trainer(network, new Adam(), Options(path)).Fit(Train.Take(256), 1);

        var file = SafetensorsFile.Read(path);
        Assert.True(file.TryGetTensor("optimizer.dense1.weight.exp_avg", out _));
        Assert.True(file.TryGetTensor("optimizer.dense1.weight.exp_avg_sq", out _));
        Assert.True(file.TryGetTensor("batchnorm1.running_mean", out _));
        Assert.Equal("4", file.Metadata["optimizer.step"]);
        Assert.Equal("1", file.Metadata["netforge.epochs_completed"]);
        Assert.Equal("ResumeNet", file.Metadata["netforge.network"]);
    }

    [Fact]
    public void A_checkpoint_of_another_optimizer_or_order_is_refused_and_changes_nothing()
    {
        var path = Path.Combine(_directory, "sgd.safetensors");
        new Trainer(new ResumeNet(seed: 1), new Sgd(0.01f, 0.9f), Options(path)).Fit(Train.Take(256), 1);

        var network = new ResumeNet(seed: 2);
        var before = Values(network);
        var adam = new Trainer(network, new Adam(), Options());
        var error = Assert.Throws<InvalidDataException>(() => adam.LoadCheckpoint(path));
        Assert.Contains("belongs to Sgd, not to Adam", error.Message);
        Assert.Equal(0, adam.EpochsCompleted);

        var otherSeed = new Trainer(network, new Sgd(0.01f, 0.9f), Options() with { Seed = 4 });
        Assert.Contains("Seed 3", Assert.Throws<ArgumentException>(() => otherSeed.LoadCheckpoint(path)).Message);
        Assert.Equal(before, Values(network));
        Assert.Equal(0, network.TrainingSteps);
    }

    [Fact]
    public void An_absurd_learning_rate_stops_with_the_epoch_and_step_and_the_last_checkpoint_still_loads()
    {
        var path = Path.Combine(_directory, "diverging.safetensors");
        var network = new ResumeNet(seed: 5);
        var optimizer = new Sgd(0.05f, momentum: 0.9f);
        var trainer = new Trainer(network, optimizer, Options(path));
        trainer.Fit(Train, 1);
        var afterOne = Values(network);
        var written = File.ReadAllBytes(path);

        optimizer.LearningRate = 1e30f;
        var error = Assert.Throws<TrainingDivergedException>(() => trainer.Fit(Train, 2));

        Assert.Equal(2, error.Epoch);
        Assert.InRange(error.Step, 1, 32);
        Assert.Contains($"epoch 2, step {error.Step} of 32", error.Message);
        Assert.Contains(path + " still holds epoch 1", error.Message);
        Assert.Equal(written, File.ReadAllBytes(path));
        var restored = new ResumeNet(seed: 6);
        restored.LoadWeights(path);
        Assert.Equal(afterOne, Values(restored));
    }
}
