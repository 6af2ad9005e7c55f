namespace NetForge.Dsl.Model;

/// <summary>The kinds of value an op argument takes.</summary>
public enum ArgumentType
{
    /// <summary>A whole number.</summary>
    Integer,
    /// <summary>A whole number <c>k</c> (meaning k×k) or a pair <c>[kh, kw]</c>.</summary>
    IntegerOrPair,
    /// <summary>A number.</summary>
    Real,
    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,
    /// <summary>One label.</summary>
    Label,
    /// <summary>One or more labels, each a positional argument.</summary>
    Labels,
    /// <summary>An initialiser of <see cref="Initializers"/>, by name, with its arguments in parentheses if it takes any.</summary>
    Initializer,
}

/// <summary>One argument an op takes.</summary>
/// <param name="Name">The argument's name.</param>
/// <param name="Type">The kind of value.</param>
/// <param name="Positional">Whether it may be given without its name (in table order).</param>
/// <param name="Default">The value when omitted, or null if the argument is required.</param>
/// <param name="Minimum">The smallest allowed number, if any.</param>
/// <param name="MinimumExclusive">Whether <paramref name="Minimum"/> itself is excluded.</param>
/// <param name="Maximum">The largest allowed number, if any.</param>
/// <param name="MaximumExclusive">Whether <paramref name="Maximum"/> itself is excluded.</param>
/// <param name="DefaultFrom">The argument whose value this one takes when omitted (a pool's stride is its size).</param>
public sealed record ArgumentSpec(
    string Name,
    ArgumentType Type,
    bool Positional,
    ArgumentValue? Default,
    double? Minimum = null,
    bool MinimumExclusive = false,
    double? Maximum = null,
    bool MaximumExclusive = false,
    string? DefaultFrom = null)
{
    /// <summary>Whether the argument must be given.</summary>
    public bool Required => Default is null && DefaultFrom is null;

    /// <summary>A positive whole number given first without its name, e.g. <c>units</c>.</summary>
    public static ArgumentSpec PositiveInteger(string name, bool positional = true, int? defaultValue = null) =>
        new(name, ArgumentType.Integer, positional, defaultValue is { } d ? ArgumentValue.Integer(name, d) : null, 1);

    /// <summary>Describes the allowed range, e.g. "a number ≥ 0 and &lt; 1".</summary>
    public string RangeText()
    {
        var parts = new List<string>();
        if (Minimum is { } min)
            parts.Add((MinimumExclusive ? "> " : ">= ") + Format(min));
        if (Maximum is { } max)
            parts.Add((MaximumExclusive ? "< " : "<= ") + Format(max));
        return string.Join(" and ", parts);
    }

    private static string Format(double value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
