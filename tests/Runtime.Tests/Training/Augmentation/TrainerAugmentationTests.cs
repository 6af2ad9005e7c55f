namespace NetForge.Runtime.Tests.Training.Augmentation;

public sealed class TrainerAugmentationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("netforge-augmentation-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>Sixteen 1×1×2 images [n + 1, 0]: a flip turns each into [0, n + 1].</summary>
    private static Dataset Pairs()
    {
        var features = new float[32];
        for (var n = 0; n < 16; n++)
            features[2 * n] = n + 1;
        return new Dataset(features, 2, new int[16], 2);
    }

    [Fact]
    public void Training_batches_are_augmented_and_validation_batches_are_not()
    {
        var network = new ImageProbe();
        var data = Pairs();
        var options = new TrainerOptions { BatchSize = 4, Log = null, Augmentation = new RandomHorizontalFlip(probability: 1) };

        var result = new Trainer(network, new Sgd(0.1f), options).Fit(data, 1, validation: data)[0];

        Assert.Equal(4, network.Trained.Count);
        Assert.All(network.Trained.SelectMany(batch => batch.Where((_, i) => i % 2 == 0)), first => Assert.Equal(0, first));
        Assert.Equal(0, result.TrainAccuracy);
        Assert.All(network.Evaluated.SelectMany(batch => batch.Where((_, i) => i % 2 == 1)), second => Assert.Equal(0, second));
        Assert.Equal(1, result.Validation!.Accuracy);
        Assert.Equal(1, network.Evaluate(data).Accuracy);
    }

    [Fact]
    public void Each_batch_of_each_epoch_draws_its_own_augmentation_and_a_second_run_draws_the_same()
    {
        static List<float[]> Run(int seed)
        {
            var network = new ImageProbe();
            var options = new TrainerOptions { BatchSize = 8, Seed = seed, Log = null, Augmentation = new GaussianNoise(1) };
            new Trainer(network, new Sgd(0.1f), options).Fit(Pairs(), 2);
            return network.Trained;
        }

        var first = Run(seed: 3);
        var again = Run(seed: 3);
        var other = Run(seed: 4);

        Assert.Equal(4, first.Count);
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        // Noise of deviation 1 on values up to 16: subtracting the rounded values leaves the noise of each step.
        var noise = first.Select(batch => batch.Select(x => x - MathF.Round(x)).ToArray()).ToList();
        Assert.Equal(4, noise.Select(n => string.Join(",", n)).Distinct().Count());
    }

    [Fact]
    public void A_network_whose_input_is_not_an_image_is_refused_with_the_option_and_the_shape()
    {
        var options = new TrainerOptions { Log = null, Augmentation = new RandomCrop(2) };

        var e = Assert.Throws<ArgumentException>(() => new Trainer(new LinearSoftmaxClassifier(4, 3, seed: 1), new Sgd(0.1f), options));

        Assert.Equal("options", e.ParamName);
        Assert.StartsWith("TrainerOptions.Augmentation works on images of shape [channels, height, width], but the network's input shape is [4].", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_resumed_from_a_checkpoint_draws_the_augmentations_of_the_run_that_never_stopped()
    {
        var data = SyntheticData.Blobs(256, inputs: 16, classes: 4, seed: 1);
        var augmentation = new AugmentationPipeline(new RandomTranslation(1), new RandomRotation(20), new GaussianNoise(0.2));
        TrainerOptions Options(string? path = null) =>
            new() { BatchSize = 32, Seed = 5, Log = null, Augmentation = augmentation, CheckpointPath = path };
        INetwork Network(int seed) => new ImageShaped(new LinearSoftmaxClassifier(16, 4, seed), [1, 4, 4]);

        var uninterrupted = Network(seed: 2);
        new Trainer(uninterrupted, new Adam(0.01f), Options()).Fit(data, 3);
        var plain = Network(seed: 2);
        new Trainer(plain, new Adam(0.01f), Options() with { Augmentation = null }).Fit(data, 3);
        var path = Path.Combine(_directory, "run.safetensors");
        new Trainer(Network(seed: 2), new Adam(0.01f), Options(path)).Fit(data, 2);
        var resumed = Network(seed: 9);
        var trainer = new Trainer(resumed, new Adam(0.01f), Options());
        trainer.LoadCheckpoint(path);
        trainer.Fit(data, 1);

        for (var t = 0; t < resumed.Parameters.Count; t++)
        {
            Assert.Equal(uninterrupted.Parameters[t].Data, resumed.Parameters[t].Data);
            Assert.NotEqual(plain.Parameters[t].Data, resumed.Parameters[t].Data);
        }
    }
}
