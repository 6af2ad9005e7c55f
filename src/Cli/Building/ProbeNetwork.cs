using System.Text;
using NetForge.Dsl.Model;

namespace NetForge.Cli.Building;

/// <summary>
/// A network cut after one of its layers, whose predictions are that layer's outputs: how the command reads a
/// layer's feature maps with the generated code alone. Its layers keep their names (conv1, conv2), so the trained
/// network's weights load into it by name.
/// </summary>
internal static class ProbeNetwork
{
    /// <summary>The probe's <c>.net</c> text: the layers up to <paramref name="layerName"/> as written, a flatten when
    /// the layer's output is not flat, and a loss, which the language requires and a prediction never runs.</summary>
    /// <exception cref="CliException">The network has no such layer.</exception>
    public static string Text(Network network, string layerName)
    {
        var end = Networks.Layer(network, layerName).Index;
        var text = new StringBuilder();
        text.Append("network ").Append(network.Name).Append("Probe {\n");
        text.Append("    input ").Append(network.Input).Append('\n');
        foreach (var layer in network.Layers.Take(end + 1))
            text.Append("    ").Append(layer.Label is null ? "" : layer.Label + ": ").Append(layer.Text).Append('\n');
        if (!network.Layers[end].Output.IsFlat)
            text.Append("    flatten\n");
        text.Append("    loss mse\n}\n");
        return text.ToString();
    }

    /// <summary>Builds the probe in memory and loads the trained network's weights of its layers into it.</summary>
    public static INetwork Create(Network network, string layerName, string weights)
    {
        var source = new ModelSource(network.Name + "Probe.net", Text(network, layerName));
        var (build, probes) = Networks.Check(source);
        var probe = Networks.Instantiate(build, probes[0], seed: 0);
        Inputs.Weights.Load(probe, weights);
        return probe;
    }
}
