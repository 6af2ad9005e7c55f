using NetForge.Dsl.Diagnostics;
using NetForge.Dsl.Model;
using NetForge.Dsl.Syntax;

namespace NetForge.Dsl.Binding;

/// <summary>The checked network, or the reasons there is none.</summary>
/// <param name="Network">The network when it has no error; null otherwise.</param>
/// <param name="Diagnostics">Every error found.</param>
public sealed record BindResult(Network? Network, EquatableArray<Diagnostic> Diagnostics);

/// <summary>
/// Turns a network as written (by either front-end) into the checked model: it resolves ops and arguments
/// through the op table, checks the order of statements and the labels, and infers every shape.
/// </summary>
public static class NetworkBinder
{
    /// <summary>Checks one network.</summary>
    public static BindResult Bind(NetworkSyntax syntax)
    {
        var diagnostics = new List<Diagnostic>();
        var input = CheckStructure(syntax, diagnostics);
        var labels = CollectLabels(syntax, diagnostics);

        var layers = new List<Layer>();
        var labelShapes = new Dictionary<string, Shape>();
        var counts = new Dictionary<string, int>();
        var shape = input;
        var line = 0;
        foreach (var chain in syntax.Statements.OfType<ChainSyntax>())
        {
            line++;
            for (var i = 0; i < chain.Ops.Count; i++)
            {
                var op = chain.Ops[i];
                var label = i == chain.Ops.Count - 1 ? chain.Label : null;
                var layer = BindLayer(syntax, op, label, shape, layers.Count, line, labels, labelShapes, counts, diagnostics);
                if (layer is null)
                {
                    shape = null;
                    continue;
                }
                layers.Add(layer);
                shape = layer.Output;
                if (label is not null && !labelShapes.ContainsKey(label))
                    labelShapes[label] = layer.Output;
            }
        }

        if (!syntax.Statements.OfType<ChainSyntax>().Any())
            diagnostics.Add(DiagnosticDescriptors.NoLayers.At(syntax.Location, syntax.Name));
        else if (diagnostics.Count == 0)
        {
            var parameters = layers.Sum(l => l.Parameters.Sum(p => p.Shape.Elements));
            if (parameters > int.MaxValue)
                diagnostics.Add(DiagnosticDescriptors.TooLarge.At(syntax.Location, "network " + syntax.Name, FormattableString.Invariant($"has {parameters} parameters")));
        }
        if (NetworkNames.Problem(syntax.Name) is { } problem)
            diagnostics.Add(DiagnosticDescriptors.InvalidNetworkName.At(syntax.Location, syntax.Name, problem));
        var loss = BindLoss(syntax, shape, diagnostics);
        if (diagnostics.Count > 0 || input is null || loss is null)
            return new BindResult(null, diagnostics.ToEquatableArray());
        return new BindResult(new Network(syntax.Name, syntax.Namespace, input, layers.ToEquatableArray(), loss, syntax.Location), EquatableArray<Diagnostic>.Empty);
    }

    /// <summary>Checks every network of a file, and that no two share a name.</summary>
    public static IReadOnlyList<BindResult> BindAll(IEnumerable<NetworkSyntax> networks)
    {
        var seen = new Dictionary<string, SourceLocation>();
        var results = new List<BindResult>();
        foreach (var syntax in networks)
        {
            if (seen.TryGetValue(syntax.Name, out var first))
            {
                results.Add(new BindResult(null, EquatableArray.Create(DiagnosticDescriptors.DuplicateNetwork.At(syntax.Location, syntax.Name, first))));
                continue;
            }
            seen[syntax.Name] = syntax.Location;
            results.Add(Bind(syntax));
        }
        return results;
    }

