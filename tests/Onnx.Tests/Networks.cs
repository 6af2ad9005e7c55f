using Examples.FashionMnist;
using Examples.SineRegression;
using Examples.Spiral;

namespace NetForge.Onnx.Tests;

/// <summary>The networks the export is checked on, by name: the examples' and this project's own.</summary>
internal static class Networks
{
    private static readonly Dictionary<string, Func<INetwork>> All = new(StringComparer.Ordinal)
    {
        [nameof(Mlp)] = () => new Mlp(seed: 1),
        [nameof(AttributeMlp)] = () => new AttributeMlp(seed: 2),
        [nameof(LeNet5)] = () => new LeNet5(seed: 3),
        [nameof(AttributeLeNet5)] = () => new AttributeLeNet5(seed: 4),
        [nameof(ResidualNet)] = () => new ResidualNet(seed: 5),
        [nameof(VggNet)] = () => new VggNet(seed: 6),
        [nameof(VggBnNet)] = () => new VggBnNet(seed: 7),
        [nameof(SpiralNet)] = () => new SpiralNet(seed: 8),
        [nameof(LinearClassifier)] = () => new LinearClassifier(seed: 9),
        [nameof(SineNet)] = () => new SineNet(seed: 10),
        [nameof(ConvStack)] = () => new ConvStack(seed: 11),
        [nameof(Branches)] = () => new Branches(seed: 12),
        [nameof(ImageDense)] = () => new ImageDense(seed: 13),
        [nameof(Features)] = () => new Features(seed: 14),
        [nameof(Renamed)] = () => new Renamed(seed: 15),
        [nameof(ConvOut)] = () => new ConvOut(seed: 16),
    };

    public static IEnumerable<string> Names => All.Keys;

    /// <summary>The network, its batch norm moved as <see cref="MoveBatchNorm"/> does.</summary>
    public static INetwork Create(string name)
    {
        var network = All[name]();
        MoveBatchNorm(network, name.Length * 7919 + 17);
        return network;
    }

    /// <summary>Moves the network's batch-norm scales, shifts and running statistics away from their initial ones
    /// and 1 and 0, so that the export is seen to carry each.</summary>
    public static void MoveBatchNorm(INetwork network, int seed)
    {
        var random = new Random(seed);
        foreach (var tensor in network.Parameters.Concat(network.State).Where(t => t.Name.StartsWith("batchnorm", StringComparison.Ordinal)))
        {
            var (low, high) = tensor.Name.EndsWith(".running_var", StringComparison.Ordinal) ? (0.3, 2.0)
                : tensor.Name.EndsWith(".weight", StringComparison.Ordinal) ? (0.5, 1.5)
                : (-0.5, 0.5);
            for (var i = 0; i < tensor.Length; i++)
                tensor.Data[i] = (float)(low + (high - low) * random.NextDouble());
        }
    }

    /// <summary>Values uniform in [-1, 1) for a batch of samples.</summary>
    public static float[] Inputs(INetwork network, int batch, int seed)
    {
        var random = new Random(seed);
        var inputs = new float[batch * network.InputLength];
        for (var i = 0; i < inputs.Length; i++)
            inputs[i] = (float)(2 * random.NextDouble() - 1);
        return inputs;
    }
}
