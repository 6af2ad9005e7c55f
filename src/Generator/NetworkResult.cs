using NetForge.Dsl;
using NetForge.Dsl.Diagnostics;
using NetForge.Dsl.Planning;

namespace NetForge.Generator;

/// <summary>What the emitter needs of one network: its plan and how the class is declared.</summary>
/// <param name="Plan">The fused steps of the checked network.</param>
/// <param name="Accessibility">The C# accessibility of the class: <c>public</c> or <c>internal</c>.</param>
internal sealed record NetworkModel(Plan Plan, string Accessibility);

/// <summary>One network from either front-end: its model when it checks, and every diagnostic.</summary>
/// <param name="Model">The model, or null when the network has errors.</param>
/// <param name="Diagnostics">The errors found.</param>
internal sealed record NetworkResult(NetworkModel? Model, EquatableArray<Diagnostic> Diagnostics)
{
    public static NetworkResult Failed(params Diagnostic[] diagnostics) => new(null, diagnostics.ToEquatableArray());
}

/// <summary>What each network needs to know of the others: their full names, and where each was declared.</summary>
/// <param name="FullName">The namespace-qualified class name.</param>
/// <param name="Location">Where the network was declared, which tells two networks of one name apart.</param>
internal sealed record NetworkIdentity(string FullName, SourceLocation Location);
