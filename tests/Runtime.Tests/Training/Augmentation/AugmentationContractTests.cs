namespace NetForge.Runtime.Tests.Training.Augmentation;

/// <summary>What every augmentation promises: seeded results, checked arguments and no allocation after the first batch.</summary>
public class AugmentationContractTests
{
    private static readonly int[] Shape = [2, 6, 5];

    public static TheoryData<string> Kinds() => new() { "translation", "crop", "flip", "rotation", "noise", "pipeline" };

    private static IAugmentation Create(string kind) => kind switch
    {
        "translation" => new RandomTranslation(maxPixels: 2),
        "crop" => new RandomCrop(padding: 2),
        "flip" => new RandomHorizontalFlip(),
        "rotation" => new RandomRotation(maxDegrees: 15),
        "noise" => new GaussianNoise(standardDeviation: 0.1),
        _ => new AugmentationPipeline(new RandomCrop(padding: 1), new RandomHorizontalFlip(), new RandomRotation(10), new GaussianNoise(0.05)),
    };

    /// <summary>Eight copies of one image with distinct values, so that each sample's transformation shows.</summary>
    private static float[] Batch()
    {
        var batch = new float[8 * 60];
        for (var i = 0; i < batch.Length; i++)
            batch[i] = i % 60 + 1;
        return batch;
    }

    private static float[] Applied(IAugmentation augmentation, ulong seed)
    {
        var batch = Batch();
        augmentation.Apply(batch, 8, Shape, seed);
        return batch;
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void The_same_seed_gives_the_same_result_and_another_seed_another(string kind)
    {
        var first = Applied(Create(kind), seed: 11);

        Assert.Equal(first, Applied(Create(kind), seed: 11));
        Assert.NotEqual(first, Applied(Create(kind), seed: 12));
        Assert.NotEqual(Batch(), first);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void The_samples_of_a_batch_are_transformed_apart(string kind)
    {
        var batch = Applied(Create(kind), seed: 11);

        var distinct = Enumerable.Range(0, 8).Select(n => string.Join(",", batch.AsSpan(n * 60, 60).ToArray())).Distinct().Count();
        // Eight flips of a fair coin agree with probability 2/256; with this seed they do not.
        Assert.True(distinct >= 2, $"{distinct} different samples out of 8");
        if (kind != "flip")
            Assert.True(distinct >= 6, $"{distinct} different samples out of 8");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Only_the_first_count_samples_change(string kind)
    {
        var batch = Batch();

        Create(kind).Apply(batch, 3, Shape, seed: 11);

        Assert.Equal(Batch().AsSpan(180).ToArray(), batch.AsSpan(180).ToArray());
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_second_batch_allocates_nothing(string kind)
    {
        var augmentation = Create(kind);
        var batch = Batch();

        augmentation.Apply(batch, 8, Shape, seed: 1);
        var before = GC.GetAllocatedBytesForCurrentThread();
        augmentation.Apply(batch, 8, Shape, seed: 2);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_sample_shape_that_is_not_channels_height_width_is_refused_with_the_shape(string kind)
    {
        var augmentation = Create(kind);
        var name = augmentation.GetType().Name;

        var flat = Assert.Throws<ArgumentException>(() => augmentation.Apply(new float[784], 1, [784], seed: 0));
        var empty = Assert.Throws<ArgumentException>(() => augmentation.Apply(new float[784], 1, [1, 0, 28], seed: 0));

        Assert.Equal($"{name} works on samples of shape [channels, height, width], not [784]. (Parameter 'sampleShape')", flat.Message);
        Assert.Contains("not [1, 0, 28]", empty.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => augmentation.Apply(new float[97], 2, [1, 7, 7], seed: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => augmentation.Apply(new float[49], -1, [1, 7, 7], seed: 0));
    }

    [Fact]
    public void Too_few_inputs_are_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => new RandomTranslation(1).Apply(new float[97], 2, [1, 7, 7], seed: 0));

        Assert.StartsWith("2 samples of shape [1, 7, 7] need 98 values, but the inputs hold 97.", e.Message, StringComparison.Ordinal);
        Assert.Equal("inputs", e.ParamName);
    }

    [Fact]
    public void Each_constructor_refuses_an_argument_out_of_range_with_its_name_and_value()
    {
        AssertRefused(() => new RandomTranslation(maxPixels: -1), "maxPixels", "RandomTranslation's maxPixels is -1; it must be zero or positive.");
        AssertRefused(() => new RandomCrop(padding: -2), "padding", "RandomCrop's padding is -2; it must be zero or positive.");
        AssertRefused(() => new RandomHorizontalFlip(probability: 1.5), "probability", "RandomHorizontalFlip's probability is 1.5; it must be in [0, 1].");
        AssertRefused(() => new RandomHorizontalFlip(probability: double.NaN), "probability", "RandomHorizontalFlip's probability is NaN; it must be in [0, 1].");
        AssertRefused(() => new RandomRotation(maxDegrees: 200), "maxDegrees", "RandomRotation's maxDegrees is 200; it must be in [0, 180].");
        AssertRefused(() => new RandomRotation(maxDegrees: -0.5), "maxDegrees", "RandomRotation's maxDegrees is -0.5; it must be in [0, 180].");
        AssertRefused(() => new GaussianNoise(standardDeviation: -0.1), "standardDeviation", "GaussianNoise's standardDeviation is -0.1; it must be zero or positive, and finite.");
        AssertRefused(() => new GaussianNoise(standardDeviation: double.PositiveInfinity), "standardDeviation", "GaussianNoise's standardDeviation is Infinity; it must be zero or positive, and finite.");
        var e = Assert.Throws<ArgumentException>(() => new AugmentationPipeline(new RandomHorizontalFlip(), null!));
        Assert.StartsWith("Stage 1 of the augmentation pipeline is null.", e.Message, StringComparison.Ordinal);
    }

    private static void AssertRefused(Func<object> create, string parameter, string message)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(create);
        Assert.Equal(parameter, e.ParamName);
        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
    }
}
