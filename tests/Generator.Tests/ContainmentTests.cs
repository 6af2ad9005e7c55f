using Microsoft.CodeAnalysis;

namespace NetForge.Generator.Tests;

/// <summary>Nothing that goes wrong in one network reaches the compiler as an exception or costs another network its code.</summary>
public class ContainmentTests
{
    private const string Failing = "InjectedFailure";

    static ContainmentTests() => NetworkCompilation.BeforeEmit = network =>
    {
        if (network.Name == Failing)
            throw new InvalidOperationException("injected for the test");
    };

    private static (int Line, int Column) Position(Diagnostic diagnostic)
    {
        var start = diagnostic.Location.GetLineSpan().StartLinePosition;
        return (start.Line + 1, start.Character + 1);
    }

    private static string Healthy(string name) => $"network {name} {{\n  input [4]\n  dense(3) -> relu\n  dense(2)\n  loss mse\n}}\n";

    [Fact]
    public void A_failure_in_one_network_is_an_internal_error_at_it_and_five_healthy_networks_still_generate()
    {
        var file = "namespace Contained\n" + Healthy("First") + Healthy("Second") + $"network {Failing} {{\n  input [4]\n  dense(2)\n  loss mse\n}}\n" + Healthy("Third");
        var (result, output) = GeneratorHarness.Run(
            [("models/many.net", file), ("models/other.net", "namespace Contained\n" + Healthy("Fourth"))],
            ("Fifth.cs", "using NetForge;\nnamespace Contained;\n[Network(4)]\n[Dense(2)]\n[Loss(LossKind.MeanSquaredError)]\npublic partial class Fifth;\n"));

        Assert.All(result.Results, r => Assert.Null(r.Exception));
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "CS8785");
        var error = Assert.Single(result.Diagnostics);
        Assert.Equal("NF9001", error.Id);
        Assert.Equal("models/many.net", error.Location.GetLineSpan().Path);
        Assert.Equal((14, 9), Position(error));
        Assert.Contains($"network {Failing}: InvalidOperationException: injected for the test", error.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(
            ["Contained.Fifth.g.cs", "Contained.First.g.cs", "Contained.Fourth.g.cs", "Contained.Second.g.cs", "Contained.Third.g.cs"],
            GeneratorHarness.Classes(result).Select(s => s.HintName).Order());
        Assert.Empty(GeneratorHarness.Errors(output));
    }

    [Fact]
    public void A_failure_in_an_attribute_network_is_an_internal_error_at_its_class()
    {
        var source = $"using NetForge;\n[Network(4)]\n[Dense(2)]\n[Loss(LossKind.MeanSquaredError)]\npublic partial class {Failing};\n";
        var (result, _) = GeneratorHarness.Run([("models/ok.net", Healthy("Fine"))], ("Failing.cs", source));

        Assert.All(result.Results, r => Assert.Null(r.Exception));
        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(("NF9001", (5, 22)), (error.Id, Position(error)));
        Assert.Single(GeneratorHarness.Classes(result));
    }

    [Theory]
    [InlineData("[Network(null)]\n[Dense(2)]", 2, 2)]
    [InlineData("[Network(4)]\n[Concat(null)]", 3, 2)]
    [InlineData("[Network(4)]\n[Dense(2, Name = \"x y\")]", 3, 11)]
    [InlineData("[Network(4)]\n[Dense(2, Name = \"loss\")]", 3, 11)]
    [InlineData("[Network(4)]\n[Dense(2, Name = \"\")]", 3, 11)]
    [InlineData("[Network(4)]\n[Dense(2, Name = \"é\")]", 3, 11)]
    [InlineData("[Network(4)]\n[Dense(2, Name = null)]", 3, 11)]
    public void An_attribute_argument_the_language_cannot_take_is_reported_at_it(string attributes, int line, int column)
    {
        var source = $"using NetForge;\n{attributes}\n[Dense(2)]\n[Loss(LossKind.MeanSquaredError)]\npublic partial class Odd;\n";
        var (result, _) = GeneratorHarness.Run([], ("Odd.cs", source));

        Assert.All(result.Results, r => Assert.Null(r.Exception));
        var error = Assert.Single(result.Diagnostics, d => d.Id.StartsWith("NF", StringComparison.Ordinal));
        Assert.Equal(("NF3003", (line, column)), (error.Id, Position(error)));
    }

    [Theory]
    [InlineData("Cpu")]
    [InlineData("Examples.Cpu")]
    [InlineData("Cpu.Models")]
    public void A_namespace_with_a_segment_named_like_the_kernel_alias_compiles(string ns)
    {
        var (result, output) = GeneratorHarness.Run([("models/n.net", $"namespace {ns}\n" + Healthy("Net"))]);

        Assert.Empty(result.Diagnostics);
        Assert.Empty(GeneratorHarness.Errors(output));
    }

