using NetForge.Dsl.Binding;
using NetForge.Dsl.Diagnostics;
using NetForge.Dsl.Model;
using NetForge.Dsl.Parsing;
using NetForge.Dsl.Syntax;

namespace NetForge.Dsl.Tests;

/// <summary>Builds <c>.net</c> texts for the tests and runs them through the parser and the binder.</summary>
internal static class Source
{
    public const string Path = "test.net";

    /// <summary>
    /// Wraps body lines, separated by '|', into <c>network Net { ... }</c> with one line each, indented by
    /// four spaces: body line i (from 1) is on line i + 1 of the text and its first character at column 5.
    /// </summary>
    public static string Network(string body, string name = "Net") =>
        $"network {name} {{\n" + string.Concat(body.Split('|').Select(line => "    " + line.Trim() + "\n")) + "}\n";

    public static ParseResult Parse(string text) => ModelParser.Parse(Path, text);

    /// <summary>Parses a text that must hold exactly one network and no error.</summary>
    public static NetworkSyntax ParseOne(string text)
    {
        var result = Parse(text);
        Assert.Empty(result.Diagnostics);
        return Assert.Single(result.Networks);
    }

    /// <summary>Every diagnostic of a text: the syntax error, or the binder's reports for each network.</summary>
    /// <remarks>Unlike <see cref="ModelCompiler.CompileFile"/>, this does not ask for kernels, so every op can be checked.</remarks>
    public static IReadOnlyList<Diagnostic> Diagnose(string text)
    {
        var parsed = Parse(text);
        if (parsed.Diagnostics.Count > 0)
            return parsed.Diagnostics;
        return NetworkBinder.BindAll(parsed.Networks).SelectMany(r => r.Diagnostics).ToList();
    }

    /// <summary>Parses and binds a text with exactly one network that must check without an error.</summary>
    public static Network Bind(string text)
    {
        var result = NetworkBinder.Bind(ParseOne(text));
        Assert.Empty(result.Diagnostics);
        return Assert.IsType<Network>(result.Network);
    }

    /// <summary>The layers of a network built with <see cref="Network"/> from the given body.</summary>
    public static IReadOnlyList<Layer> Layers(string body) => Bind(Network(body)).Layers;

    /// <summary>The statements of a network as canonical text, one per line, ignoring locations.</summary>
    public static string Render(NetworkSyntax network) => string.Join("\n", network.Statements.Select(Render));

    private static string Render(StatementSyntax statement) => statement switch
    {
        InputSyntax input => "input [" + string.Join(", ", input.Dimensions) + "]",
        ChainSyntax chain => (chain.Label is null ? "" : chain.Label + ": ") + string.Join(" -> ", chain.Ops),
        LossSyntax loss => "loss " + loss.Op,
        _ => throw new ArgumentOutOfRangeException(nameof(statement)),
    };
}
