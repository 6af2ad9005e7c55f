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
/// through the op table, checks the order of statements, the names and the labels, and infers every shape.
/// Every size, count and sum of sizes it accepts fits an int, the type the generated code counts in.
/// </summary>
public static class NetworkBinder
{
    /// <summary>Checks one network, its namespace included.</summary>
    public static BindResult Bind(NetworkSyntax syntax) => Bind(syntax, NamespaceDiagnostics(syntax));

    /// <summary>Checks every network of a file, that no two share a name, and the file's namespace.</summary>
    /// <returns>One result per network, in the order written; when the namespace cannot be used, none of the
    /// networks can be generated, and the file gives one result with no network and every error found.</returns>
    public static IReadOnlyList<BindResult> BindAll(IEnumerable<NetworkSyntax> networks)
    {
        var seen = new Dictionary<string, SourceLocation>();
        var namespaces = new HashSet<(string?, SourceLocation?)>();
        var namespaceErrors = new List<Diagnostic>();
        var results = new List<BindResult>();
        foreach (var syntax in networks)
        {
            // The networks of a file share its namespace line: its mistake is reported once, not once per network.
            if (namespaces.Add((syntax.Namespace, syntax.NamespaceLocation)))
                namespaceErrors.AddRange(NamespaceDiagnostics(syntax));
            if (seen.TryGetValue(syntax.Name, out var first))
            {
                results.Add(new BindResult(null, EquatableArray.Create(DiagnosticDescriptors.DuplicateNetwork.At(syntax.Location, Quote.Name(syntax.Name), first))));
                continue;
            }
            seen[syntax.Name] = syntax.Location;
            results.Add(Bind(syntax, []));
        }
        if (namespaceErrors.Count == 0)
            return results;
        return [new BindResult(null, namespaceErrors.Concat(results.SelectMany(r => r.Diagnostics)).ToEquatableArray())];
    }

    private static BindResult Bind(NetworkSyntax syntax, IEnumerable<Diagnostic> namespaceErrors)
    {
        var diagnostics = new List<Diagnostic>(namespaceErrors);
        var name = Quote.Name(syntax.Name);
        var input = CheckStructure(syntax, name, diagnostics);
        var labels = CollectLabels(syntax, diagnostics);

        var layers = new List<Layer>();
        var labelShapes = new Dictionary<string, Shape>();
        var counts = new Dictionary<string, int>();
        var shape = input;
        var line = 0;
        // The values the layers' outputs hold for one sample, all together: a back-end may keep them in one array.
        var outputs = 0L;
        foreach (var chain in syntax.Statements.OfType<ChainSyntax>())
        {
            line++;
            for (var i = 0; i < chain.Ops.Count; i++)
            {
                var op = chain.Ops[i];
                var label = i == chain.Ops.Count - 1 ? chain.Label : null;
                var layer = BindLayer(syntax, name, op, label, shape, layers.Count, line, labels, labelShapes, counts, diagnostics);
                if (layer is null)
                {
                    shape = null;
                    continue;
                }
                layers.Add(layer);
                shape = layer.Output;
                if (label is not null && !labelShapes.ContainsKey(label))
                    labelShapes[label] = layer.Output;
                // Flatten's output is its input's values under another shape: it holds none of its own.
                if (outputs <= int.MaxValue && !layer.Definition.Has(OpTraits.AliasesInput))
                {
                    outputs += layer.Output.Size;
                    if (outputs > int.MaxValue)
                        diagnostics.Add(DiagnosticDescriptors.TooLarge.At(op.Location, Quote.Op(op),
                            FormattableString.Invariant($"takes the outputs of the layers of network {name} to {outputs} values per sample")));
                }
            }
        }

        if (!syntax.Statements.OfType<ChainSyntax>().Any())
            diagnostics.Add(DiagnosticDescriptors.NoLayers.At(syntax.Location, name));
        else if (diagnostics.Count == 0)
        {
            // Each layer's count fits an int (BindLayer checks it), so that the sum of a few million of them fits a long.
            var parameters = layers.Sum(l => (long)l.ParameterCount);
            if (parameters > int.MaxValue)
                diagnostics.Add(DiagnosticDescriptors.TooLarge.At(syntax.Location, "network " + name, FormattableString.Invariant($"has {parameters} parameters")));
        }
        if (NetworkNames.Problem(syntax.Name, layers) is { } problem)
            diagnostics.Add(DiagnosticDescriptors.InvalidNetworkName.At(syntax.Location, name, problem));
        var loss = BindLoss(syntax, shape, diagnostics);
        var weights = BindWeights(syntax, name, diagnostics);
        if (diagnostics.Count > 0 || input is null || loss is null)
            return new BindResult(null, diagnostics.ToEquatableArray());
        var network = new Network(syntax.Name, syntax.Namespace, input, layers.ToEquatableArray(), loss, syntax.Location) { Weights = weights };
        return new BindResult(network, EquatableArray<Diagnostic>.Empty);
    }

