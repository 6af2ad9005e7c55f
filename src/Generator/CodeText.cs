using System.Globalization;

namespace NetForge.Generator;

/// <summary>How names and numbers are spelled in generated code; every number goes through InvariantCulture.</summary>
internal static class CodeText
{
    /// <summary><c>dense1</c> → <c>Dense1</c>; <c>leaky_relu1</c> → <c>LeakyRelu1</c>.</summary>
    public static string Pascal(string name) =>
        string.Concat(name.Split('_').Where(p => p.Length > 0).Select(p => char.ToUpperInvariant(p[0]) + p.Substring(1)));

    /// <summary>An integer literal, with digit separators above 9,999.</summary>
    public static string Integer(long value) =>
        value >= 10_000 ? value.ToString("#,0", CultureInfo.InvariantCulture).Replace(",", "_") : value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A float literal that reads back to the same float.</summary>
    public static string Float(double value)
    {
        var text = ((float)value).ToString("R", CultureInfo.InvariantCulture);
        return (text.IndexOfAny(['.', 'E']) >= 0 ? text : text + ".0") + "f";
    }

    /// <summary>A count for prose, with thousands separators: <c>235,146</c>.</summary>
    public static string Count(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>A real number for prose, as short as reads back exactly.</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
