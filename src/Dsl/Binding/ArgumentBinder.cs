using System.Globalization;
using NetForge.Dsl.Diagnostics;
using NetForge.Dsl.Model;
using NetForge.Dsl.Syntax;

namespace NetForge.Dsl.Binding;

/// <summary>Matches the arguments written for an op against the op's argument list and checks each value.</summary>
internal static class ArgumentBinder
{
    /// <summary>Returns every argument with defaults filled in, or null after reporting what is wrong.</summary>
    /// <remarks>Mistakes of one kind in one argument list are reported once, at the first, so that a list with
    /// thousands of them gives a handful of diagnostics rather than thousands of copies of one.</remarks>
    public static EquatableArray<ArgumentValue>? Bind(OpSyntax op, IReadOnlyList<ArgumentSpec> specs, List<Diagnostic> diagnostics)
    {
        var text = new QuotedOp(op);
        var given = new Dictionary<string, List<ArgumentSyntax>>();
        var positional = specs.Where(s => s.Positional).ToList();
        var failed = false;
        var nextPositional = 0;
        var seenNamed = false;
        // The mistakes by kind, created at the first of each: most argument lists have none.
        List<ArgumentSyntax>? late = null, extra = null, unknown = null;
        // In the order first repeated, each with its second occurrence and how often it is given.
        List<(string Name, ArgumentSyntax Second, int Count)>? repeated = null;
        Dictionary<string, int>? repeatedAt = null;

        foreach (var argument in op.Arguments)
        {
            ArgumentSpec? spec;
            if (argument.Name is null)
            {
                if (seenNamed)
                {
                    (late ??= []).Add(argument);
                    // It still fills its place, so that its parameter is not reported missing as well.
                    if (nextPositional < positional.Count && !given.ContainsKey(positional[nextPositional].Name))
                        given[positional[nextPositional++].Name] = [argument];
                    continue;
                }
                if (nextPositional >= positional.Count)
                {
                    (extra ??= []).Add(argument);
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
                    (unknown ??= []).Add(argument);
                    continue;
                }
                if (given.ContainsKey(spec.Name) && spec.Type != ArgumentType.Labels)
                {
                    repeated ??= [];
                    repeatedAt ??= [];
                    if (repeatedAt.TryGetValue(spec.Name, out var at))
                        repeated[at] = (spec.Name, repeated[at].Second, repeated[at].Count + 1);
                    else
                    {
                        repeatedAt[spec.Name] = repeated.Count;
                        repeated.Add((spec.Name, argument, 2));
                    }
                    continue;
                }
            }
            if (!given.TryGetValue(spec.Name, out var list))
                given[spec.Name] = list = [];
            list.Add(argument);
        }

        if (late is not null)
        {
            var which = late.Count == 1 ? "the positional argument " : "the positional arguments ";
            var come = late.Count == 1 ? " comes" : " come";
            Report(DiagnosticDescriptors.MisplacedArgument, late[0].Location, text,
                which + Values(late) + come + " after a named one; write positional arguments first");
        }
        if (extra is not null)
        {
            var takes = positional.Count == 0
                ? "takes no positional argument"
                : FormattableString.Invariant($"takes {positional.Count} positional argument{(positional.Count == 1 ? "" : "s")} ({string.Join(", ", positional.Select(p => p.Name))})");
            var tooMany = extra.Count == 1 ? " is one too many" : " are " + Quote.Count(extra.Count) + " too many";
            Report(DiagnosticDescriptors.MisplacedArgument, extra[0].Location, text, $"{op.Name} {takes}; {Values(extra)}{tooMany}");
        }
        foreach (var (name, second, count) in repeated ?? [])
        {
            var times = count == 2 ? "twice" : Quote.Count(count) + " times";
            Report(DiagnosticDescriptors.MisplacedArgument, second.Location, text, $"'{name}' is given {times}");
        }
        if (unknown is not null)
        {
            var names = unknown.Select(a => a.Name!).Distinct().ToList();
            var what = (names.Count == 1 ? "argument " : "arguments ") + Quote.List(names.Take(Quote.ListLimit).Select(n => $"'{Quote.Name(n)}'").ToList(), names.Count);
            var takes = specs.Count == 0 ? "no arguments" : string.Join(", ", specs.Select(s => s.Name));
            Report(DiagnosticDescriptors.UnknownArgument, unknown[0].Location, Quote.Name(op.Name), what, takes);
        }

        var values = new List<ArgumentValue>();
        foreach (var spec in specs)
        {
            if (given.TryGetValue(spec.Name, out var arguments))
            {
                var value = Convert(text, spec, arguments, diagnostics);
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
                Report(DiagnosticDescriptors.MissingArgument, op.Location, text, spec.Name);
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

    private static string Values(List<ArgumentSyntax> arguments) =>
        Quote.List(arguments.Take(Quote.ListLimit).Select(a => Quote.Value(a.Value)).ToList(), arguments.Count);

    private static ArgumentValue? Convert(QuotedOp op, ArgumentSpec spec, List<ArgumentSyntax> arguments, List<Diagnostic> diagnostics)
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
            case ArgumentType.Initializer when first.Value.Kind is ValueKind.Name or ValueKind.Call
                && Initializers.ByName.TryGetValue(first.Value.Text, out var initializer):
                return BindInitializer(spec, first, initializer, diagnostics);
        }
        var wrong = spec.Type is ArgumentType.Label or ArgumentType.Labels
            ? arguments.First(a => a.Value.Kind != ValueKind.Name)
            : first;
        diagnostics.Add(DiagnosticDescriptors.InvalidArgument.At(wrong.Location, spec.Name, op, $"must be {Expected(spec)}, not {Quote.Value(wrong.Value)}"));
        return null;
    }

    // An initialiser's own arguments are bound as an op's are, so that its mistakes read as theirs do.
    private static ArgumentValue? BindInitializer(ArgumentSpec spec, ArgumentSyntax argument, InitializerDefinition initializer, List<Diagnostic> diagnostics)
    {
        var call = new OpSyntax(initializer.Name, argument.Value.Arguments, argument.Location);
        if (Bind(call, initializer.Arguments, diagnostics) is not { } values)
            return null;
        var std = values.FirstOrDefault(v => v.Name == "std")?.Real ?? 0;
        return ArgumentValue.InitializerValue(spec.Name, initializer.Name, std);
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
            ArgumentType.Initializer => "one of " + Initializers.Listed,
            _ => "a label",
        };
    }
}