    private static WeightsFile? BindWeights(NetworkSyntax syntax, string name, List<Diagnostic> diagnostics)
    {
        var lines = syntax.Statements.OfType<WeightsSyntax>().ToList();
        if (lines.Count == 0)
            return null;
        foreach (var extra in lines.Skip(1))
            diagnostics.Add(DiagnosticDescriptors.InvalidWeights.At(extra.Location,
                FormattableString.Invariant($"network {name} already names its weights file, on line {lines[0].Location.Line}")));
        var first = lines[0];
        if (first.Path.Trim().Length == 0)
        {
            diagnostics.Add(DiagnosticDescriptors.InvalidWeights.At(first.Location, "the weights file's path is empty"));
            return null;
        }
        return new WeightsFile(first.Path, first.Location);
    }

    private static IEnumerable<Diagnostic> NamespaceDiagnostics(NetworkSyntax syntax)
    {
        if (syntax.Namespace is not { } ns || NetworkNames.NamespaceProblem(ns) is not { } problem)
            yield break;
        // A namespace is written without spaces, so its segment is as many columns in as characters.
        var location = syntax.NamespaceLocation is { } at
            ? new SourceLocation(at.Path, at.Start + problem.Offset, problem.Segment.Length, at.Line, at.Column + problem.Offset, at.Line, at.Column + problem.Offset + problem.Segment.Length)
            : syntax.Location;
        yield return DiagnosticDescriptors.InvalidNamespace.At(location, Quote.Name(ns), Quote.Name(problem.Segment), problem.Reason);
    }

    private static Shape? CheckStructure(NetworkSyntax syntax, string name, List<Diagnostic> diagnostics)
    {
        var statements = syntax.Statements;
        var inputs = statements.OfType<InputSyntax>().ToList();
        Shape? input = null;
        if (inputs.Count == 0)
            diagnostics.Add(DiagnosticDescriptors.MissingInput.At(syntax.Location, name));
        else
        {
            if (statements[0] is not InputSyntax)
                diagnostics.Add(DiagnosticDescriptors.MisplacedInput.At(statements[0].Location, FormattableString.Invariant($"the first line of network {name} must be its 'input'; it is on line {inputs[0].Location.Line}")));
            foreach (var extra in inputs.Skip(1))
                diagnostics.Add(DiagnosticDescriptors.MisplacedInput.At(extra.Location, FormattableString.Invariant($"network {name} already has an input, on line {inputs[0].Location.Line}")));
            input = CheckShape(inputs[0], diagnostics);
        }

        var losses = statements.OfType<LossSyntax>().ToList();
        if (losses.Count == 0)
            diagnostics.Add(DiagnosticDescriptors.MissingLoss.At(syntax.Location, name));
        else
        {
            foreach (var extra in losses.Skip(1))
                diagnostics.Add(DiagnosticDescriptors.MisplacedLoss.At(extra.Location, FormattableString.Invariant($"network {name} already has a loss, on line {losses[0].Location.Line}")));
            if (statements[statements.Count - 1] is not LossSyntax)
                diagnostics.Add(DiagnosticDescriptors.MisplacedLoss.At(losses[0].Location, $"the loss must be the last line of network {name}"));
        }
        return input;
    }

