using NetForge;

namespace Examples.Spiral;

/// <summary>Trains the tanh network and the linear classifier on the same spiral.</summary>
public static class SpiralTraining
{
    /// <summary>Both trained models, the points and their training accuracy.</summary>
    /// <param name="Network">The tanh network's accuracy on the training points.</param>
    /// <param name="Linear">The linear classifier's accuracy on the same points.</param>
    /// <param name="Points">The spiral the models were trained on.</param>
    /// <param name="TanhNetwork">The trained tanh network.</param>
    /// <param name="LinearClassifier">The trained linear classifier.</param>
    public sealed record Report(double Network, double Linear, Dataset Points, SpiralNet TanhNetwork, LinearClassifier LinearClassifier);

    /// <summary>Trains both models with Adam for <paramref name="epochs"/> epochs of minibatches of 32.</summary>
    public static Report Run(int pointsPerArm = 100, int epochs = 300, int seed = 0, TextWriter? log = null)
    {
        var data = SpiralData.Create(pointsPerArm, seed);
        var network = new SpiralNet(seed);
        var linear = new LinearClassifier(seed);
        return new Report(Train(network, data, epochs, seed, log), Train(linear, data, epochs, seed, log), data, network, linear);
    }

    private static double Train(INetwork network, Dataset data, int epochs, int seed, TextWriter? log)
    {
        var trainer = new Trainer(network, new Adam(1e-2f), new TrainerOptions { BatchSize = 32, Seed = seed, Log = log, DropLast = false });
        trainer.Fit(data, epochs);
        return network.Evaluate(data).Accuracy;
    }
}
