using NetForge.Dsl.Binding;
using NetForge.Dsl.Diagnostics;
using NetForge.Dsl.Model;
using NetForge.Dsl.Parsing;
using NetForge.Dsl.Syntax;

namespace NetForge.Dsl;

/// <summary>The front door of the language: text or syntax in, checked networks and diagnostics out.</summary>
public static class ModelCompiler
{
    /// <summary>Parses and checks every network of a <c>.net</c> file.</summary>
    /// <param name="path">The file's path, used in diagnostics.</param>
    /// <param name="text">The file's content.</param>
    /// <returns>One result per network, in the order written; a file with a syntax error gives one result with no network.</returns>
    public static IReadOnlyList<BindResult> CompileFile(string path, string text)
    {
        var parsed = ModelParser.Parse(path, text);
        if (parsed.Diagnostics.Count > 0)
            return [new BindResult(null, parsed.Diagnostics)];
        return NetworkBinder.BindAll(parsed.Networks).Select(WithKernelCheck).ToList();
    }

    /// <summary>Checks one network built by a front-end other than the parser.</summary>
    public static BindResult Compile(NetworkSyntax syntax) => WithKernelCheck(NetworkBinder.Bind(syntax));

    /// <summary>Reports each layer whose op has no CPU kernels yet.</summary>
    public static IEnumerable<Diagnostic> CheckKernels(Network network)
    {
        var supported = string.Join(", ", OpTable.Ops.Values.Where(op => op.HasCpuKernel).Select(op => op.Name));
        return network.Layers
            .Where(layer => !OpTable.Get(layer.Op).HasCpuKernel)
            .Select(layer => DiagnosticDescriptors.NoKernel.At(layer.Location, layer.Text, supported));
    }

    private static BindResult WithKernelCheck(BindResult result)
    {
        if (result.Network is not { } network)
            return result;
        var missing = CheckKernels(network).ToEquatableArray();
        return missing.Count == 0 ? result : new BindResult(null, missing);
    }
}
