namespace NetForge.Dsl.Diagnostics;

/// <summary>One entry of the diagnostics catalog: a stable id, a short title and a message format.</summary>
/// <param name="Id">The stable id: NF1xxx syntax, NF2xxx meaning, NF3xxx attributes.</param>
/// <param name="Title">A short title for IDE lists.</param>
/// <param name="MessageFormat">A composite format string filled with the arguments of each report.</param>
public sealed record DiagnosticDescriptor(string Id, string Title, string MessageFormat)
{
    /// <summary>Creates a report of this descriptor at a location.</summary>
    public Diagnostic At(SourceLocation location, params object[] arguments) =>
        new(Id, string.Format(System.Globalization.CultureInfo.InvariantCulture, MessageFormat, arguments), location);
}

/// <summary>A diagnostic report: every one is an error with a place.</summary>
/// <param name="Id">The descriptor's id.</param>
/// <param name="Message">The filled-in message.</param>
/// <param name="Location">Where the mistake is.</param>
public sealed record Diagnostic(string Id, string Message, SourceLocation Location)
{
    /// <summary>The report as a compiler prints it.</summary>
    public override string ToString() => $"{Location}: error {Id}: {Message}";
}
