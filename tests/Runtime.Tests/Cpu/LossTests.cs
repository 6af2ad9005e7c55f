using NetForge.Cpu;

namespace NetForge.Runtime.Tests.Cpu;

public class LossTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(10)]
    [InlineData(1000)]
    public void Cross_entropy_of_uniform_logits_is_log_of_the_class_count(int classes)
    {
        var logits = new float[3 * classes];
        Array.Fill(logits, 4.5f);
        var dLogits = new float[3 * classes];

        var loss = SoftmaxCrossEntropy.ForwardBackward(logits, [0, classes - 1, classes / 2], dLogits, 3, classes);

        Assert.Equal(Math.Log(classes), loss, 5);
        Assert.Equal(loss, SoftmaxCrossEntropy.Forward(logits, [0, classes - 1, classes / 2], 3, classes));
        Assert.Equal((1.0 / classes - 1) / 3, dLogits[0], 6);
        if (classes > 1)
            Assert.Equal(1.0 / classes / 3, dLogits[1], 6);
    }

    [Fact]
    public void Cross_entropy_is_stable_for_huge_logits_and_averages_over_the_batch()
    {
        var logits = new float[] { 1e4f, 0f, -1e4f, 0f, 0f, 3000f };
        var dLogits = new float[6];

        var loss = SoftmaxCrossEntropy.ForwardBackward(logits, [0, 0], dLogits, 2, 3);

        // Sample 0 is right with certainty (loss 0); sample 1 puts all mass on class 2 (loss 3000).
        Assert.Equal(1500f, loss);
        Assert.Equal([0f, 0f, 0f, -0.5f, 0f, 0.5f], dLogits);
    }

    [Fact]
    public void Cross_entropy_of_a_batch_is_the_mean_of_its_samples()
    {
        var logits = GradientCases.Uniform(new Random(1), 4 * 7, 3f);
        int[] labels = [6, 0, 3, 3];
        var mean = Enumerable.Range(0, 4).Average(b => (double)SoftmaxCrossEntropy.Forward(logits.AsSpan(b * 7, 7), labels.AsSpan(b, 1), 1, 7));
        Assert.Equal(mean, SoftmaxCrossEntropy.Forward(logits, labels, 4, 7), 6);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(-1)]
    public void A_label_out_of_range_names_the_sample_and_the_label(int label)
    {
        var dLogits = new float[9];
        Array.Fill(dLogits, 5f);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            SoftmaxCrossEntropy.ForwardBackward(new float[9], [1, 2, label], dLogits, 3, 3));

        Assert.Equal("labels", e.ParamName);
        Assert.Contains(FormattableString.Invariant($"Sample 2 has label {label}"), e.Message);
        Assert.All(dLogits, v => Assert.Equal(5f, v));
        Assert.Throws<ArgumentOutOfRangeException>(() => SoftmaxCrossEntropy.Forward(new float[9], [label, 0, 0], 3, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => Hinge.Forward(new float[9], [0, label, 0], 3, 3, 1f));
    }

    [Fact]
    public void Hinge_is_zero_when_the_true_class_wins_by_more_than_the_margin()
    {
        var scores = new float[] { 5f, 1f, 2f, -1f, 0.5f, 3f };
        var dScores = new float[6];
        Array.Fill(dScores, 9f);

        var loss = Hinge.ForwardBackward(scores, [0, 2], dScores, 2, 3, 1f);

        Assert.Equal(0f, loss);
        Assert.Equal(0f, Hinge.Forward(scores, [0, 2], 2, 3, 1f));
        Assert.All(dScores, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Hinge_counts_every_class_inside_the_margin()
    {
        var scores = new float[] { 1f, 2f, 3f, 0f, 0f, 0f };
        var dScores = new float[6];

        // Sample 0: (2 − 1 + 1) + (3 − 1 + 1) = 5. Sample 1: label 1, both others tie: 1 + 1 = 2. Mean 3.5.
        var loss = Hinge.ForwardBackward(scores, [0, 1], dScores, 2, 3, 1f);

        Assert.Equal(3.5f, loss);
        Assert.Equal([-1f, 0.5f, 0.5f, 0.5f, -1f, 0.5f], dScores);
    }

    [Fact]
    public void Mean_squared_error_is_half_the_squared_distance_averaged_over_samples()
    {
        var predictions = new float[] { 1f, 2f, 0f, 0f };
        var targets = new float[] { 0f, 0f, 0f, 3f };
        var dPredictions = new float[4];

        // Sample 0: ½(1 + 4) = 2.5. Sample 1: ½·9 = 4.5. Mean 3.5.
        var loss = MeanSquaredError.ForwardBackward(predictions, targets, dPredictions, 2, 2);

        Assert.Equal(3.5f, loss);
        Assert.Equal(3.5f, MeanSquaredError.Forward(predictions, targets, 2, 2));
        Assert.Equal([0.5f, 1f, 0f, -1.5f], dPredictions);
    }

    [Fact]
    public void Losses_reject_an_empty_batch_and_short_buffers()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MeanSquaredError.Forward([], [], 0, 1));
        var e = Assert.Throws<ArgumentException>(() => MeanSquaredError.ForwardBackward(new float[4], new float[3], new float[4], 2, 2));
        Assert.Equal("targets", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => SoftmaxCrossEntropy.Forward(new float[6], [0], 2, 3));
        Assert.Equal("labels", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => Hinge.ForwardBackward(new float[6], [0, 0], new float[5], 2, 3, 1f));
        Assert.Equal("dScores", e.ParamName);
    }
}
