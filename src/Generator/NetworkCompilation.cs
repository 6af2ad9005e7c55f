using NetForge.Dsl;
using NetForge.Dsl.Planning;
using NetForge.Dsl.Syntax;

namespace NetForge.Generator;

/// <summary>Checks and plans networks from either front-end.</summary>
internal static class NetworkCompilation
{
    public static NetworkResult Compile(NetworkSyntax syntax, string accessibility) =>
        ToResult(ModelCompiler.Compile(syntax), accessibility);

    public static EquatableArray<NetworkResult> CompileFile(string path, string text) =>
        ModelCompiler.CompileFile(path, text).Select(r => ToResult(r, "public")).ToEquatableArray();

    private static NetworkResult ToResult(Dsl.Binding.BindResult result, string accessibility) =>
        result.Network is { } network
            ? new NetworkResult(new NetworkModel(Planner.Plan(network), accessibility), result.Diagnostics)
            : new NetworkResult(null, result.Diagnostics);
}
