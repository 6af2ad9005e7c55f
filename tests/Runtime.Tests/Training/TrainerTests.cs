using System.Globalization;
using System.Text.RegularExpressions;

namespace NetForge.Runtime.Tests.Training;

public class TrainerTests
{
    private static TrainerOptions Quiet(int batchSize = 32, int seed = 0) => new() { BatchSize = batchSize, Seed = seed, Log = null };

    [Fact]
    public void A_linear_classifier_learns_separable_blobs()
    {
        var train = SyntheticData.Blobs(600, inputs: 4, classes: 3, seed: 1);
        var validation = SyntheticData.Blobs(300, inputs: 4, classes: 3, seed: 2);
        var network = new LinearSoftmaxClassifier(4, 3, seed: 3);
        var trainer = new Trainer(network, new Adam(0.05f), Quiet());

        var results = trainer.Fit(train, 5, validation);

        Assert.Equal([1, 2, 3, 4, 5], results.Select(r => r.Epoch));
        Assert.True(results[^1].TrainLoss < results[0].TrainLoss / 2, $"loss went from {results[0].TrainLoss} to {results[^1].TrainLoss}");
        Assert.InRange(results[^1].TrainAccuracy, 0.95, 1.0);
        Assert.InRange(results[^1].Validation!.Accuracy, 0.95, 1.0);
        Assert.Equal(300, results[^1].Validation!.Count);
        Assert.All(results, r => Assert.True(r.Seconds >= 0));
    }

