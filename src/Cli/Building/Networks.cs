using Microsoft.CodeAnalysis;
using NetForge.Dsl.Model;

namespace NetForge.Cli.Building;

/// <summary>The checked networks of one <c>.net</c> file, and the one a command works on.</summary>
internal static class Networks
{
    /// <summary>The file's networks, checked as a build checks them.</summary>
    /// <exception cref="CliException">The build would fail: the message is the first error, in the compiler's format.</exception>
    public static (ModelBuild Build, IReadOnlyList<Network> Networks) Check(ModelSource source)
    {
        var build = ModelBuild.Generate([source]);
        var errors = build.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            var more = errors.Count == 1 ? "" : $" (and {errors.Count - 1} more: netforge check {source.Path})";
            throw new CliException(errors[0] + more);
        }
        var networks = build.NetworksOf(source);
        if (networks.Count == 0)
            throw new CliException($"{source.Path}: declares no network");
        return (build, networks);
    }

    /// <summary>The network named <paramref name="name"/>, or the file's only one when no name is given.</summary>
    /// <exception cref="CliException">No network has the name, or the file has several and none was named.</exception>
    public static Network Choose(IReadOnlyList<Network> networks, string? name, string path)
    {
        if (name is null)
        {
            if (networks.Count == 1)
                return networks[0];
            throw new CliException($"{path}: declares {networks.Count} networks ({Names(networks)}); choose one with --network NAME");
        }
        return networks.FirstOrDefault(n => n.Name == name)
            ?? throw new CliException($"{path}: declares no network '{name}'; it declares {Names(networks)}");
    }

    /// <summary>The network's layer of the given name (<c>conv2</c>, <c>relu3</c>).</summary>
    /// <exception cref="CliException">The network has no such layer; the message lists its layers.</exception>
    public static Layer Layer(Network network, string name) =>
        network.Layers.FirstOrDefault(l => l.Name == name)
        ?? throw new CliException($"network {network.Name} has no layer '{name}'; its layers are {string.Join(", ", network.Layers.Select(l => l.Name))}");

    /// <summary>A file's network names, for a message: <c>1 network: Mlp</c>.</summary>
    public static string Describe(ModelBuild build, ModelSource source)
    {
        var names = build.NetworksOf(source).Select(n => n.Name).ToList();
        return names.Count switch
        {
            0 => "no network",
            1 => "1 network: " + names[0],
            _ => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{names.Count} networks: {string.Join(", ", names)}"),
        };
    }

    /// <summary>A checked network built in memory, its parameters drawn from <paramref name="seed"/>.</summary>
    public static INetwork Instantiate(ModelBuild build, Network network, int seed)
    {
        var fullName = network.Namespace is null ? network.Name : network.Namespace + "." + network.Name;
        var type = build.Load().FirstOrDefault(t => t.FullName == fullName)
            ?? throw new CliException($"network {network.Name} was not generated, which is a NetForge bug");
        return ModelBuild.Create(type, seed);
    }

    private static string Names(IReadOnlyList<Network> networks) => string.Join(", ", networks.Select(n => n.Name));
}
