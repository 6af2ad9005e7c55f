using NetForge.Dsl;
using NetForge.Dsl.Planning;
using NetForge.Dsl.Syntax;
using NetForge.Generator.Cpu;

namespace NetForge.Generator;

/// <summary>Checks and plans networks from either front-end.</summary>
internal static class NetworkCompilation
{
    public static NetworkResult Compile(NetworkSyntax syntax, string accessibility, string key) =>
        ToResult(ModelCompiler.Compile(syntax), accessibility, key);

    public static EquatableArray<NetworkResult> CompileFile(string path, string text) =>
        ModelCompiler.CompileFile(path, text)
            .Select((r, i) => ToResult(r, "public", path + "#" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .ToEquatableArray();

    private static NetworkResult ToResult(Dsl.Binding.BindResult result, string accessibility, string key)
    {
        if (result.Network is not { } network)
            return new NetworkResult(null, result.Diagnostics, null);
        var missing = CpuOps.Check(network).ToEquatableArray();
        if (missing.Count > 0)
            return new NetworkResult(null, missing, null);
        var identity = new NetworkPlace(network.Name, network.Namespace, key, network.Location);
        return new NetworkResult(new NetworkModel(Planner.Plan(network.WithoutLocations()), accessibility, key), result.Diagnostics, identity);
    }
}
