using NetForge.Dsl.Model;
using static NetForge.Generator.CodeText;

namespace NetForge.Generator.Cpu;

/// <summary>
/// Emits the network's <c>INetwork.Graph</c>: one node per layer, its arguments as written in the language, and the
/// names of the tensors it reads. It describes the layers, not the CPU's fused steps, so that an exporter needs no
/// knowledge of how this back-end runs them.
/// </summary>
internal static class GraphEmitter
{
    private const string Input = "input";
    private const string Output = "output";

    public static void Emit(IndentedWriter w, Network network)
    {
        var layers = network.Layers;
        var values = layers.Select(layer => layer.Index == layers.Count - 1 ? Output : layer.Name).ToList();
        var labelled = layers.Where(layer => layer.Label is not null).ToDictionary(layer => layer.Label!, layer => values[layer.Index]);

        w.Line("// What Predict computes for exporters: one node per layer, a fused activation included, with the tensors it reads.");
        w.Line($"private static readonly global::NetForge.NetworkGraph _graph = new(\"{network.Name}\", \"{Input}\", {network.Input}, \"{Output}\", {network.Output},");
        w.Line("[");
        foreach (var layer in layers)
        {
            var previous = layer.Index == 0 ? Input : values[layer.Index - 1];
            var inputs = new[] { previous }.Concat(layer.ReferencedLabels.Select(label => labelled[label]));
            w.Line($"    new(global::NetForge.GraphOp.{layer.Op}, \"{layer.Name}\", {Strings(inputs)}, \"{values[layer.Index]}\", {layer.Input}, {layer.Output}{Tensors(layer)}{Attributes(layer)}{Label(layer)}),");
        }
        w.Line("]);");
        w.Line();
        w.Line("global::NetForge.NetworkGraph global::NetForge.INetwork.Graph => _graph;");
        w.Line();
    }

    private static string Tensors(Layer layer)
    {
        var parameters = layer.Parameters.Count == 0 ? "" : ", parameters: " + Strings(layer.Parameters.Select(p => layer.Name + "." + p.Role));
        var state = layer.State.Count == 0 ? "" : ", state: " + Strings(layer.State.Select(s => layer.Name + "." + s.Role));
        return parameters + state;
    }

    private static string Label(Layer layer) => layer.Label is { } label ? $", label: \"{label}\"" : "";

    private static string Attributes(Layer layer)
    {
        var types = layer.Definition.Arguments.ToDictionary(spec => spec.Name, spec => spec.Type);
        var attributes = layer.Arguments
            .Select(argument => Attribute(argument, types[argument.Name]))
            .Where(attribute => attribute is not null)
            .ToList();
        return attributes.Count == 0 ? "" : ", attributes: [" + string.Join(", ", attributes) + "]";
    }

    // Labels are not attributes: the nodes they name are the node's inputs.
    private static string? Attribute(ArgumentValue argument, ArgumentType type) => type switch
    {
        ArgumentType.Integer or ArgumentType.IntegerOrPair => $"new(\"{argument.Name}\", {string.Join(", ", argument.Integers.Select(i => Integer(i)))})",
        ArgumentType.Real => $"new(\"{argument.Name}\", {Real(argument.Real)})",
        ArgumentType.Boolean => $"new(\"{argument.Name}\", {(argument.Boolean ? "true" : "false")})",
        _ => null,
    };

    // A double literal even for a whole number, which would otherwise choose the integer attribute.
    private static string Real(double value)
    {
        var text = Number(value);
        return text.IndexOfAny(['.', 'E']) >= 0 ? text : text + ".0";
    }

    private static string Strings(IEnumerable<string> names) => "[" + string.Join(", ", names.Select(name => "\"" + name + "\"")) + "]";
}
