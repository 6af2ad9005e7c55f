namespace NetForge.Dsl.Syntax;

/// <summary>One argument of an op: <c>value</c> or <c>name: value</c>.</summary>
/// <param name="Name">The argument's name, or null for a positional argument.</param>
/// <param name="Value">The value as written.</param>
/// <param name="Location">Where the argument was written.</param>
public sealed record ArgumentSyntax(string? Name, ValueSyntax Value, SourceLocation Location)
{
    /// <inheritdoc />
    public override string ToString() => Name is null ? Value.ToString() : $"{Name}: {Value}";
}

/// <summary>An op as written, e.g. <c>conv2d(16, kernel: 5)</c>. Both front-ends produce these.</summary>
/// <param name="Name">The op's name.</param>
/// <param name="Arguments">Its arguments in the order written.</param>
/// <param name="Location">Where the op was written; diagnostics about the layer point here.</param>
public sealed record OpSyntax(string Name, EquatableArray<ArgumentSyntax> Arguments, SourceLocation Location)
{
    /// <summary>The op in the language's canonical spelling, as diagnostics quote it.</summary>
    public override string ToString() =>
        Arguments.Count == 0 ? Name : Name + "(" + string.Join(", ", Arguments) + ")";
}