    private static Shape? CheckShape(InputSyntax input, List<Diagnostic> diagnostics)
    {
        var written = Quote.Value(ValueSyntax.IntegerList(input.Dimensions));
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

    /// <summary>The labels by name, with the line (counting only chains) and place of their definitions. Reports a
    /// label defined twice, and labels whose generated names would collide.</summary>
    private static Dictionary<string, (int Line, SourceLocation Location)> CollectLabels(NetworkSyntax syntax, List<Diagnostic> diagnostics)
    {
        var labels = new Dictionary<string, (int, SourceLocation)>();
        // The back-ends name a label's buffers after its Pascal form; a collision up to case is refused as well, so
        // that no back-end has to depend on case to tell two labels apart.
        var byPascal = new Dictionary<string, (string Label, SourceLocation Location)>(StringComparer.OrdinalIgnoreCase);
        var line = 0;
        foreach (var chain in syntax.Statements.OfType<ChainSyntax>())
        {
            line++;
            if (chain.Label is not { } label)
                continue;
            var quoted = Quote.Name(label);
            if (labels.TryGetValue(label, out var first))
            {
                diagnostics.Add(DiagnosticDescriptors.DuplicateLabel.At(chain.Location, quoted, first.Item2.Line));
                continue;
            }
            labels[label] = (line, chain.Location);
            var pascal = NetworkNames.Pascal(label);
            if (pascal.Length == 0)
                diagnostics.Add(DiagnosticDescriptors.InvalidLabel.At(chain.Location, quoted, "it has only underscores, which generated names drop, so it would name nothing"));
            else if (byPascal.TryGetValue(pascal, out var other))
            {
                var relation = NetworkNames.Pascal(other.Label) == pascal ? "would generate the same name as" : "differs only in case from";
                diagnostics.Add(DiagnosticDescriptors.LabelNameCollision.At(chain.Location, quoted, relation, Quote.Name(other.Label), other.Location.Line));
            }
            else
                byPascal[pascal] = (label, chain.Location);
        }
        return labels;
    }

    private static Layer? BindLayer(
        NetworkSyntax network,
        string networkName,
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
            diagnostics.Add(DiagnosticDescriptors.UnknownOp.At(op.Location, Quote.Name(op.Name), Suggest(op.Name, OpTable.Ops.Keys, "the ops are")));
            return null;
        }
        var arguments = ArgumentBinder.Bind(op, definition.Arguments, diagnostics);
        if (arguments is not { } bound)
            return null;

        var text = new QuotedOp(op);
        if (!CheckReferences(networkName, op, definition, text, line, labels, diagnostics))
            return null;
        // Once a shape is unknown, later shape errors would only echo the first one.
        if (input is null || bound.Any(a => a.Names.Any(n => !labelShapes.ContainsKey(n))))
            return null;

        counts.TryGetValue(definition.LayerName, out var count);
        counts[definition.LayerName] = ++count;
        var layer = new Layer(index, definition.Kind, definition.LayerName + count, label, bound, input, input,
            EquatableArray<Parameter>.Empty, EquatableArray<Parameter>.Empty, 0, op.ToString(), op.Location);
        var output = definition.InferShape(new ShapeContext(layer, text, n => labelShapes.TryGetValue(n, out var s) ? s : null, diagnostics));
        if (output is null)
            return null;
        if (output.Elements > int.MaxValue)
        {
            diagnostics.Add(DiagnosticDescriptors.TooLarge.At(op.Location, text, "yields " + output));
            return null;
        }
        layer = layer with { Output = output };
        var parameters = definition.Parameters(layer);
        if (parameters.FirstOrDefault(p => p.Shape.Elements > int.MaxValue) is { } huge)
        {
            diagnostics.Add(DiagnosticDescriptors.TooLarge.At(op.Location, text, $"needs a {huge.Role} of shape {huge.Shape}"));
            return null;
        }
        var total = parameters.Sum(p => p.Shape.Elements);
        if (total > int.MaxValue)
        {
            diagnostics.Add(DiagnosticDescriptors.TooLarge.At(op.Location, text, FormattableString.Invariant($"needs {total} parameters")));
            return null;
        }
        return layer with
        {
            Parameters = parameters.ToEquatableArray(),
            State = definition.State(layer).ToEquatableArray(),
            Flops = definition.Flops(layer),
        };
    }