    [Fact]
    public void Clipping_keeps_every_step_s_gradients_within_the_norm_and_still_learns()
    {
        var train = SyntheticData.Blobs(600, inputs: 4, classes: 3, seed: 1);
        var clipped = new LinearSoftmaxClassifier(4, 3, seed: 3);
        var probe = new GradientNormProbe(new Sgd(0.5f));
        var results = new Trainer(clipped, probe, Quiet() with { ClipGradientNorm = 0.05f }).Fit(train, 3);

        Assert.True(probe.Steps > 0);
        // The largest norm reaches the limit, so clipping was needed, and does not pass it.
        Assert.InRange(probe.LargestNorm, 0.049, 0.05 + 1e-6);
        Assert.True(results[^1].TrainLoss < results[0].TrainLoss, $"loss went from {results[0].TrainLoss} to {results[^1].TrainLoss}");
        Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer(clipped, new Sgd(0.1f), Quiet() with { ClipGradientNorm = 0f }));
    }

    [Fact]
    public void Update_ratios_are_each_tensor_s_update_norm_over_its_weight_norm_and_far_ones_are_warned_of()
    {
        // One batch of the whole set, so that the epoch is one step whose ratio can be worked out here.
        var train = SyntheticData.Blobs(64, inputs: 4, classes: 3, seed: 1);
        var network = new LinearSoftmaxClassifier(4, 3, seed: 3);
        var before = (float[])network.Parameters[0].Data.Clone();
        var log = new StringWriter();
        var trainer = new Trainer(network, new Sgd(0.5f), Quiet(batchSize: 64) with { TrackUpdateRatios = true, Log = log, Progress = false });

        var result = trainer.Fit(train, 1)[0];

        var after = network.Parameters[0].Data;
        var update = Math.Sqrt(after.Select((x, i) => (double)(x - before[i]) * (x - before[i])).Sum());
        var weight = Math.Sqrt(before.Sum(x => (double)x * x));
        Assert.Equal(update / weight, result.UpdateRatios["dense.weight"], 1e-6);
        Assert.Equal(0, result.UpdateRatios["dense.bias"]);
        Assert.Contains("update/weight: dense.weight", log.ToString());
        Assert.Contains("warning: dense.weight moves by", log.ToString());
        Assert.Contains("the learning rate may be too high", log.ToString());
        Assert.Empty(new Trainer(network, new Sgd(0.5f), Quiet(batchSize: 64)).Fit(train, 1)[0].UpdateRatios);
    }

    /// <summary>An optimizer that records the global norm of the gradients it is given.</summary>
    private sealed class GradientNormProbe(IOptimizer inner) : IOptimizer
    {
        public int Steps { get; private set; }

        public double LargestNorm { get; private set; }

        public float LearningRate { get => inner.LearningRate; set => inner.LearningRate = value; }

        public void Step(IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> gradients)
        {
            Steps++;
            LargestNorm = Math.Max(LargestNorm, Math.Sqrt(gradients.Sum(g => g.Data.Sum(x => (double)x * x))));
            inner.Step(parameters, gradients);
        }

        public OptimizerState CaptureState(IReadOnlyList<Tensor> parameters) => inner.CaptureState(parameters);

        public void RestoreState(OptimizerState state, IReadOnlyList<Tensor> parameters) => inner.RestoreState(state, parameters);
    }

    [Fact]
    public void A_redirected_log_gets_one_invariant_line_per_epoch()
    {
        var log = new StringWriter();
        var trainer = new Trainer(new LinearSoftmaxClassifier(4, 3, 0), new Sgd(0.1f, 0.9f), new() { BatchSize = 50, Log = log });
        var commaCulture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        commaCulture.NumberFormat.NumberDecimalSeparator = ",";
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = commaCulture;
        try
        {
            trainer.Fit(SyntheticData.Blobs(200, 4, 3, 1), 3, SyntheticData.Blobs(60, 4, 3, 2));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }

        var lines = log.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        for (var i = 0; i < 3; i++)
            Assert.Matches($@"^Epoch {i + 1}/3  loss \d+\.\d{{4}}  acc \d\.\d{{4}}  val_loss \d+\.\d{{4}}  val_acc \d\.\d{{4}}  \d+\.\d{{2}} s$", lines[i]);
        Assert.DoesNotContain("\r", log.ToString());
    }

    [Fact]
    public void A_progress_bar_is_redrawn_in_place_and_ends_with_the_epoch_line()
    {
        var log = new StringWriter();
        var options = new TrainerOptions { BatchSize = 10, Log = log, Progress = true };
        var trainer = new Trainer(new LinearSoftmaxClassifier(4, 3, 0), new Sgd(0.1f), options);

        trainer.Fit(SyntheticData.Blobs(100, 4, 3, 1), 1);

        var text = log.ToString();
        Assert.StartsWith("\rEpoch 1/1   1/10 ━━──────────────────  ETA ", text);
        Assert.Matches(@"\rEpoch 1/1  10/10 ━{20}  ETA 0:00  loss \d\.\d{4}  acc \d\.\d{4}", text);
        var final = text[(text.LastIndexOf('\r') + 1)..];
        Assert.Matches(@"^Epoch 1/1  10/10 ━{20}  loss \d\.\d{4}  acc \d\.\d{4}  \d+\.\d{2} s *" + Regex.Escape(Environment.NewLine) + "$", final);
    }

    [Fact]
    public void Value_targets_train_and_report_no_accuracy()
    {
        var log = new StringWriter();
        var network = new LinearRegression(2, 1);
        var trainer = new Trainer(network, new Sgd(0.1f, 0.9f), new() { BatchSize = 20, Log = log });

        var results = trainer.Fit(SyntheticData.Line(400, 1), 10, SyntheticData.Line(100, 2));

        Assert.True(double.IsNaN(results[^1].TrainAccuracy));
        Assert.True(double.IsNaN(results[^1].Validation!.Accuracy));
        Assert.InRange(results[^1].Validation!.MeanLoss, 0, 1e-3);
        Assert.Equal([1.5f, -0.5f], network.Parameters[0].Data, (a, b) => Math.Abs(a - b) < 0.02f);
        Assert.Matches(@"^Epoch 10/10  loss \d+\.\d{4}  val_loss \d+\.\d{4}  \d", log.ToString().Split(Environment.NewLine)[9]);
    }

    [Fact]
    public void A_mismatched_dataset_is_rejected_before_any_step()
    {
        var log = new StringWriter();
        var network = new LinearSoftmaxClassifier(4, 3, 0);
        var before = network.Parameters[0].Data.ToArray();
        var trainer = new Trainer(network, new Sgd(0.1f), new() { Log = log });

        var inputs = Assert.Throws<ArgumentException>(() => trainer.Fit(SyntheticData.Blobs(200, 5, 3, 1), 1));
        var classes = Assert.Throws<ArgumentException>(() => trainer.TrainEpoch(SyntheticData.Blobs(200, 4, 2, 1)));
        var kind = Assert.Throws<ArgumentException>(() => trainer.Fit(SyntheticData.Line(200, 1), 1));
        var validation = Assert.Throws<ArgumentException>(() => trainer.Fit(SyntheticData.Blobs(200, 4, 3, 1), 1, SyntheticData.Blobs(50, 6, 3, 1)));

        Assert.Contains("5 values", inputs.Message);
        Assert.Contains("4 inputs", inputs.Message);
        Assert.Contains("2 classes", classes.Message);
        Assert.Contains("3 outputs", classes.Message);
        Assert.Contains("real values", kind.Message);
        Assert.Equal("validation", validation.ParamName);
        Assert.Equal(before, network.Parameters[0].Data);
        Assert.Equal(0, trainer.EpochsCompleted);
        Assert.Equal("", log.ToString());
    }

    [Fact]
    public void A_training_set_smaller_than_one_batch_is_rejected()
    {
        var trainer = new Trainer(new LinearSoftmaxClassifier(4, 3, 0), new Sgd(0.1f), new() { BatchSize = 64, Log = null });

        var e = Assert.Throws<ArgumentException>(() => trainer.Fit(SyntheticData.Blobs(50, 4, 3, 1), 1));

        Assert.Contains("50 samples", e.Message);
        Assert.Contains("64", e.Message);
    }

    [Fact]
    public void The_same_seed_repeats_a_run_exactly()
    {
        var train = SyntheticData.Blobs(300, 4, 3, 1);
        double[] Run(int seed) => new Trainer(new LinearSoftmaxClassifier(4, 3, 7), new Adam(0.01f), Quiet(seed: seed))
            .Fit(train, 3).Select(r => r.TrainLoss).ToArray();

        Assert.Equal(Run(5), Run(5));
        Assert.NotEqual(Run(5), Run(6));
    }

    // The probe data of EvaluationTests: the mean input over all five samples is 0.42 and four are classified right.
    private static Dataset ProbeData() => new([0f, 0.2f, 0.4f, 0.6f, 0.9f], 1, [1, 1, 0, 0, 0], 2);

    [Fact]
    public void Loss_and_accuracy_are_averaged_over_every_sample_including_a_partial_batch()
    {
        var probe = new ProbeNetwork();
        var trainer = new Trainer(probe, new Sgd(0.1f), new() { BatchSize = 2, DropLast = false, Log = null });

        var result = trainer.TrainEpoch(ProbeData());

        Assert.Equal([2, 2, 1], probe.BatchSizes);
        Assert.Equal(0.42, result.TrainLoss, 1e-6);
        Assert.Equal(0.8, result.TrainAccuracy, 1e-12);
    }

    [Fact]
    public void With_DropLast_the_left_out_sample_is_not_counted()
    {
        var probe = new ProbeNetwork();
        var data = ProbeData();
        var trainer = new Trainer(probe, new Sgd(0.1f), new() { BatchSize = 2, Seed = 9, Log = null });
        var order = new Minibatches(5, 2, seed: 9);
        order.Shuffle(1);
        var left = order.Order[4];
        var leftRight = probe.Classify(data.Sample(left)) == data.Label(left);

        var result = trainer.TrainEpoch(data);

        Assert.Equal([2, 2], probe.BatchSizes);
        Assert.Equal((2.1 - data.Sample(left)[0]) / 4, result.TrainLoss, 1e-6);
        Assert.Equal((leftRight ? 3 : 4) / 4.0, result.TrainAccuracy, 1e-12);
    }

    [Fact]
    public void Buffers_are_created_once_and_epochs_keep_counting()
    {
        var log = new StringWriter();
        var probe = new ProbeNetwork();
        var data = ProbeData();
        var trainer = new Trainer(probe, new Sgd(0.1f), new() { BatchSize = 2, Log = log });

        var first = trainer.TrainEpoch(data);
        var rest = trainer.Fit(data, 2, validation: data);

        Assert.Equal(1, probe.BuffersCreated);
        Assert.Equal(1, first.Epoch);
        Assert.Equal([2, 3], rest.Select(r => r.Epoch));
        Assert.Equal(3, trainer.EpochsCompleted);
        var lines = log.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Epoch 1  loss ", lines[0]);
        Assert.StartsWith("Epoch 2/3  loss ", lines[1]);
        Assert.StartsWith("Epoch 3/3  loss ", lines[2]);
    }
}