    private static Shape? CheckStructure(NetworkSyntax syntax, List<Diagnostic> diagnostics)
    {
        var statements = syntax.Statements;
        var inputs = statements.OfType<InputSyntax>().ToList();
        Shape? input = null;
        if (inputs.Count == 0)
            diagnostics.Add(DiagnosticDescriptors.MissingInput.At(syntax.Location, syntax.Name));
        else
        {
            if (statements[0] is not InputSyntax)
                diagnostics.Add(DiagnosticDescriptors.MisplacedInput.At(statements[0].Location, FormattableString.Invariant($"the first line of network {syntax.Name} must be its 'input'; it is on line {inputs[0].Location.Line}")));
            foreach (var extra in inputs.Skip(1))
                diagnostics.Add(DiagnosticDescriptors.MisplacedInput.At(extra.Location, FormattableString.Invariant($"network {syntax.Name} already has an input, on line {inputs[0].Location.Line}")));
            input = CheckShape(inputs[0], diagnostics);
        }

        var losses = statements.OfType<LossSyntax>().ToList();
        if (losses.Count == 0)
            diagnostics.Add(DiagnosticDescriptors.MissingLoss.At(syntax.Location, syntax.Name));
        else
        {
            foreach (var extra in losses.Skip(1))
                diagnostics.Add(DiagnosticDescriptors.MisplacedLoss.At(extra.Location, FormattableString.Invariant($"network {syntax.Name} already has a loss, on line {losses[0].Location.Line}")));
            if (statements[statements.Count - 1] is not LossSyntax)
                diagnostics.Add(DiagnosticDescriptors.MisplacedLoss.At(losses[0].Location, $"the loss must be the last line of network {syntax.Name}"));
        }
        return input;
    }

    private static Shape? CheckShape(InputSyntax input, List<Diagnostic> diagnostics)
    {
        var written = "[" + string.Join(", ", input.Dimensions) + "]";
        if (input.Dimensions.Count is not (1 or 3))
        {
            diagnostics.Add(DiagnosticDescriptors.InvalidShape.At(input.Location, written, "must be [features] or [channels, height, width]"));
            return null;
        }
        if (input.Dimensions.Any(d => d <= 0))
        {
            diagnostics.Add(DiagnosticDescriptors.InvalidShape.At(input.Location, written, "must have positive extents"));
            return null;
        }
        if (input.Dimensions.Aggregate(1.0, (size, d) => size * d) > int.MaxValue)
        {
            diagnostics.Add(DiagnosticDescriptors.InvalidShape.At(input.Location, written, FormattableString.Invariant($"holds more than {int.MaxValue} values")));
            return null;
        }
        return new Shape(input.Dimensions.Select(d => (int)d).ToEquatableArray());
    }

    private static Dictionary<string, (int Line, SourceLocation Location)> CollectLabels(NetworkSyntax syntax, List<Diagnostic> diagnostics)
    {
        var labels = new Dictionary<string, (int, SourceLocation)>();
        var line = 0;
        foreach (var chain in syntax.Statements.OfType<ChainSyntax>())
        {
            line++;
            if (chain.Label is not { } label)
                continue;
            if (labels.TryGetValue(label, out var first))
                diagnostics.Add(DiagnosticDescriptors.DuplicateLabel.At(chain.Location, label, first.Item2.Line));
            else
                labels[label] = (line, chain.Location);
        }
        return labels;
    }

