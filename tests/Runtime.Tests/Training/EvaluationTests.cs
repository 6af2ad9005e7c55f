namespace NetForge.Runtime.Tests.Training;

public class EvaluationTests
{
    // Inputs 0, 0.2, 0.4, 0.6, 0.9 with labels 1, 1, 0, 0, 0: the probe predicts 1, 1, 1, 0, 0, so four are right,
    // and its loss is the mean input, 2.1 / 5 = 0.42. Averaging the batch means instead would give 0.5.
    private static Dataset ProbeData() => new([0f, 0.2f, 0.4f, 0.6f, 0.9f], 1, [1, 1, 0, 0, 0], 2);

    [Fact]
    public void The_partial_last_batch_is_evaluated_and_weighted_by_its_size()
    {
        var probe = new ProbeNetwork();

        var result = probe.Evaluate(ProbeData(), batchSize: 2);

        Assert.Equal([2, 2, 1], probe.BatchSizes);
        Assert.Equal(5, result.Count);
        Assert.Equal(0.8, result.Accuracy, 1e-12);
        Assert.Equal(0.42, result.MeanLoss, 1e-6);
    }

    [Fact]
    public void A_classifier_evaluates_to_the_hand_computed_cross_entropy()
    {
        // Identity weights make the logits the inputs: (1, 0) → 0 right, (0, 2) → 1 right, (3, 1) labelled 1 → 0 wrong.
        var network = new LinearSoftmaxClassifier(inputs: 2, classes: 2, seed: 0);
        float[] identity = [1, 0, 0, 1];
        identity.CopyTo(network.Parameters[0].Data, 0);
        var data = new Dataset([1, 0, 0, 2, 3, 1], 2, [0, 1, 1], 2);

        var result = network.Evaluate(data, batchSize: 2);

        static double CrossEntropy(double a, double b, int label) => Math.Log(Math.Exp(a) + Math.Exp(b)) - (label == 0 ? a : b);
        var expected = (CrossEntropy(1, 0, 0) + CrossEntropy(0, 2, 1) + CrossEntropy(3, 1, 1)) / 3;
        Assert.Equal(expected, result.MeanLoss, 1e-6);
        Assert.Equal(2.0 / 3, result.Accuracy, 1e-12);
    }

    [Fact]
    public void Value_targets_have_no_accuracy()
    {
        // A zero network's squared errors are the squared targets: (1 + 4 + 9) / 3.
        var data = new Dataset(new float[6], 2, [1f, 2f, 3f], 1);

        var result = new LinearRegression(2, 1).Evaluate(data, batchSize: 2);

        Assert.True(double.IsNaN(result.Accuracy));
        Assert.Equal(14.0 / 3, result.MeanLoss, 1e-6);
    }

    [Fact]
    public void A_mismatched_dataset_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => new LinearSoftmaxClassifier(3, 2, 0).Evaluate(ProbeData()));
        Assert.Contains("1 values", e.Message);
        Assert.Contains("3 inputs", e.Message);
    }

    [Fact]
    public void An_empty_dataset_counts_nothing()
    {
        var result = new ProbeNetwork().Evaluate(ProbeData().Take(0));

        Assert.Equal(0, result.Count);
        Assert.True(double.IsNaN(result.MeanLoss));
    }
}
