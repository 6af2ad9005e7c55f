using Microsoft.CodeAnalysis;

namespace NetForge.Generator.Tests;

public class IncrementalTests
{
    private const string Unrelated = """
        namespace Examples.FashionMnist;

        public static class Helpers
        {
            public static int Twice(int x) => 2 * x;
        }
        """;

    [Fact]
    public void An_unrelated_edit_leaves_every_tracked_step_cached_or_unchanged()
    {
        var compilation = GeneratorHarness.Compilation(("MlpFromAttributes.cs", Models.MlpAttributes), ("Helpers.cs", Unrelated));
        var driver = GeneratorHarness.Driver([("models/mlp.net", Models.MlpFile)]).RunGenerators(compilation);

        var helpers = compilation.SyntaxTrees.Single(t => t.FilePath == "Helpers.cs");
        var edited = helpers.WithChangedText(helpers.GetText().Replace(Unrelated.IndexOf("2 * x", StringComparison.Ordinal), 5, "x + x"));
        var result = driver.RunGenerators(compilation.ReplaceSyntaxTree(helpers, edited)).GetRunResult().Results.Single();

        string[] tracked =
        [
            NetworkGenerator.Steps.ModelFiles,
            NetworkGenerator.Steps.AttributeNetworks,
            NetworkGenerator.Steps.RootNamespace,
            NetworkGenerator.Steps.AllNetworks,
        ];
        foreach (var name in tracked)
        {
            var steps = result.TrackedSteps[name];
            Assert.NotEmpty(steps);
            var reasons = steps.SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
            Assert.All(reasons, reason => Assert.True(
                reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                $"step {name} ran with reason {reason}"));
        }
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void Editing_a_model_file_regenerates_its_network()
    {
        var compilation = GeneratorHarness.Compilation(("Helpers.cs", Unrelated));
        var original = GeneratorHarness.ModelFile("models/mlp.net", Models.MlpFile);
        var driver = GeneratorHarness.Driver([original]).RunGenerators(compilation);
        var before = GeneratorHarness.Classes(driver.GetRunResult()).Single();

        var edited = GeneratorHarness.ModelFile("models/mlp.net", Models.MlpFile.Replace("dense(128)", "dense(64)"));
        var result = driver.ReplaceAdditionalText(original, edited).RunGenerators(compilation).GetRunResult().Results.Single();

        var after = GeneratorHarness.Classes(result).Single();
        Assert.Equal(before.HintName, after.HintName);
        Assert.DoesNotContain("new(\"dense2.weight\", 64, 256)", before.SourceText.ToString());
        Assert.Contains("new(\"dense2.weight\", 64, 256)", after.SourceText.ToString());
        Assert.Contains(result.TrackedSteps[NetworkGenerator.Steps.ModelFiles].SelectMany(s => s.Outputs),
            output => output.Reason == IncrementalStepRunReason.Modified);
    }

    [Fact]
    public void Editing_one_network_leaves_the_others_output_cached()
    {
        const string other = "namespace Other\nnetwork Small {\n  input [4]\n  dense(2)\n  loss mse\n}\n";
        var compilation = GeneratorHarness.Compilation(("Helpers.cs", Unrelated));
        var original = GeneratorHarness.ModelFile("models/small.net", other);
        var driver = GeneratorHarness.Driver([GeneratorHarness.ModelFile("models/mlp.net", Models.MlpFile), original]).RunGenerators(compilation);

        var edited = GeneratorHarness.ModelFile("models/small.net", other.Replace("dense(2)", "dense(3)"));
        var result = driver.ReplaceAdditionalText(original, edited).RunGenerators(compilation).GetRunResult().Results.Single();

        var reasons = result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Equal(1, reasons.Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Contains(IncrementalStepRunReason.Cached, reasons);
        Assert.Contains("new(\"dense1.weight\", 3, 4)", GeneratorHarness.Classes(result).Single(s => s.HintName == "Other.Small.g.cs").SourceText.ToString());
    }

    [Fact]
    public void A_blank_line_above_a_network_leaves_its_emission_cached_and_moves_its_diagnostics()
    {
        var twoNetworks = Models.MlpFile + "\nnetwork Broken {\n    input [4]\n    rleu\n    loss mse\n}\n";
        var compilation = GeneratorHarness.Compilation(("Helpers.cs", Unrelated));
        var original = GeneratorHarness.ModelFile("models/mlp.net", twoNetworks);
        var driver = GeneratorHarness.Driver([original]).RunGenerators(compilation);
        var before = driver.GetRunResult();

        var moved = GeneratorHarness.ModelFile("models/mlp.net", "\n" + twoNetworks);
        var result = driver.ReplaceAdditionalText(original, moved).RunGenerators(compilation).GetRunResult();

        var emission = result.Results.Single().TrackedSteps[NetworkGenerator.Steps.FileNetworkEmission];
        Assert.All(emission.SelectMany(s => s.Outputs), output => Assert.True(
            output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
            $"the emission ran with reason {output.Reason}"));
        Assert.Equal(GeneratorHarness.Classes(before).Single().SourceText.ToString(), GeneratorHarness.Classes(result).Single().SourceText.ToString());
        var line = (Diagnostic d) => d.Location.GetLineSpan().StartLinePosition.Line;
        Assert.Equal(line(Assert.Single(before.Diagnostics)) + 1, line(Assert.Single(result.Diagnostics)));
    }

    [Fact]
    public void Pipeline_models_are_value_equal()
    {
        var first = NetworkCompilation.CompileFile("mlp.net", Models.MlpFile);
        var second = NetworkCompilation.CompileFile("mlp.net", Models.MlpFile);
        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
        Assert.NotEqual(first, NetworkCompilation.CompileFile("mlp.net", Models.MlpFile.Replace("dense(10)", "dense(11)")));
    }
}
