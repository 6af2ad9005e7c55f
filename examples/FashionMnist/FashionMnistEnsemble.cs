using NetForge;

namespace Examples.FashionMnist;

/// <summary>
/// The lectures' "train several networks and average them": MLPs that differ only in their seed (initial weights
/// and the order of the samples), trained with the benchmark's protocol, then combined.
/// </summary>
public static class FashionMnistEnsemble
{
    /// <summary>The test accuracies of the members and of the two ways of combining them.</summary>
    /// <param name="Members">Each member's test accuracy, by seed.</param>
    /// <param name="Average">The accuracy of the mean of their probabilities.</param>
    /// <param name="Vote">The accuracy of their majority vote.</param>
    public sealed record Report(IReadOnlyList<double> Members, double Average, double Vote);

    /// <summary>Trains <paramref name="size"/> MLPs with seeds 0, 1, ... and evaluates them and their ensembles on <paramref name="test"/>.</summary>
    public static Report Train(int size, Dataset train, Dataset test, int epochs, TextWriter? log)
    {
        var members = new List<INetwork>();
        var accuracies = new List<double>();
        for (var seed = 0; seed < size; seed++)
        {
            var network = new Mlp(seed);
            var report = FashionMnistTraining.Train($"mlp seed {seed}", network, train, test, epochs, log, seed);
            members.Add(network);
            accuracies.Add(report.Test.Accuracy);
        }
        var average = new Ensemble(members).Evaluate(test).Accuracy;
        var vote = new Ensemble(members, EnsembleRule.MajorityVote).Evaluate(test).Accuracy;
        return new Report(accuracies, average, vote);
    }
}
