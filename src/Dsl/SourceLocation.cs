namespace NetForge.Dsl;

/// <summary>
/// Where a piece of a model was written: a file, a character range, and the 1-based line and column of its
/// first character. Plain values, so that pipeline models stay comparable and hold no compiler objects.
/// </summary>
public sealed record SourceLocation(string Path, int Start, int Length, int Line, int Column, int EndLine, int EndColumn)
{
    /// <summary>No place: what models bound for emission carry instead of their positions.</summary>
    public static readonly SourceLocation None = new("", 0, 0, 0, 0, 0, 0);

    /// <summary>A location at a single point, for places without a known extent.</summary>
    public static SourceLocation At(string path, int start, int line, int column) =>
        new(path, start, 0, line, column, line, column);

    /// <summary>The location as a compiler would print it: <c>file(line,column)</c>.</summary>
    public override string ToString() => FormattableString.Invariant($"{Path}({Line},{Column})");
}
