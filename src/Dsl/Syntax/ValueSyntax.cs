using System.Globalization;

namespace NetForge.Dsl.Syntax;

/// <summary>The kinds of literal an argument can be.</summary>
public enum ValueKind
{
    /// <summary>A whole number, e.g. <c>256</c>.</summary>
    Integer,

    /// <summary>A number with a fraction or exponent, e.g. <c>0.01</c> or <c>1e-5</c>.</summary>
    Real,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary>A name, e.g. a label in <c>add(stem)</c>.</summary>
    Name,

    /// <summary>A list of whole numbers, e.g. <c>[3, 5]</c>.</summary>
    IntegerList,

    /// <summary>A name with arguments, e.g. <c>normal(std: 0.01)</c>; the arguments are in <see cref="ValueSyntax.Arguments"/>.</summary>
    Call,
}

/// <summary>An argument value as written; numbers keep their text so that range errors can quote it.</summary>
/// <param name="Kind">What kind of literal it is.</param>
/// <param name="Text">The literal as written (for a list, its numbers separated by commas; for a call, its name).</param>
public sealed record ValueSyntax(ValueKind Kind, string Text)
{
    /// <summary>The arguments of a <see cref="ValueKind.Call"/>, in the order written; empty for the other kinds.</summary>
    public EquatableArray<ArgumentSyntax> Arguments { get; init; }

    /// <summary>A name with arguments.</summary>
    public static ValueSyntax Call(string name, IEnumerable<ArgumentSyntax> arguments) =>
        new(ValueKind.Call, name) { Arguments = arguments.ToEquatableArray() };

    /// <summary>An integer value.</summary>
    public static ValueSyntax Integer(long value) => new(ValueKind.Integer, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>A real value, written so that it reads back exactly.</summary>
    public static ValueSyntax Real(double value) => new(ValueKind.Real, FormatReal(value));

    /// <summary>A boolean value.</summary>
    public static ValueSyntax Boolean(bool value) => new(ValueKind.Boolean, value ? "true" : "false");

    /// <summary>A name.</summary>
    public static ValueSyntax Name(string name) => new(ValueKind.Name, name);

    /// <summary>A list of integers.</summary>
    public static ValueSyntax IntegerList(IEnumerable<long> values) =>
        new(ValueKind.IntegerList, string.Join(",", values.Select(v => v.ToString(CultureInfo.InvariantCulture))));

    /// <summary>The value as the language writes it.</summary>
    public override string ToString() => Kind switch
    {
        ValueKind.IntegerList => "[" + Text.Replace(",", ", ") + "]",
        ValueKind.Call => Text + "(" + string.Join(", ", Arguments) + ")",
        _ => Text,
    };

    internal static string FormatReal(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.IndexOfAny(['.', 'E', 'e', 'N', 'I']) >= 0 ? text : text + ".0";
    }
}
