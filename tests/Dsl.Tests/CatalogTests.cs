using System.Reflection;
using System.Text.RegularExpressions;
using NetForge.Dsl.Diagnostics;

namespace NetForge.Dsl.Tests;

/// <summary>The diagnostics catalog: stable, well-formed ids, each one reachable from a <c>.net</c> file.</summary>
public class CatalogTests
{
    /// <summary>One file per id of the language (NF3xxx belong to the attribute form).</summary>
    private static readonly Dictionary<string, string> Samples = new()
    {
        ["NF1001"] = "network A {\n    input [784\n}",
        ["NF1002"] = "# nothing here\n",
        ["NF2001"] = Source.Network("input [4]|rleu|loss mse"),
        ["NF2002"] = Source.Network("input [4]|conv2d(2, kernel: 1)|loss mse"),
        ["NF2003"] = Source.Network("input [1, 2, 2]|maxpool(3)|loss mse"),
        ["NF2004"] = Source.Network("input [4]|a: dense(3)|dense(2)|add(a)|loss mse"),
        ["NF2005"] = Source.Network("input [1, 4, 4]|a: relu|flatten|concat(a)|loss mse"),
        ["NF2006"] = Source.Network("input [4]|add(b)|loss mse"),
        ["NF2007"] = Source.Network("input [4]|a: relu|a: relu|loss mse"),
        ["NF2008"] = Source.Network("input [4]|add(a)|a: relu|loss mse"),
        ["NF2009"] = Source.Network("input [4]|dense(2, width: 3)|loss mse"),
        ["NF2010"] = Source.Network("input [4]|dense|loss mse"),
        ["NF2011"] = Source.Network("input [4]|dense(0)|loss mse"),
        ["NF2012"] = Source.Network("input [4]|dense(2, 3)|loss mse"),
        ["NF2013"] = Source.Network("relu|loss mse"),
        ["NF2014"] = Source.Network("input [4]|input [4]|loss mse"),
        ["NF2015"] = Source.Network("input [4]|relu"),
        ["NF2016"] = Source.Network("input [4]|relu|loss mse|loss mse"),
        ["NF2017"] = Source.Network("input [4]|loss l1"),
        ["NF2018"] = Source.Network("input [2, 2]|relu|loss mse"),
        ["NF2019"] = Source.Network("input [4]|relu|loss mse") + Source.Network("input [4]|relu|loss mse"),
        ["NF2020"] = Source.Network("input [4]|dense(1)|loss softmax_cross_entropy"),
        ["NF2021"] = Source.Network("input [4]|maxout(3)|loss mse"),
        ["NF2023"] = Source.Network("input [4]|loss mse"),
        ["NF2024"] = Source.Network("input [784]|dense(3000000)|loss mse"),
        ["NF2025"] = Source.Network("input [4]|dense(2)|loss mse", "Buffers"),
        ["NF2026"] = "namespace Examples.in\n" + Source.Network("input [4]|relu|loss mse"),
        ["NF2027"] = Source.Network("input [4]|x: relu|X: relu|loss mse"),
        ["NF2028"] = Source.Network("input [4]|_: relu|loss mse"),
        ["NF2029"] = Source.Network("input [4]|weights \"\"|relu|loss mse"),
    };

    private static List<DiagnosticDescriptor> Catalog() =>
        typeof(DiagnosticDescriptors).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .ToList();

    [Fact]
    public void Ids_are_unique_and_well_formed()
    {
        var ids = Catalog().Select(d => d.Id).ToList();

        Assert.NotEmpty(ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches(new Regex("^NF[1239][0-9]{3}$"), id));
    }

    [Fact]
    public void Every_descriptor_has_a_title_and_a_message_format_that_formats()
    {
        Assert.All(Catalog(), d =>
        {
            Assert.False(string.IsNullOrWhiteSpace(d.Title));
            var message = d.At(SourceLocation.At("x.net", 0, 1, 1), "a", "b", "c", "d", "e").Message;
            Assert.DoesNotContain("{", message.Replace("{ ... }", ""));
        });
    }

    /// <summary>The ids the generator reports about a network the language accepts (NF2022: an op the back-end has no
    /// kernel for; NF2030 to NF2034: a weights file that does not fit, which only the build sees; NF9001: an internal
    /// error); the generator's tests cover them, with a back-end that lacks an entry, with weights files, and with an
    /// injected failure.</summary>
    private static readonly string[] BackEndIds = ["NF2022", "NF2030", "NF2031", "NF2032", "NF2033", "NF2034", "NF9001"];

    [Fact]
    public void Every_id_of_the_language_has_a_sample_here()
    {
        var languageIds = Catalog().Select(d => d.Id).Where(id => !id.StartsWith("NF3", StringComparison.Ordinal) && !BackEndIds.Contains(id));

        Assert.Equal(languageIds.Order(), Samples.Keys.Order());
    }

    [Fact]
    public void Every_sample_produces_its_id()
    {
        Assert.All(Samples, sample =>
        {
            var ids = Source.Diagnose(sample.Value)
                .Concat(ModelCompiler.CompileFile(Source.Path, sample.Value).SelectMany(r => r.Diagnostics))
                .Select(d => d.Id);
            Assert.Contains(sample.Key, ids);
        });
    }
}
