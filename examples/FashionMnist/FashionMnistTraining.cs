using NetForge;

namespace Examples.FashionMnist;

/// <summary>The benchmark's protocol: Adam 1e-3, batch 64, reshuffled every epoch, last partial batch dropped.</summary>
public static class FashionMnistTraining
{
    /// <summary>The test-set figures after training.</summary>
    /// <param name="Network">Which network was trained.</param>
    /// <param name="Epochs">The epochs run.</param>
    /// <param name="Test">Accuracy and mean loss on the test set.</param>
    /// <param name="SecondsPerEpoch">Mean wall-clock seconds of training per epoch.</param>
    public sealed record Report(string Network, int Epochs, Evaluation Test, double SecondsPerEpoch);

    /// <summary>Trains a network and evaluates it on the test set.</summary>
    public static Report Train(string name, INetwork network, Dataset train, Dataset test, int epochs, TextWriter? log, int seed = 0)
    {
        var trainer = new Trainer(network, new Adam(1e-3f), new TrainerOptions { BatchSize = 64, Seed = seed, Log = log });
        var history = trainer.Fit(train, epochs, test);
        return new Report(name, epochs, network.Evaluate(test), history.Average(e => e.Seconds));
    }
}
