using System.Globalization;
using NetForge.Dsl.Diagnostics;
using NetForge.Dsl.Model;
using NetForge.Dsl.Syntax;

namespace NetForge.Dsl.Binding;

/// <summary>Matches the arguments written for an op against the op's argument list and checks each value.</summary>
internal static class ArgumentBinder
{
    /// <summary>Returns every argument with defaults filled in, or null after reporting what is wrong.</summary>
    public static EquatableArray<ArgumentValue>? Bind(OpSyntax op, IReadOnlyList<ArgumentSpec> specs, List<Diagnostic> diagnostics)
    {
        var given = new Dictionary<string, List<ArgumentSyntax>>();
        var positional = specs.Where(s => s.Positional).ToList();
        var failed = false;
        var nextPositional = 0;
        var seenNamed = false;

        foreach (var argument in op.Arguments)
        {
            ArgumentSpec? spec;
            if (argument.Name is null)
            {
                if (seenNamed)
                {
                    Report(DiagnosticDescriptors.MisplacedArgument, argument.Location, op, $"the positional argument {argument} comes after a named one; write positional arguments first");
                    // It still fills its place, so that its parameter is not reported missing as well.
                    if (nextPositional < positional.Count && !given.ContainsKey(positional[nextPositional].Name))
                        given[positional[nextPositional++].Name] = [argument];
                    continue;
                }
                if (nextPositional >= positional.Count)
                {
                    var takes = positional.Count == 0
                        ? "takes no positional argument"
                        : FormattableString.Invariant($"takes {positional.Count} positional argument{(positional.Count == 1 ? "" : "s")} ({string.Join(", ", positional.Select(p => p.Name))})");
                    Report(DiagnosticDescriptors.MisplacedArgument, argument.Location, op, $"{op.Name} {takes}; {argument} is one too many");
                    continue;
                }
                spec = positional[nextPositional];
                if (spec.Type != ArgumentType.Labels)
                    nextPositional++;
            }
            else
            {
                seenNamed = true;
                spec = specs.FirstOrDefault(s => s.Name == argument.Name);
                if (spec is null)
                {
                    var takes = specs.Count == 0 ? "no arguments" : string.Join(", ", specs.Select(s => s.Name));
                    Report(DiagnosticDescriptors.UnknownArgument, argument.Location, op.Name, argument.Name, takes);
                    continue;
                }
                if (given.ContainsKey(spec.Name) && spec.Type != ArgumentType.Labels)
                {
                    Report(DiagnosticDescriptors.MisplacedArgument, argument.Location, op, $"'{spec.Name}' is given twice");
                    continue;
                }
            }
            if (!given.TryGetValue(spec.Name, out var list))
                given[spec.Name] = list = [];
            list.Add(argument);
        }

        var values = new List<ArgumentValue>();
        foreach (var spec in specs)
        {
            if (given.TryGetValue(spec.Name, out var arguments))
            {
                var value = Convert(op, spec, arguments, diagnostics);
                if (value is null)
                    failed = true;
                else
                    values.Add(value);
            }
            else if (spec.Default is { } defaultValue)
            {
                values.Add(defaultValue);
            }
            else if (spec.DefaultFrom is null)
            {
                Report(DiagnosticDescriptors.MissingArgument, op.Location, op, spec.Name);
            }
        }
        foreach (var spec in specs.Where(s => s.DefaultFrom is not null && !given.ContainsKey(s.Name)))
        {
            var source = values.FirstOrDefault(v => v.Name == spec.DefaultFrom);
            if (source is not null)
                values.Add(source with { Name = spec.Name });
        }
        return failed ? null : values.ToEquatableArray();

        void Report(DiagnosticDescriptor descriptor, SourceLocation location, params object[] args)
        {
            diagnostics.Add(descriptor.At(location, args));
            failed = true;
        }
    }

    private static ArgumentValue? Convert(OpSyntax op, ArgumentSpec spec, List<ArgumentSyntax> arguments, List<Diagnostic> diagnostics)
    {
        var first = arguments[0];
        switch (spec.Type)
        {
            case ArgumentType.Integer when TryInteger(first.Value, out var integer) && InRange(spec, integer):
                return ArgumentValue.Integer(spec.Name, integer);
            case ArgumentType.IntegerOrPair when TryInteger(first.Value, out var square) && InRange(spec, square):
                return ArgumentValue.IntegerPair(spec.Name, square, square);
            case ArgumentType.IntegerOrPair when first.Value.Kind == ValueKind.IntegerList:
                var items = first.Value.Text.Split(',');
                if (items.Length == 2
                    && TryInteger(new ValueSyntax(ValueKind.Integer, items[0]), out var height) && InRange(spec, height)
                    && TryInteger(new ValueSyntax(ValueKind.Integer, items[1]), out var width) && InRange(spec, width))
                    return ArgumentValue.IntegerPair(spec.Name, height, width);
                break;
            case ArgumentType.Real when first.Value.Kind is ValueKind.Integer or ValueKind.Real
                && double.TryParse(first.Value.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real)
                && InRange(spec, real) && FitsFloat(spec, real):
                return ArgumentValue.RealValue(spec.Name, real);
            case ArgumentType.Boolean when first.Value.Kind == ValueKind.Boolean:
                return ArgumentValue.BooleanValue(spec.Name, first.Value.Text == "true");
            case ArgumentType.Label or ArgumentType.Labels when arguments.All(a => a.Value.Kind == ValueKind.Name):
                return ArgumentValue.Labels(spec.Name, arguments.Select(a => a.Value.Text));
        }
        var wrong = spec.Type is ArgumentType.Label or ArgumentType.Labels
            ? arguments.First(a => a.Value.Kind != ValueKind.Name)
            : first;
        diagnostics.Add(DiagnosticDescriptors.InvalidArgument.At(wrong.Location, spec.Name, op, $"must be {Expected(spec)}, not {wrong.Value}"));
        return null;
    }

    private static bool TryInteger(ValueSyntax value, out int result)
    {
        result = 0;
        return value.Kind == ValueKind.Integer
            && int.TryParse(value.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result);
    }

    // The kernels compute in float: a value must survive the conversion, still inside its range.
    private static bool FitsFloat(ArgumentSpec spec, double value)
    {
        var single = (float)value;
        return !float.IsInfinity(single) && InRange(spec, single);
    }

    private static bool InRange(ArgumentSpec spec, double value) =>
        (spec.Minimum is not { } min || (spec.MinimumExclusive ? value > min : value >= min))
        && (spec.Maximum is not { } max || (spec.MaximumExclusive ? value < max : value <= max));

    private static string Expected(ArgumentSpec spec)
    {
        var range = spec.RangeText();
        var suffix = range.Length == 0 ? "" : " " + range;
        return spec.Type switch
        {
            ArgumentType.Integer => "a whole number" + suffix,
            ArgumentType.IntegerOrPair => "a whole number or a pair [height, width]" + (range.Length == 0 ? "" : ", each " + range),
            ArgumentType.Real => "a number" + suffix,
            ArgumentType.Boolean => "true or false",
            _ => "a label",
        };
    }
}
