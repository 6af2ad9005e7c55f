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
