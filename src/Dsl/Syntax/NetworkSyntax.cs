namespace NetForge.Dsl.Syntax;

/// <summary>A statement of a network body.</summary>
public abstract record StatementSyntax(SourceLocation Location);

/// <summary><c>input [784]</c> or <c>input [1, 28, 28]</c>.</summary>
/// <param name="Dimensions">The extents as written.</param>
/// <param name="Location">Where the statement starts.</param>
public sealed record InputSyntax(EquatableArray<long> Dimensions, SourceLocation Location) : StatementSyntax(Location);

/// <summary>A line of ops joined by <c>-&gt;</c>, optionally labelled.</summary>
/// <param name="Label">The label naming the output of the whole line, or null.</param>
/// <param name="Ops">The ops in order.</param>
/// <param name="Location">Where the line starts (its label, or its first op).</param>
public sealed record ChainSyntax(string? Label, EquatableArray<OpSyntax> Ops, SourceLocation Location) : StatementSyntax(Location);

/// <summary><c>loss softmax_cross_entropy</c>, <c>loss hinge(margin: 1)</c>, ...</summary>
/// <param name="Op">The loss written as an op.</param>
/// <param name="Location">Where the statement starts.</param>
public sealed record LossSyntax(OpSyntax Op, SourceLocation Location) : StatementSyntax(Location);

/// <summary><c>weights "lenet5.safetensors"</c>: the file of trained weights that the build compiles into the assembly.</summary>
/// <param name="Path">The path as written, relative to the file that declares the network.</param>
/// <param name="Location">Where the statement starts.</param>
public sealed record WeightsSyntax(string Path, SourceLocation Location) : StatementSyntax(Location);

/// <summary>A network as written in either front-end.</summary>
/// <param name="Name">The network's (and the generated class's) name.</param>
/// <param name="Namespace">The namespace of the generated class, or null for the project's root namespace.</param>
/// <param name="Statements">The body in order.</param>
/// <param name="Location">Where the network's name was written.</param>
public sealed record NetworkSyntax(string Name, string? Namespace, EquatableArray<StatementSyntax> Statements, SourceLocation Location)
{
    /// <summary>Where the namespace's name was written, or null where no <c>namespace</c> line gave it.</summary>
    public SourceLocation? NamespaceLocation { get; init; }
}
