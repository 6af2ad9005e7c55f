using System.CommandLine;
using System.Globalization;

namespace NetForge.Cli.Commands;

/// <summary>Options several commands share, spelled and checked the same way in each.</summary>
internal static class CommonOptions
{
    /// <summary>Which network of the file; needed only when the file declares several.</summary>
    public static Option<string?> Network() => new("--network") { Description = "The network, when the file declares several.", HelpName = "NAME" };

    /// <summary>The weights file a command loads.</summary>
    public static Option<string> Weights() => new("--weights") { Description = "The safetensors file of trained weights.", Required = true, HelpName = "FILE" };

    /// <summary>A batch size, at least 1.</summary>
    public static Option<int> Batch(string description) => Positive("--batch", description, 64);

    /// <summary>A number option read in the invariant culture (a point before the decimals, whatever the machine's
    /// settings), finite, and above zero when <paramref name="positive"/>.</summary>
    public static Option<float?> Real(string name, string description, bool positive, float? fallback) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => fallback,
        HelpName = "X",
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 0 ? "" : result.Tokens[^1].Value;
            if (float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && float.IsFinite(value) && (!positive || value > 0))
                return value;
            result.AddError($"{name} takes a {(positive ? "positive " : "")}number such as 0.001, not '{text}'");
            return fallback;
        },
    };

    /// <summary>A whole number option of at least 1, with a message that names it when it is anything else.</summary>
    public static Option<int> Positive(string name, string description, int fallback) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => fallback,
        HelpName = "N",
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 0 ? "" : result.Tokens[^1].Value;
            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 1)
                return value;
            result.AddError($"{name} takes a whole number of at least 1, not '{text}'");
            return fallback;
        },
    };
}
