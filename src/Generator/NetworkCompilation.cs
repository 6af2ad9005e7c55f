using NetForge.Dsl;
using NetForge.Dsl.Diagnostics;
using NetForge.Dsl.Binding;
using NetForge.Dsl.Model;
using NetForge.Dsl.Planning;
using NetForge.Dsl.Syntax;
using NetForge.Generator.Cpu;
using NetForge.Generator.Weights;

namespace NetForge.Generator;

/// <summary>
/// Checks, plans and emits networks from either front-end. Whatever throws on the way becomes an NF9001 error at
/// the network (or the file), so that one failure never takes the other networks of the build with it.
/// </summary>
internal static class NetworkCompilation
{
    /// <summary>Runs before a network is emitted; null except in the test that proves an exception is contained.</summary>
    internal static Action<Network>? BeforeEmit;

    public static NetworkResult Compile(NetworkSyntax syntax, string accessibility, string key)
    {
        try
        {
            return ToResult(ModelCompiler.Compile(syntax), accessibility, key);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return NetworkResult.Failed(Internal("network " + syntax.Name, syntax.Location, e));
        }
    }

    public static EquatableArray<NetworkResult> CompileFile(string path, string text)
    {
        IReadOnlyList<BindResult> bound;
        try
        {
            bound = ModelCompiler.CompileFile(path, text);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return EquatableArray.Create(NetworkResult.Failed(Internal(Path.GetFileName(path), SourceLocation.At(path, 0, 1, 1), e)));
        }
        return bound.Select((r, i) => ToResult(r, "public", path + "#" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToEquatableArray();
    }

    private static NetworkResult ToResult(BindResult result, string accessibility, string key)
    {
        if (result.Network is not { } network)
            return new NetworkResult(null, result.Diagnostics, null);
        try
        {
            var missing = CpuOps.Check(network).ToEquatableArray();
            if (missing.Count > 0)
                return new NetworkResult(null, missing, null);
            BeforeEmit?.Invoke(network);
            var unlocated = network.WithoutLocations();
            var plan = Planner.Plan(unlocated);
            var model = new NetworkModel(network.Name, network.Namespace, key, CpuEmitter.Emit(plan, accessibility))
            {
                Twin = Float64Emitter.Emit(plan, accessibility),
                Gpu = Gpu.GpuEmitter.Emit(plan),
            };
            return new NetworkResult(model, result.Diagnostics, new NetworkPlace(network.Name, network.Namespace, key, network.Location))
            {
                Weights = WeightsRequestOf(network, key, accessibility),
            };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return NetworkResult.Failed(Internal("network " + network.Name, network.Location, e));
        }
    }

    private static WeightsRequest? WeightsRequestOf(Network network, string key, string accessibility)
    {
        if (network.Weights is not { } weights)
            return null;
        var directory = Path.GetDirectoryName(weights.Location.Path) ?? "";
        var resolved = WeightsCheck.Normalize(Path.Combine(directory, weights.Path));
        var tensors = network.Layers
            .SelectMany(layer => layer.Parameters.Select(p => (layer, p)))
            .Concat(network.Layers.SelectMany(layer => layer.State.Select(s => (layer, p: s))))
            .Select(t => new ExpectedTensor(t.layer.Name + "." + t.p.Role, t.p.Shape.Dimensions.ToEquatableArray()))
            .ToEquatableArray();
        return new WeightsRequest(network.Name, network.Namespace, key, accessibility, weights.Path, resolved, weights.Location, tensors);
    }

    private static Dsl.Diagnostics.Diagnostic Internal(string what, SourceLocation location, Exception e) =>
        DiagnosticDescriptors.InternalError.At(location, what, e.GetType().Name, e.Message);
}
