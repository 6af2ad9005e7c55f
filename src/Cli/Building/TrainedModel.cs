using NetForge.Cli.Inputs;
using NetForge.Dsl.Model;

namespace NetForge.Cli.Building;

/// <summary>A network of a <c>.net</c> file built in memory with trained weights loaded: what predict, export and plot start from.</summary>
/// <param name="Network">The checked network.</param>
/// <param name="Model">The generated class's instance, holding the weights.</param>
/// <param name="Scaling">How the weights file says inputs were scaled, or null when it does not say.</param>
internal sealed record TrainedModel(Network Network, INetwork Model, InputScaling? Scaling)
{
    /// <summary>Checks and builds the file's network, then loads the weights; a file that does not fit fails by name.</summary>
    public static TrainedModel Load(string file, string? network, string weights)
    {
        var source = ModelSource.Read(file);
        var (build, networks) = Networks.Check(source);
        var chosen = Networks.Choose(networks, network, source.Path);
        var model = Networks.Instantiate(build, chosen, seed: 0);
        return new TrainedModel(chosen, model, Weights.Load(model, weights));
    }
}