    /// <summary>Checks that every label an op refers to is defined on an earlier line. Each kind of mistake is
    /// reported once per op, at its first label, naming each label once.</summary>
    private static bool CheckReferences(
        string networkName,
        OpSyntax op,
        OpDefinition definition,
        QuotedOp text,
        int line,
        Dictionary<string, (int Line, SourceLocation Location)> labels,
        List<Diagnostic> diagnostics)
    {
        var unknown = new List<ArgumentSyntax>();
        var later = new List<(ArgumentSyntax Argument, string Where)>();
        var reported = new HashSet<string>();
        // Once the arguments are bound, a name is a label unless it is given to a named argument of another kind (an
        // initialiser's): a positional name binds only to a label.
        var labelArguments = definition.Arguments.Where(s => s.Type is ArgumentType.Label or ArgumentType.Labels).Select(s => s.Name).ToList();
        foreach (var argument in op.Arguments.Where(a => a.Value.Kind == ValueKind.Name && (a.Name is null || labelArguments.Contains(a.Name))))
        {
            var reference = argument.Value.Text;
            if (!labels.TryGetValue(reference, out var target))
            {
                if (reported.Add(reference))
                    unknown.Add(argument);
            }
            else if (target.Line >= line && reported.Add(reference))
            {
                var where = target.Line == line
                    ? "the label of its own line"
                    : FormattableString.Invariant($"which is defined later, on line {target.Location.Line}");
                later.Add((argument, where));
            }
        }
        if (unknown.Count > 0)
            diagnostics.Add(DiagnosticDescriptors.UnknownLabel.At(unknown[0].Location, text, Labels(unknown.Select(a => a.Value.Text), unknown.Count), networkName));
        if (later.Count > 0)
        {
            var what = later.Count == 1
                ? $"'{Quote.Name(later[0].Argument.Value.Text)}', {later[0].Where}"
                : Labels(later.Select(l => l.Argument.Value.Text), later.Count) + ", which are defined on its own line or later";
            diagnostics.Add(DiagnosticDescriptors.LabelUsedBeforeDefinition.At(later[0].Argument.Location, text, what));
        }
        return unknown.Count == 0 && later.Count == 0;
    }

    private static string Labels(IEnumerable<string> labels, int count) =>
        Quote.List(labels.Take(Quote.ListLimit).Select(l => $"'{Quote.Name(l)}'").ToList(), count);

    private static Loss? BindLoss(NetworkSyntax network, Shape? output, List<Diagnostic> diagnostics)
    {
        if (network.Statements.OfType<LossSyntax>().FirstOrDefault() is not { } syntax)
            return null;
        var op = syntax.Op;
        if (!OpTable.Losses.TryGetValue(op.Name, out var entry))
        {
            diagnostics.Add(DiagnosticDescriptors.UnknownLoss.At(op.Location, Quote.Name(op.Name), string.Join(", ", OpTable.Losses.Keys)));
            return null;
        }
        var arguments = ArgumentBinder.Bind(op, entry.Arguments, diagnostics);
        if (arguments is not { } bound || output is null)
            return null;
        var margin = bound.FirstOrDefault(a => a.Name == "margin")?.Real ?? 1.0;
        if (entry.TakesClassLabels && (!output.IsFlat || output.Size < 2))
        {
            diagnostics.Add(DiagnosticDescriptors.LossShapeMismatch.At(op.Location, Quote.Op(op), "a flat output of at least two classes, [n] with n >= 2,", output));
            return null;
        }
        return new Loss(entry.Name, margin, op.ToString(), op.Location) { L2 = bound.FirstOrDefault(a => a.Name == "l2")?.Real ?? 0 };
    }

    private static string Suggest(string name, IEnumerable<string> known, string listIntro)
    {
        // Names whose lengths differ by more than two are more than two edits apart: only the others are measured.
        var best = known
            .Where(k => Math.Abs(k.Length - name.Length) <= 2)
            .Select(k => (k, Distance: EditDistance(name, k)))
            .Where(x => x.Distance <= 2)
            .OrderBy(x => x.Distance)
            .FirstOrDefault();
        return best.k is not null
            ? $"; did you mean '{best.k}'?"
            : $"; {listIntro} {string.Join(", ", known)}";
    }

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
            previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
