namespace NetForge.EndToEnd.Tests;

/// <summary>The L2 penalty of <c>loss ...(l2: λ)</c>: the total is the data loss plus λ·Σw² over the weights of dense
/// layers and convolutions, and the weights' gradients gain 2λ·w, while biases and batch norm stay out.</summary>
public class RegularisationTests
{
    private const float Lambda = 0.01f;

    [Fact]
    public void The_total_is_the_data_loss_plus_lambda_times_the_squared_weights_and_the_gradient_gains_two_lambda_w()
    {
        var penalised = new WithL2(seed: 4);
        var plain = new WithoutL2(seed: 4);
        var (a, b) = (penalised.CreateBuffers(6), plain.CreateBuffers(6));
        var random = new Random(5);
        a.Count = b.Count = 6;
        for (var i = 0; i < a.Inputs.Length; i++)
            a.Inputs[i] = b.Inputs[i] = (float)random.NextDouble();
        for (var i = 0; i < 6; i++)
            a.Labels[i] = b.Labels[i] = i % 4;

        var total = penalised.TrainStep(a);
        var data = plain.TrainStep(b);

        var weights = new[] { penalised.Conv1Weight, penalised.Dense1Weight, penalised.Dense2Weight };
        var squares = weights.Sum(w => w.Data.Sum(x => (double)x * x));
        Assert.Equal(data, a.DataLoss);
        Assert.Equal(data, b.DataLoss);
        Assert.True(Math.Abs(total - (data + Lambda * squares)) < 1e-9 * total, $"total {total:R}, data {data:R}, λΣw² {Lambda * squares:R}");
        for (var t = 0; t < a.Gradients.Count; t++)
        {
            var name = penalised.Parameters[t].Name;
            var decays = name.EndsWith(".weight", StringComparison.Ordinal) && !name.StartsWith("batchnorm", StringComparison.Ordinal);
            for (var i = 0; i < a.Gradients[t].Length; i++)
            {
                var expected = b.Gradients[t].Data[i] + (decays ? 2 * Lambda * penalised.Parameters[t].Data[i] : 0f);
                Assert.True(Math.Abs(a.Gradients[t].Data[i] - expected) <= 1e-6f * Math.Max(1, Math.Abs(expected)), $"{name}[{i}]");
            }
        }
    }

    [Fact]
    public void The_trainer_reports_the_data_loss_beside_the_total()
    {
        var random = new Random(2);
        var features = Enumerable.Range(0, 256 * 36).Select(_ => (float)random.NextDouble()).ToArray();
        var data = new Dataset(features, 36, Enumerable.Range(0, 256).Select(i => i % 4).ToArray(), 4);
        var log = new StringWriter();
        var trainer = new Trainer(new WithL2(seed: 1), new Sgd(0.05f), new TrainerOptions { BatchSize = 32, Log = log });

        var result = trainer.Fit(data, 1)[0];

        Assert.True(result.TrainLoss > result.DataLoss, $"total {result.TrainLoss}, data {result.DataLoss}");
        Assert.Contains(FormattableString.Invariant($"data_loss {result.DataLoss:F4}"), log.ToString());
    }
}
