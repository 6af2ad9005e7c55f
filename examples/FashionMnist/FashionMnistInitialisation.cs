using NetForge;

namespace Examples.FashionMnist;

/// <summary>
/// The lectures' story of initialisation, measured: the deep plain networks of models/deep.net, which differ only in
/// their <c>init:</c>, trained alike with SGD and momentum.
/// </summary>
public static class FashionMnistInitialisation
{
    /// <summary>One network's figures after training.</summary>
    /// <param name="Network">The network's class name.</param>
    /// <param name="Init">Its layers' initialiser, as the .net file writes it.</param>
    /// <param name="TrainLoss">The mean training loss of the last epoch; ln 10 ≈ 2.303 is chance.</param>
    /// <param name="TestAccuracy">The accuracy on the test set.</param>
    public sealed record Row(string Network, string Init, double TrainLoss, double TestAccuracy);

    /// <summary>The networks compared, with their initialisers.</summary>
    public static IReadOnlyList<(string Init, Func<int, INetwork> Create)> Networks { get; } =
    [
        ("normal(std: 0.01)", seed => new DeepReluSmall(seed)),
        ("uniform_fan_in", seed => new DeepReluDefault(seed)),
        ("he_normal", seed => new DeepReluHe(seed)),
        ("normal(std: 0.01)", seed => new DeepTanhSmall(seed)),
        ("xavier_normal", seed => new DeepTanhXavier(seed)),
    ];

    /// <summary>Trains every network of <see cref="Networks"/> for <paramref name="epochs"/> epochs on
    /// <paramref name="train"/> with SGD (learning rate 0.01, momentum 0.9, batch 64) and evaluates it on
    /// <paramref name="test"/>.</summary>
    public static IReadOnlyList<Row> Train(Dataset train, Dataset test, int epochs, TextWriter? log, int seed = 0)
    {
        var rows = new List<Row>();
        foreach (var (init, create) in Networks)
        {
            var network = create(seed);
            var trainer = new Trainer(network, new Sgd(0.01f, momentum: 0.9f), new TrainerOptions { BatchSize = 64, Seed = seed, Log = log });
            var history = trainer.Fit(train, epochs);
            rows.Add(new Row(network.GetType().Name, init, history[^1].TrainLoss, network.Evaluate(test).Accuracy));
        }
        return rows;
    }
}
