using NetForge;

namespace Examples.Spiral;

/// <summary>Trains the tanh network and the linear classifier on the same spiral.</summary>
public static class SpiralTraining
{
    /// <summary>Training accuracy of both models.</summary>
    /// <param name="Network">The tanh network's accuracy on the training points.</param>
    /// <param name="Linear">The linear classifier's accuracy on the same points.</param>
    public sealed record Report(double Network, double Linear);

    /// <summary>Trains both models with Adam for <paramref name="epochs"/> epochs of minibatches of 32.</summary>
    public static Report Run(int pointsPerArm = 100, int epochs = 300, int seed = 0, TextWriter? log = null)
    {
        var data = SpiralData.Create(pointsPerArm, seed);
        return new Report(Train(new SpiralNet(seed), data, epochs, seed, log), Train(new LinearClassifier(seed), data, epochs, seed, log));
    }

    private static double Train(INetwork network, Dataset data, int epochs, int seed, TextWriter? log)
    {
        var trainer = new Trainer(network, new Adam(1e-2f), new TrainerOptions { BatchSize = 32, Seed = seed, Log = log, DropLast = false });
        trainer.Fit(data, epochs);
        return network.Evaluate(data).Accuracy;
    }
}
