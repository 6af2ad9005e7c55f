using System.Globalization;
using System.Text.Json;

namespace NetForge.Runtime.Tests.Training;

/// <summary>
/// Learning-rate schedules, reduce-on-plateau and early stopping. The schedules' rates and the plateau's reductions
/// on scripted validation curves are PyTorch 1.13's, from Training/Reference/schedules_reference.py.
/// </summary>
public class ScheduleTests
{
    private static readonly JsonElement Reference = Load();

    private static JsonElement Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Training", "Reference", "schedules.json")));
        return document.RootElement.Clone();
    }

    private static double Base => Reference.GetProperty("base").GetDouble();

    public static TheoryData<string> Schedules() => [.. Reference.GetProperty("schedules").EnumerateObject().Select(p => p.Name)];

    public static TheoryData<string> Plateaus() => [.. Reference.GetProperty("plateaus").EnumerateObject().Select(p => p.Name)];

    private static double Number(JsonElement arguments, string name, double fallback) =>
        arguments.TryGetProperty(name, out var value) ? value.GetDouble() : fallback;

    /// <summary>The schedule PyTorch's arguments describe, with NetForge's defaults for those not given.</summary>
    private static ILearningRateSchedule Create(string name, JsonElement a) => name.Split('_')[0] switch
    {
        "step" => a.TryGetProperty("gamma", out var gamma) ? new StepDecay(a.GetProperty("step_size").GetInt32(), gamma.GetDouble()) : new StepDecay(a.GetProperty("step_size").GetInt32()),
        "exponential" => new ExponentialDecay(a.GetProperty("gamma").GetDouble()),
        "cosine" => new CosineAnnealing(a.GetProperty("T_max").GetInt32(), Number(a, "eta_min", 0)),
        "linear" => a.EnumerateObject().Any()
            ? new LinearWarmup(a.GetProperty("start_factor").GetDouble(), a.GetProperty("end_factor").GetDouble(), a.GetProperty("total_iters").GetInt32())
            : new LinearWarmup(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    private static void AssertClose(double expected, double actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-6 * Math.Abs(expected) + 1e-12,
            string.Create(CultureInfo.InvariantCulture, $"{what}: {actual:R}, PyTorch {expected:R}"));

    [Theory]
    [MemberData(nameof(Schedules))]
    public void Each_epoch_s_rate_is_pytorch_s(string name)
    {
        var entry = Reference.GetProperty("schedules").GetProperty(name);
        var schedule = Create(name, entry.GetProperty("arguments"));
        var rates = entry.GetProperty("rates").EnumerateArray().Select(r => r.GetDouble()).ToArray();

        for (var epoch = 0; epoch < rates.Length; epoch++)
            AssertClose(rates[epoch], schedule.LearningRate(epoch, Base), string.Create(CultureInfo.InvariantCulture, $"{name}, epoch {epoch + 1}"));
    }

    [Theory]
    [MemberData(nameof(Plateaus))]
    public void Reduce_on_plateau_reduces_when_pytorch_does_on_a_scripted_curve(string name)
    {
        var entry = Reference.GetProperty("plateaus").GetProperty(name);
        var a = entry.GetProperty("arguments");
        var curve = Reference.GetProperty("curves").GetProperty(entry.GetProperty("curve").GetString()!).EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var rates = entry.GetProperty("rates").EnumerateArray().Select(r => r.GetDouble()).ToArray();
        var maximise = a.TryGetProperty("mode", out var mode) && mode.GetString() == "max";
        var plateau = new ReduceLearningRateOnPlateau(
            maximise ? TrainingMetric.ValidationAccuracy : TrainingMetric.ValidationLoss,
            Number(a, "factor", 0.1), a.TryGetProperty("patience", out var p) ? p.GetInt32() : 10, Number(a, "threshold", 1e-4),
            a.TryGetProperty("threshold_mode", out var t) && t.GetString() == "abs" ? ThresholdMode.Absolute : ThresholdMode.Relative,
            a.TryGetProperty("cooldown", out var c) ? c.GetInt32() : 0, Number(a, "min_lr", 0));
        var optimizer = new Sgd((float)Base);

        for (var epoch = 0; epoch < curve.Length; epoch++)
        {
            AssertClose((float)rates[epoch], optimizer.LearningRate, string.Create(CultureInfo.InvariantCulture, $"{name}, epoch {epoch + 1}"));
            plateau.Observe(curve[epoch], optimizer);
        }
    }

    private static EpochResult Epoch(int epoch, double validationLoss) =>
        new(epoch, 1.0, 0.5, 0.1, new Evaluation(0.5, validationLoss, 100));

    [Fact]
    public void Early_stopping_stops_after_patience_bad_epochs_and_restores_the_best_epoch_s_weights_exactly()
    {
        var network = new LinearSoftmaxClassifier(4, 3, seed: 1);
        var trainer = new Trainer(network, new Sgd(0.1f), new TrainerOptions { Log = null });
        var stopping = new EarlyStopping(TrainingMetric.ValidationLoss, patience: 2);
        double[] curve = [1.0, 0.8, 0.85, 0.9, 0.7];
        var weightsAfter = new List<float[]>();

        for (var epoch = 1; epoch <= curve.Length && !trainer.StopTraining; epoch++)
        {
            // Each "epoch" leaves its own weights, so the restored ones show which epoch they are.
            network.Parameters[0].AsSpan().Fill(epoch + 0.25f * MathF.Sin(epoch));
            weightsAfter.Add((float[])network.Parameters[0].Data.Clone());
            stopping.OnEpochEnd(trainer, Epoch(epoch, curve[epoch - 1]));
        }
        stopping.OnTrainEnd(trainer);

        Assert.Equal(4, stopping.StoppedEpoch);
        Assert.Equal(2, stopping.BestEpoch);
        Assert.Equal(0.8, stopping.Best);
        Assert.Equal(weightsAfter[1], network.Parameters[0].Data);
    }

    [Fact]
    public void Early_stopping_with_no_patience_stops_at_the_first_epoch_without_improvement()
    {
        var trainer = new Trainer(new LinearSoftmaxClassifier(4, 3, seed: 1), new Sgd(0.1f), new TrainerOptions { Log = null });
        var stopping = new EarlyStopping(TrainingMetric.ValidationAccuracy, restoreBestWeights: false);

        stopping.OnEpochEnd(trainer, new EpochResult(1, 1, 0.5, 0, new Evaluation(0.70, 1, 10)));
        Assert.False(trainer.StopTraining);
        stopping.OnEpochEnd(trainer, new EpochResult(2, 1, 0.5, 0, new Evaluation(0.72, 1, 10)));
        Assert.False(trainer.StopTraining);
        stopping.OnEpochEnd(trainer, new EpochResult(3, 1, 0.5, 0, new Evaluation(0.72, 1, 10)));
        Assert.True(trainer.StopTraining);
        Assert.Equal(3, stopping.StoppedEpoch);
    }

    [Fact]
    public void Fit_applies_the_schedule_each_epoch_and_a_callback_can_stop_it()
    {
        var train = SyntheticData.Blobs(320, inputs: 4, classes: 3, seed: 1);
        var seen = new List<float>();
        var options = new TrainerOptions
        {
            BatchSize = 32,
            Log = null,
            Schedule = new StepDecay(stepSize: 2, gamma: 0.5),
            Callbacks = [new EpochEndCallback((trainer, result) =>
            {
                seen.Add(result.LearningRate);
                trainer.StopTraining = result.Epoch == 5;
            })],
        };
        var trainer = new Trainer(new LinearSoftmaxClassifier(4, 3, seed: 2), new Sgd(0.4f), options);

        var results = trainer.Fit(train, 10);

        Assert.Equal([0.4f, 0.4f, 0.2f, 0.2f, 0.1f], seen);
        Assert.Equal(5, results.Count);
        Assert.Equal(5, trainer.EpochsCompleted);
    }

    [Fact]
    public void Early_stopping_in_Fit_ends_training_when_the_loss_stops_improving()
    {
        var train = SyntheticData.Blobs(320, inputs: 4, classes: 3, seed: 1);
        // With a rate of 0 nothing is learned: the epochs differ only in how float rounding falls in other batches.
        var stopping = new EarlyStopping(TrainingMetric.Loss, minimumDelta: 1e-6);
        var trainer = new Trainer(new LinearSoftmaxClassifier(4, 3, seed: 2), new Sgd(0f), new TrainerOptions { BatchSize = 32, Log = null, Callbacks = [stopping] });

        var results = trainer.Fit(train, 10);

        Assert.True(results.Count == 2, string.Join(", ", results.Select(r => r.TrainLoss.ToString("R", CultureInfo.InvariantCulture))));
        Assert.Equal(2, stopping.StoppedEpoch);
    }

    [Fact]
    public void A_callback_that_watches_the_validation_needs_a_validation_set()
    {
        var train = SyntheticData.Blobs(320, inputs: 4, classes: 3, seed: 1);
        var trainer = new Trainer(new LinearSoftmaxClassifier(4, 3, seed: 2), new Sgd(0.1f),
            new TrainerOptions { BatchSize = 32, Log = null, Callbacks = [new ReduceLearningRateOnPlateau()] });

        var error = Assert.Throws<InvalidOperationException>(() => trainer.Fit(train, 1));
        Assert.Contains("ValidationLoss", error.Message);
    }
}
