using System.Globalization;
using NetForge.Dsl.Syntax;

namespace NetForge.Dsl.Diagnostics;

/// <summary>
/// How messages quote what was written. Every quote is bounded, so that a message costs the same however long the
/// text it names: an op with thousands of arguments, quoted by each of its errors, would otherwise make checking
/// quadratic in the length of the op.
/// </summary>
internal static class Quote
{
    /// <summary>The longest name quoted whole.</summary>
    public const int NameLimit = 64;

    /// <summary>The longest op quoted whole; longer ones keep their first arguments and end in <c>...)</c>.</summary>
    public const int OpLimit = 80;

    /// <summary>How many items a list quotes before it counts the rest.</summary>
    public const int ListLimit = 3;

    private const string Ellipsis = "...";

    /// <summary>A name, cut to <see cref="NameLimit"/> characters with "...".</summary>
    public static string Name(string name) =>
        name.Length <= NameLimit ? name : name.Substring(0, NameLimit - Ellipsis.Length) + Ellipsis;

    /// <summary>A value as the language writes it, cut like a name; a cut list keeps its first numbers.</summary>
    public static string Value(ValueSyntax value)
    {
        if (value.Kind == ValueKind.Call)
            return Op(new OpSyntax(value.Text, value.Arguments, SourceLocation.None));
        if (value.Kind != ValueKind.IntegerList || value.Text.Length <= NameLimit)
            return value.Kind == ValueKind.IntegerList ? value.ToString() : Name(value.Text);
        var cut = value.Text.LastIndexOf(',', NameLimit);
        var head = cut <= 0 ? "" : value.Text.Substring(0, cut).Replace(",", ", ") + ", ";
        return "[" + head + Ellipsis + "]";
    }

    /// <summary>An op in the language's canonical spelling, as <see cref="OpSyntax.ToString"/> writes it, with as many
    /// arguments as fit in <see cref="OpLimit"/> characters.</summary>
    public static string Op(OpSyntax op)
    {
        var name = Name(op.Name);
        if (op.Arguments.Count == 0)
            return name;
        // Only the arguments that can fit are spelled out, so that the work is bounded too.
        var pieces = new List<string>();
        var length = name.Length + 2;
        for (var i = 0; i < op.Arguments.Count && length <= OpLimit; i++)
        {
            var argument = op.Arguments[i];
            var piece = (i == 0 ? "" : ", ") + (argument.Name is null ? "" : Name(argument.Name) + ": ") + Value(argument.Value);
            pieces.Add(piece);
            length += piece.Length;
        }
        if (pieces.Count == op.Arguments.Count && length <= OpLimit)
            return name + "(" + string.Concat(pieces) + ")";
        const string cut = ", " + Ellipsis + ")";
        while (pieces.Count > 0 && length + cut.Length - 1 > OpLimit)
        {
            length -= pieces[pieces.Count - 1].Length;
            pieces.RemoveAt(pieces.Count - 1);
        }
        return name + "(" + string.Concat(pieces) + (pieces.Count == 0 ? Ellipsis + ")" : cut);
    }

    /// <summary>Items joined for prose: "a", "a and b", "a, b and c", or the first three and "and 2,997 more".</summary>
    /// <param name="items">The first items, at least <see cref="ListLimit"/> of them when there are that many.</param>
    /// <param name="count">How many items there are in all.</param>
    public static string List(IReadOnlyList<string> items, int count)
    {
        if (count == 1)
            return items[0];
        if (count <= ListLimit)
            return string.Join(", ", items.Take(count - 1)) + " and " + items[count - 1];
        return string.Join(", ", items.Take(ListLimit)) + " and " + Count(count - ListLimit) + " more";
    }

    /// <summary>A count with thousands separators: <c>3,000</c>.</summary>
    public static string Count(long count) => count.ToString("#,0", CultureInfo.InvariantCulture);
}

/// <summary>An op as messages quote it (<see cref="Quote.Op"/>), spelled out only when a message is written: most
/// ops never are, and a diagnostic's format calls <see cref="ToString"/>.</summary>
internal sealed class QuotedOp(OpSyntax op)
{
    private string? _text;

    /// <inheritdoc />
    public override string ToString() => _text ??= Quote.Op(op);
}
