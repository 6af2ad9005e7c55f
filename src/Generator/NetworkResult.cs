using NetForge.Dsl;
using NetForge.Dsl.Diagnostics;

namespace NetForge.Generator;

/// <summary>
/// What the source output needs of one network: its name, its namespace, and its class, already emitted. It holds
/// no source positions, so moving a network in its file leaves it equal and its output cached. Like every value in
/// the generator's pipeline it is immutable and equal by value; keep it so.
/// </summary>
/// <param name="Name">The network's name, which names the class.</param>
/// <param name="Namespace">The namespace of the class, or null for the project's root namespace.</param>
/// <param name="Key">Tells networks of one name apart without a position: the file and the network's index in it, or
/// the attribute-form class's file and name.</param>
/// <param name="Class">The generated class, without the file's header and namespace.</param>
internal sealed record NetworkModel(string Name, string? Namespace, string Key, string Class)
{
    /// <summary>The class's float64 twin, a second part of the class for its own file, or null for none.</summary>
    public string? Twin { get; init; }

    /// <summary>The class's GPU part, for its own file in a project that references the GPU runtime; null for none.</summary>
    public string? Gpu { get; init; }
}

/// <summary>One network from either front-end: its model when it checks, every diagnostic, and where it was declared.</summary>
/// <param name="Model">The model, or null when the network has errors.</param>
/// <param name="Diagnostics">The errors found.</param>
/// <param name="Place">The network's name and declaration, for the check of duplicate names; null when it has errors.</param>
internal sealed record NetworkResult(NetworkModel? Model, EquatableArray<Diagnostic> Diagnostics, NetworkPlace? Place)
{
    /// <summary>The network's weights file to check and compile in, when it names one and has no errors.</summary>
    public Weights.WeightsRequest? Weights { get; init; }

    public static NetworkResult Failed(params Diagnostic[] diagnostics) => new(null, diagnostics.ToEquatableArray(), null);
}

/// <summary>Where a checked network was declared, for the diagnostics pipeline only.</summary>
/// <param name="Name">The network's name.</param>
/// <param name="Namespace">Its namespace, or null for the project's root namespace.</param>
/// <param name="Key">The same key as its model's.</param>
/// <param name="Location">Where it was declared.</param>
internal sealed record NetworkPlace(string Name, string? Namespace, string Key, SourceLocation Location)
{
    public string FullName(string rootNamespace) => FullNames.Of(Name, Namespace, rootNamespace);
}

/// <summary>How a network's class is named in full, for both the emission and the diagnostics pipelines.</summary>
internal static class FullNames
{
    /// <summary>The namespace-qualified class name: the network's own namespace, else the project's root namespace.</summary>
    public static string Of(string name, string? ns, string rootNamespace)
    {
        var full = ns ?? rootNamespace;
        return full.Length == 0 ? name : full + "." + name;
    }
}

/// <summary>What each network's emission needs to know of the others: their full names and keys, without positions.</summary>
/// <param name="FullName">The namespace-qualified class name.</param>
/// <param name="Key">The network's key (see <see cref="NetworkModel.Key"/>).</param>
internal sealed record NetworkIdentity(string FullName, string Key);
