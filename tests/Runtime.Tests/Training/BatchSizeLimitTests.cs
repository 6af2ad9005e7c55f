namespace NetForge.Runtime.Tests.Training;

public class BatchSizeLimitTests
{
    private static TrainerOptions Batch(int size) => new() { BatchSize = size, Log = null };

    private static string Number(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(4, 3, int.MaxValue)]
    [InlineData(784, 10, int.MaxValue)]
    [InlineData(784, 10, 2_739_138)]
    [InlineData(1, 1000, 2_147_484)]
    [InlineData(1, 1, int.MaxValue)]
    public void A_batch_whose_inputs_or_outputs_overflow_an_array_names_the_option_and_the_limit(int inputs, int classes, int batchSize)
    {
        var network = new LinearSoftmaxClassifier(inputs, classes, seed: 0);
        var limit = Array.MaxLength / Math.Max(inputs, classes);

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer(network, new Sgd(0.1f), Batch(batchSize)));

        Assert.Contains("TrainerOptions.BatchSize", e.Message);
        Assert.Contains($"at most {Number(limit)} samples", e.Message);
        Assert.Equal("options", e.ParamName);
        Assert.Equal(batchSize, e.ActualValue);
    }

    [Theory]
    [InlineData(100_000, 21_475)]
    [InlineData(5_000, 429_497)]
    [InlineData(5_000, 1_000_000)]
    public void A_batch_whose_hidden_layer_overflows_names_the_option_and_keeps_the_networks_error(int hiddenSize, int batchSize)
    {
        var limit = int.MaxValue / hiddenSize;

        var e = Assert.Throws<ArgumentException>(() => new Trainer(new HiddenLayerNetwork(hiddenSize), new Sgd(0.1f), Batch(batchSize)));

        Assert.Contains("TrainerOptions.BatchSize", e.Message);
        Assert.Contains(Number(limit), e.Message);
        Assert.Equal("options", e.ParamName);
        Assert.IsType<ArgumentOutOfRangeException>(e.InnerException);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void A_batch_size_that_is_not_positive_names_the_option(int batchSize)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer(new LinearSoftmaxClassifier(4, 3, 0), new Sgd(0.1f), Batch(batchSize)));

        Assert.Contains($"TrainerOptions.BatchSize is {Number(batchSize)}; it must be positive", e.Message);
        Assert.Equal("options", e.ParamName);
    }
}
