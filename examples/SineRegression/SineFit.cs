using NetForge;

namespace Examples.SineRegression;

/// <summary>Fits y = sin(x) on [−π, π] and measures the fit on an even grid of unseen points.</summary>
public static class SineFit
{
    /// <summary>Makes <paramref name="count"/> samples with x uniform in [−π, π].</summary>
    public static Dataset Samples(int count, int seed)
    {
        var random = new Random(seed);
        var x = new float[count];
        var y = new float[count];
        for (var i = 0; i < count; i++)
        {
            x[i] = (float)((2 * random.NextDouble() - 1) * Math.PI);
            y[i] = MathF.Sin(x[i]);
        }
        return new Dataset(x, 1, y, 1);
    }

    /// <summary>Trains the network and returns the mean of (ŷ − sin x)² over 1,001 evenly spaced points.</summary>
    public static double Run(int samples = 1000, int epochs = 200, int seed = 0, TextWriter? log = null)
    {
        var network = new SineNet(seed);
        var trainer = new Trainer(network, new Adam(1e-2f), new TrainerOptions { BatchSize = 32, Seed = seed, Log = log });
        trainer.Fit(Samples(samples, seed), epochs);

        Span<float> prediction = stackalloc float[1];
        var sum = 0.0;
        const int points = 1001;
        for (var i = 0; i < points; i++)
        {
            var x = (float)(-Math.PI + 2 * Math.PI * i / (points - 1));
            network.Predict([x], prediction);
            var error = prediction[0] - Math.Sin(x);
            sum += error * error;
        }
        return sum / points;
    }
}
