using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using NetForge.Dsl;
using RoslynDiagnostic = Microsoft.CodeAnalysis.Diagnostic;
using RoslynDescriptor = Microsoft.CodeAnalysis.DiagnosticDescriptor;

namespace NetForge.Generator;

/// <summary>Turns the language's diagnostics into compiler diagnostics with the same id, message and place.</summary>
internal static class DiagnosticReporter
{
    public static void Report(SourceProductionContext context, IEnumerable<Dsl.Diagnostics.Diagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
            context.ReportDiagnostic(ToRoslyn(diagnostic));
    }

    public static RoslynDiagnostic ToRoslyn(Dsl.Diagnostics.Diagnostic diagnostic)
    {
        var descriptor = new RoslynDescriptor(
            diagnostic.Id,
            Dsl.Diagnostics.DiagnosticDescriptors.Title(diagnostic.Id),
            "{0}",
            "NetForge",
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);
        return RoslynDiagnostic.Create(descriptor, ToLocation(diagnostic.Location), diagnostic.Message);
    }

    private static Location ToLocation(SourceLocation location) =>
        Location.Create(
            location.Path,
            new TextSpan(location.Start, location.Length),
            new LinePositionSpan(
                new LinePosition(location.Line - 1, location.Column - 1),
                new LinePosition(location.EndLine - 1, location.EndColumn - 1)));
}
