namespace NetForge.Runtime.Tests.Training;

public class EnsembleTests
{
    // A classifier of 2 inputs and 3 classes whose scores are the weights times the input, set by hand.
    private static LinearSoftmaxClassifier Classifier(params float[] weights)
    {
        var network = new LinearSoftmaxClassifier(inputs: 2, classes: 3, seed: 0);
        weights.CopyTo(network.Parameters[0].Data, 0);
        network.Parameters[1].AsSpan().Clear();
        return network;
    }

    private static float[] Softmax(params float[] scores)
    {
        var max = scores.Max();
        var e = scores.Select(s => MathF.Exp(s - max)).ToArray();
        return e.Select(x => x / e.Sum()).ToArray();
    }

    [Fact]
    public void Averaging_takes_the_mean_of_the_members_probabilities()
    {
        var a = Classifier(1, 0, 0, 1, 2, 2);
        var b = Classifier(0, 3, 1, 0, -1, 0);
        var ensemble = new Ensemble([a, b]);
        float[] input = [1f, 0.5f];

        var output = new float[3];
        ensemble.Predict(input, output);

        var pa = Softmax(1f, 0.5f, 3f);
        var pb = Softmax(1.5f, 1f, -1f);
        for (var c = 0; c < 3; c++)
            Assert.Equal((pa[c] + pb[c]) / 2, output[c], 1e-6f);
        Assert.Equal(2, ensemble.Classify(input));
    }

    [Fact]
    public void A_vote_is_won_by_the_most_members_and_a_tie_by_the_higher_mean_probability()
    {
        // Scores for input [1, 0]: a and b pick class 0, c picks class 2 with great confidence.
        var a = Classifier(1, 0, 0, 0, 0, 0);
        var b = Classifier(1, 0, 0.5f, 0, 0, 0);
        var c = Classifier(0, 0, 0, 0, 9, 0);
        float[] input = [1f, 0f];

        var vote = new Ensemble([a, b, c], EnsembleRule.MajorityVote);
        var average = new Ensemble([a, b, c]);
        var shares = new float[3];
        vote.Predict(input, shares);

        Assert.Equal(0, vote.Classify(input));
        Assert.Equal(2, average.Classify(input));
        Assert.Equal(2f / 3, shares[0], 1e-6f);
        Assert.Equal(0f, shares[1]);
        Assert.Equal(1f / 3, shares[2], 1e-6f);
        Assert.Equal(2, new Ensemble([a, c], EnsembleRule.MajorityVote).Classify(input));
    }

    [Fact]
    public void Members_must_agree_in_sizes_and_values_cannot_vote()
    {
        Assert.Throws<ArgumentException>(() => new Ensemble([]));
        var error = Assert.Throws<ArgumentException>(() => new Ensemble([Classifier(1, 0, 0, 1, 2, 2), new LinearSoftmaxClassifier(3, 3, 0)]));
        Assert.Contains("2 inputs", error.Message);
        Assert.Throws<ArgumentException>(() => new Ensemble([new LinearRegression(2, 1)], EnsembleRule.MajorityVote));
    }

    [Fact]
    public void Evaluation_counts_the_ensemble_s_classes_and_its_cross_entropy()
    {
        var data = SyntheticData.Blobs(90, inputs: 2, classes: 3, seed: 4);
        var a = Classifier(1, 0, 0, 1, -1, -1);
        var b = Classifier(2, 0, 0, 2, -2, -2);
        var ensemble = new Ensemble([a, b]);

        var evaluation = ensemble.Evaluate(data);

        var correct = Enumerable.Range(0, data.Count).Count(i => ensemble.Classify(data.Sample(i)) == data.Label(i));
        var output = new float[3];
        var loss = Enumerable.Range(0, data.Count).Average(i => { ensemble.Predict(data.Sample(i), output); return -Math.Log(output[data.Label(i)]); });
        Assert.Equal((double)correct / data.Count, evaluation.Accuracy);
        Assert.Equal(loss, evaluation.MeanLoss, 1e-9);
        Assert.Equal(90, evaluation.Count);
    }

    [Fact]
    public void The_confusion_matrix_counts_true_against_predicted_classes()
    {
        var data = SyntheticData.Blobs(120, inputs: 2, classes: 3, seed: 5);
        var network = Classifier(1, 0, 0, 1, -1, -1);

        var matrix = ConfusionMatrix.Of(network, data);

        Assert.Equal(120, matrix.Total);
        for (var i = 0; i < data.Count; i++)
            Assert.True(matrix[data.Label(i), network.Classify(data.Sample(i))] > 0);
        var correct = Enumerable.Range(0, data.Count).Count(i => network.Classify(data.Sample(i)) == data.Label(i));
        Assert.Equal((double)correct / 120, matrix.Accuracy, 1e-12);
        var class0 = Enumerable.Range(0, data.Count).Where(i => data.Label(i) == 0).ToList();
        Assert.Equal((double)class0.Count(i => network.Classify(data.Sample(i)) == 0) / class0.Count, matrix.ClassAccuracy(0), 1e-12);
        Assert.Contains("accuracy", matrix.ToString());
        Assert.Equal(4, matrix.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Throws<ArgumentException>(() => ConfusionMatrix.Of(new LinearRegression(1, 1), SyntheticData.Line(10, 1)));
    }
}
