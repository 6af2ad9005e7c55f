using NetForge.Dsl.Binding;
using NetForge.Dsl.Diagnostics;
using NetForge.Dsl.Model;
using NetForge.Dsl.Parsing;
using NetForge.Dsl.Syntax;

namespace NetForge.Dsl;

/// <summary>The front door of the language: text or syntax in, checked networks and diagnostics out.</summary>
public static class ModelCompiler
{
    /// <summary>Parses and checks every network of a <c>.net</c> file.</summary>
    /// <param name="path">The file's path, used in diagnostics.</param>
    /// <param name="text">The file's content.</param>
    /// <returns>One result per network, in the order written; a file with a syntax error gives one result with no network.</returns>
    public static IReadOnlyList<BindResult> CompileFile(string path, string text)
    {
        var parsed = ModelParser.Parse(path, text);
        if (parsed.Diagnostics.Count > 0)
            return [new BindResult(null, parsed.Diagnostics)];
        return NetworkBinder.BindAll(parsed.Networks);
    }

    /// <summary>Checks one network built by a front-end other than the parser.</summary>
    public static BindResult Compile(NetworkSyntax syntax) => NetworkBinder.Bind(syntax);
}
