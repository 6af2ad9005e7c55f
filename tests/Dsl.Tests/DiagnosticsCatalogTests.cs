using NetForge.Dsl.Diagnostics;

namespace NetForge.Dsl.Tests;

public class DiagnosticsCatalogTests
{
    [Fact]
    public void Ids_are_unique_and_follow_the_numbering()
    {
        var ids = DiagnosticDescriptors.All.Select(d => d.Id).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^NF[1239][0-9]{3}$", id));
    }

    [Fact]
    public void Every_descriptor_is_in_the_catalog_list()
    {
        var fields = typeof(DiagnosticDescriptors).GetFields()
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .ToList();

        Assert.Equal(fields.Select(d => d.Id).Order(), DiagnosticDescriptors.All.Select(d => d.Id).Order());
    }

    [Fact]
    public void The_user_documentation_lists_every_id_with_its_title()
    {
        var docs = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "diagnostics.md"));

        Assert.All(DiagnosticDescriptors.All, d => Assert.Contains($"| {d.Id} | {d.Title} |", docs, StringComparison.Ordinal));
    }

    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", ".."));
}