    [Theory]
    [InlineData("in")]
    [InlineData("My.class.Models")]
    public void A_root_namespace_with_a_keyword_segment_is_escaped(string rootNamespace)
    {
        var driver = GeneratorHarness.Driver([("models/n.net", Healthy("Net"))], rootNamespace)
            .RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compilation(), out var output, out _);

        Assert.Empty(driver.GetRunResult().Diagnostics);
        Assert.Empty(GeneratorHarness.Errors(output));
    }

    [Fact]
    public void Classify_of_a_wide_output_keeps_it_off_the_stack()
    {
        var (result, output) = GeneratorHarness.Run([("models/wide.net", "network Wide {\n  input [2]\n  dense(100000)\n  loss mse\n}\n")]);

        var code = GeneratorHarness.Generated(result, "Consumer.Wide.g.cs");
        Assert.Contains("var output = t_classifyOutput ??= new float[OutputSize];", code, StringComparison.Ordinal);
        Assert.DoesNotContain("stackalloc float[OutputSize]", code, StringComparison.Ordinal);
        Assert.Empty(GeneratorHarness.Errors(output));
    }

    [Theory]
    [InlineData("[Dense(2)]\n[Loss(LossKind.MeanSquaredError)]\npublic partial class Forgotten;", 3, 2)]
    [InlineData("[System.Serializable]\n[Flatten, Dense(2)]\npublic class Forgotten;", 4, 2)]
    [InlineData("[Loss(LossKind.Hinge)]\ninternal sealed class Forgotten { }", 3, 2)]
    public void Layer_attributes_without_a_network_attribute_are_reported_at_the_first(string declaration, int line, int column)
    {
        var (result, _) = GeneratorHarness.Run([], ("Forgotten.cs", "using NetForge;\n\n" + declaration + "\n"));

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(("NF3005", (line, column)), (error.Id, Position(error)));
        Assert.Contains("class Forgotten has layer attributes but no [Network(...)]", error.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Attributes_of_other_kinds_and_networks_split_over_partial_declarations_are_not_orphans()
    {
        const string source = "using NetForge;\n[System.Serializable]\npublic class Plain;\n[Network(4)]\npublic partial class Split;\n[Dense(2)]\n[Loss(LossKind.MeanSquaredError)]\npublic partial class Split;\n";
        var (result, output) = GeneratorHarness.Run([], ("Split.cs", source));

        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "NF3005");
        Assert.Empty(GeneratorHarness.Errors(output));
    }

    [Theory]
    [InlineData("[Network(4)]\n[ReLU(Name = \"x\")]\n[ReLU(Name = \"X\")]\n[Dense(2)]\npublic partial class Labels;", "NF2027", 4, 2)]
    [InlineData("[Network(4)]\n[ReLU(Name = \"a_b\")]\n[Tanh(Name = \"aB\")]\n[Dense(2)]\npublic partial class Labels;", "NF2027", 4, 2)]
    [InlineData("[Network(4)]\n[ReLU(Name = \"__\")]\n[Dense(2)]\npublic partial class Labels;", "NF2028", 3, 2)]
    [InlineData("[Network(4)]\n[Dense(2)]\npublic partial class Dense1Weight;", "NF2025", 5, 22)]
    [InlineData("[Network(4)]\n[Dense(2)]\npublic partial class _parameters;", "NF2025", 5, 22)]
    public void Names_that_would_collide_in_generated_code_are_reported_in_the_attribute_form_too(string declaration, string id, int line, int column)
    {
        var (result, _) = GeneratorHarness.Run([], ("Names.cs", "using NetForge;\n" + declaration.Replace("public partial", "[Loss(LossKind.MeanSquaredError)]\npublic partial") + "\n"));

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal((id, (line, column)), (error.Id, Position(error)));
    }

    [Theory]
    [InlineData("[Network(new int[0])]\n[Dense(2)]")]
    [InlineData("[Network(4)]\n[ReLU(Name = \"a\")]\n[Concat(\"a\", null)]")]
    [InlineData("[Network(4)]\n[Concat(new string[0])]")]
    [InlineData("[Network(4)]\n[Dense(2, Name = \"a\")]\n[Add(null)]")]
    public void Empty_and_null_attribute_arguments_are_diagnostics_not_exceptions(string attributes)
    {
        var source = $"using NetForge;\n{attributes}\n[Dense(2)]\n[Loss(LossKind.MeanSquaredError)]\npublic partial class Odd;\n";
        var (result, _) = GeneratorHarness.Run([], ("Odd.cs", source));

        Assert.All(result.Results, r => Assert.Null(r.Exception));
        var error = Assert.Single(result.Diagnostics, d => d.Id.StartsWith("NF", StringComparison.Ordinal));
        Assert.NotEqual("NF9001", error.Id);
        Assert.Equal("Odd.cs", error.Location.GetLineSpan().Path);
    }
}