    private static Layer? BindLayer(
        NetworkSyntax network,
        OpSyntax op,
        string? label,
        Shape? input,
        int index,
        int line,
        Dictionary<string, (int Line, SourceLocation Location)> labels,
        Dictionary<string, Shape> labelShapes,
        Dictionary<string, int> counts,
        List<Diagnostic> diagnostics)
    {
        if (!OpTable.Ops.TryGetValue(op.Name, out var definition))
        {
            diagnostics.Add(DiagnosticDescriptors.UnknownOp.At(op.Location, op.Name, Suggest(op.Name, OpTable.Ops.Keys, "the ops are")));
            return null;
        }
        var arguments = ArgumentBinder.Bind(op, definition.Arguments, diagnostics);
        if (arguments is not { } bound)
            return null;

        var referencesOk = true;
        foreach (var reference in bound.Where(a => a.Names.Count > 0).SelectMany(a => a.Names))
        {
            var at = op.Arguments.FirstOrDefault(a => a.Value.Kind == ValueKind.Name && a.Value.Text == reference)?.Location ?? op.Location;
            if (!labels.TryGetValue(reference, out var target))
            {
                diagnostics.Add(DiagnosticDescriptors.UnknownLabel.At(at, op, reference, network.Name));
                referencesOk = false;
            }
            else if (target.Line >= line)
            {
                var where = target.Line == line
                    ? "the label of its own line"
                    : FormattableString.Invariant($"which is defined later, on line {target.Location.Line}");
                diagnostics.Add(DiagnosticDescriptors.LabelUsedBeforeDefinition.At(at, op, reference, where));
                referencesOk = false;
            }
        }
        // Once a shape is unknown, later shape errors would only echo the first one.
        if (!referencesOk || input is null || bound.Any(a => a.Names.Any(n => !labelShapes.ContainsKey(n))))
            return null;

        counts.TryGetValue(definition.LayerName, out var count);
        counts[definition.LayerName] = ++count;
        var layer = new Layer(index, definition.Kind, definition.LayerName + count, label, bound, input, input,
            EquatableArray<Parameter>.Empty, EquatableArray<Parameter>.Empty, 0, op.ToString(), op.Location);
        var output = definition.InferShape(new ShapeContext(layer, n => labelShapes.TryGetValue(n, out var s) ? s : null, diagnostics));
        if (output is null)
            return null;
        if (output.Elements > int.MaxValue)
        {
            diagnostics.Add(DiagnosticDescriptors.TooLarge.At(op.Location, op, "yields " + output));
            return null;
        }
        layer = layer with { Output = output };
        var parameters = definition.Parameters(layer);
        if (parameters.FirstOrDefault(p => p.Shape.Elements > int.MaxValue) is { } huge)
        {
            diagnostics.Add(DiagnosticDescriptors.TooLarge.At(op.Location, op, $"needs a {huge.Role} of shape {huge.Shape}"));
            return null;
        }
        return layer with
        {
            Parameters = parameters.ToEquatableArray(),
            State = definition.State(layer).ToEquatableArray(),
            Flops = definition.Flops(layer),
        };
    }

    private static Loss? BindLoss(NetworkSyntax network, Shape? output, List<Diagnostic> diagnostics)
    {
        if (network.Statements.OfType<LossSyntax>().FirstOrDefault() is not { } syntax)
            return null;
        var op = syntax.Op;
        if (!OpTable.Losses.TryGetValue(op.Name, out var entry))
        {
            diagnostics.Add(DiagnosticDescriptors.UnknownLoss.At(op.Location, op.Name, string.Join(", ", OpTable.Losses.Keys)));
            return null;
        }
        var arguments = ArgumentBinder.Bind(op, entry.Arguments, diagnostics);
        if (arguments is not { } bound || output is null)
            return null;
        var margin = bound.FirstOrDefault(a => a.Name == "margin")?.Real ?? 1.0;
        if (entry.TakesClassLabels && (!output.IsFlat || output.Size < 2))
        {
            diagnostics.Add(DiagnosticDescriptors.LossShapeMismatch.At(op.Location, op, "a flat output of at least two classes, [n] with n >= 2,", output));
            return null;
        }
        return new Loss(entry.Name, margin, op.ToString(), op.Location);
    }

    private static string Suggest(string name, IEnumerable<string> known, string listIntro)
    {
        var best = known.Select(k => (k, Distance: EditDistance(name, k))).OrderBy(x => x.Distance).First();
        return best.Distance <= 2
            ? $"; did you mean '{best.k}'?"
            : $"; {listIntro} {string.Join(", ", known)}";
    }

    private static int EditDistance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }
}
