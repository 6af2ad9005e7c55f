using Examples.FashionMnist;

namespace NetForge.TrainingBits;

/// <summary>The examples' generated networks and random samples for them, shared with the end-to-end tests.</summary>
public static class ExampleNetworks
{
    /// <summary>Every generated network of the examples that has a seed constructor, by full name.</summary>
    public static IReadOnlyList<Type> Types() =>
        new[] { typeof(Mlp), typeof(Examples.Spiral.SpiralNet), typeof(Examples.SineRegression.SineNet), typeof(Examples.Models.FashionLeNet5) }
            .Select(t => t.Assembly)
            .SelectMany(a => a.GetTypes())
            .Where(t => typeof(INetwork).IsAssignableFrom(t) && !t.IsAbstract && t.GetConstructor([typeof(int)]) is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .ToList();

    /// <summary>Samples the network takes: inputs in [0, 1), labels or targets in [-1, 1) at random.</summary>
    public static Dataset RandomSamples(INetwork network, int count, int seed)
    {
        var random = new Random(seed);
        var features = new float[count * network.InputLength];
        for (var i = 0; i < features.Length; i++)
            features[i] = (float)random.NextDouble();
        if (network.TargetKind == TargetKind.ClassLabels)
            return new Dataset(features, network.InputLength, Enumerable.Range(0, count).Select(_ => random.Next(network.OutputLength)).ToArray(), network.OutputLength);
        var targets = new float[count * network.OutputLength];
        for (var i = 0; i < targets.Length; i++)
            targets[i] = (float)(2 * random.NextDouble() - 1);
        return new Dataset(features, network.InputLength, targets, network.OutputLength);
    }
}
