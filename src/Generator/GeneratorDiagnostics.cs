using NetForge.Dsl.Diagnostics;

namespace NetForge.Generator;

/// <summary>The diagnostics of the generator itself, apart from the language's catalog.</summary>
internal static class GeneratorDiagnostics
{
    /// <summary>Layer attributes on a class without <c>[Network]</c>, which would otherwise be ignored without a word.</summary>
    public static readonly DiagnosticDescriptor LayersWithoutNetwork = new(
        "NF3005", "Layer attributes without [Network]", "class {0} has layer attributes but no [Network(...)]; add [Network] with the input shape so that NetForge generates it");

    /// <summary>
    /// An exception while compiling or emitting one network: a bug in NetForge, reported at the network so that the
    /// rest of the build still generates (an exception escaping a generator makes the compiler drop all its output).
    /// </summary>
    public static readonly DiagnosticDescriptor InternalError = new(
        "NF9001", "Internal error", "NetForge failed on {0}: {1}: {2}. This is a bug in NetForge; please report it with the model that causes it");
}
