using NetForge.Dsl.Binding;
using NetForge.Dsl.Syntax;

namespace NetForge.Dsl.Tests;

/// <summary>NF2025 to NF2028: names that become C# identifiers are refused in the language, each at its place.</summary>
public class NameTests
{
    private static void AssertNetworkName(string name, string body, string problem)
    {
        var diagnostic = Assert.Single(Source.Diagnose(Source.Network(body, name)));

        Assert.Equal(("NF2025", 1, 9), (diagnostic.Id, diagnostic.Location.Line, diagnostic.Location.Column));
        Assert.Equal($"'{name}' cannot name a network: {problem}", diagnostic.Message);
    }

    [Theory]
    [InlineData("namespace Examples.in", 1, 20, "namespace Examples.in cannot hold the generated classes: 'in' is a C# keyword")]
    [InlineData("namespace class", 1, 11, "namespace class cannot hold the generated classes: 'class' is a C# keyword")]
    [InlineData("namespace A.B.__arglist  # a comment", 1, 15, "namespace A.B.__arglist cannot hold the generated classes: '__arglist' is a C# keyword")]
    [InlineData("\n# models\nnamespace Models.int", 3, 18, "namespace Models.int cannot hold the generated classes: 'int' is a C# keyword")]
    [InlineData("namespace int.void", 1, 11, "namespace int.void cannot hold the generated classes: 'int' is a C# keyword")]
    public void NF2026_a_namespace_segment_that_cannot_name_a_namespace_is_reported_at_the_segment(string line, int row, int column, string message)
    {
        var diagnostic = Assert.Single(Source.Diagnose(line + "\n\n" + Source.Network("input [4]|dense(2)|loss mse")));

        Assert.Equal(("NF2026", row, column), (diagnostic.Id, diagnostic.Location.Line, diagnostic.Location.Column));
        Assert.Equal(message, diagnostic.Message);
    }

    [Theory]
    [InlineData("namespace Examples.Int")]
    [InlineData("namespace A.global")]
    [InlineData("namespace var.record.value.file")]
    [InlineData("namespace CPU.cpu")]
    [InlineData("namespace _.__")]
    public void Contextual_keywords_and_other_cases_of_cpu_are_allowed_in_namespaces(string line)
    {
        Assert.Empty(Source.Diagnose(line + "\n" + Source.Network("input [4]|dense(2)|loss mse")));
    }

    [Fact]
    public void NF2026_is_reported_once_for_the_file_and_no_network_of_it_is_generated()
    {
        var text = "namespace Examples.in\n" + Source.Network("input [4]|dense(2)|loss mse", "A") + Source.Network("input [4]|dense(0)|loss mse", "B");

        var result = Assert.Single(ModelCompiler.CompileFile(Source.Path, text));

        Assert.Null(result.Network);
        Assert.Equal(["NF2026", "NF2011"], result.Diagnostics.Select(d => d.Id));
        Assert.Equal((9, 11), (result.Diagnostics[1].Location.Line, result.Diagnostics[1].Location.Column));
    }

    [Fact]
    public void NF2026_a_network_built_elsewhere_is_reported_at_the_network()
    {
        var syntax = Source.ParseOne(Source.Network("input [4]|dense(2)|loss mse")) with { Namespace = "Models.checked" };

        var diagnostic = Assert.Single(NetworkBinder.Bind(syntax).Diagnostics);

        Assert.Equal(("NF2026", 1, 9), (diagnostic.Id, diagnostic.Location.Line, diagnostic.Location.Column));
        Assert.Equal("namespace Models.checked cannot hold the generated classes: 'checked' is a C# keyword", diagnostic.Message);
    }

    [Theory]
    [InlineData("Dense1Weight", "input [4]|dense(2)|loss mse", "the generated class has a property of that name, for dense1.weight")]
    [InlineData("Dense2Bias", "input [4]|dense(3)|dense(2)|loss mse", "the generated class has a property of that name, for dense2.bias")]
    [InlineData("Conv1Weight", "input [1, 4, 4]|conv2d(2, kernel: 3)|loss mse", "the generated class has a property of that name, for conv1.weight")]
    [InlineData("Conv1Shape", "input [1, 4, 4]|conv2d(2, kernel: 3)|loss mse", "the generated class has a field of that name, for the shape of conv1")]
    [InlineData("Maxpool1Shape", "input [1, 4, 4]|maxpool(2)|loss mse", "the generated class has a field of that name, for the shape of maxpool1")]
    [InlineData("Batchnorm1Weight", "input [4]|batchnorm|loss mse", "the generated class has a property of that name, for batchnorm1.weight")]
    [InlineData("Batchnorm1RunningMean", "input [4]|batchnorm|loss mse", "the generated class has a property of that name, for batchnorm1.running_mean")]
    [InlineData("Batchnorm1RunningVar", "input [2, 3, 3]|batchnorm|loss mse", "the generated class has a property of that name, for batchnorm1.running_var")]
    public void NF2025_a_network_named_like_a_member_generated_for_its_layers(string name, string body, string problem)
    {
        AssertNetworkName(name, body, problem);
    }

    [Theory]
    [InlineData("Dense2Weight", "input [4]|dense(2)|loss mse")]
    [InlineData("Dense1Bias", "input [4]|dense(2, bias: false)|loss mse")]
    [InlineData("Dense1Shape", "input [4]|dense(2)|loss mse")]
    [InlineData("Relu1Weight", "input [4]|relu|loss mse")]
    [InlineData("Dense1weight", "input [4]|dense(2)|loss mse")]
    [InlineData("Net_", "input [4]|dense(2)|loss mse")]
    public void Names_of_members_the_network_does_not_have_are_allowed(string name, string body)
    {
        Assert.Empty(Source.Diagnose(Source.Network(body, name)));
    }

    [Theory]
    [InlineData("_parameters")]
    [InlineData("_state")]
    [InlineData("_seed")]
    [InlineData("_Net")]
    [InlineData("_")]
    public void NF2025_names_starting_with_an_underscore_are_reserved(string name)
    {
        AssertNetworkName(name, "input [4]|dense(2)|loss mse", "names starting with '_' are reserved for the generated class's private members");
    }

    [Theory]
    [InlineData("t_predictScratch", "the generated class has a member of that name")]
    [InlineData("State", "the generated class has a member of that name")]
    [InlineData("__arglist", "it is a C# keyword")]
    [InlineData("__makeref", "it is a C# keyword")]
    public void NF2025_other_fixed_members_and_undocumented_keywords(string name, string problem)
    {
        AssertNetworkName(name, "input [4]|dense(2)|loss mse", problem);
    }

    [Theory]
    [InlineData("x: relu|X: relu", 4, 5, "label 'X' would generate the same name as label 'x' (line 3)")]
    [InlineData("a_b: relu|aB: relu", 4, 5, "label 'aB' would generate the same name as label 'a_b' (line 3)")]
    [InlineData("a1: relu|relu|a_1: relu", 5, 5, "label 'a_1' would generate the same name as label 'a1' (line 3)")]
    [InlineData("a__b: relu|_a_b_: relu", 4, 5, "label '_a_b_' would generate the same name as label 'a__b' (line 3)")]
    [InlineData("ab: relu|aB: relu", 4, 5, "label 'aB' differs only in case from label 'ab' (line 3)")]
    [InlineData("stem: relu|STEM: dense(4) -> relu", 4, 5, "label 'STEM' differs only in case from label 'stem' (line 3)")]
    public void NF2027_labels_whose_generated_names_collide_are_reported_at_the_second(string lines, int line, int column, string message)
    {
        DiagnosticTests.AssertSingle($"input [4]|{lines}|loss mse", "NF2027", line, column, message);
    }

    [Fact]
    public void NF2027_each_label_is_compared_with_the_first_of_its_name()
    {
        var diagnostics = Source.Diagnose(Source.Network("input [4]|x: relu|X: relu|x_: relu|loss mse"));

        Assert.Equal([("NF2027", 4), ("NF2027", 5)], diagnostics.Select(d => (d.Id, d.Location.Line)));
        Assert.All(diagnostics, d => Assert.EndsWith("label 'x' (line 3)", d.Message));
    }

    [Theory]
    [InlineData("_: relu", 3, 5, "_")]
    [InlineData("relu|__: relu", 4, 5, "__")]
    [InlineData("___: dense(4) -> relu", 3, 5, "___")]
    public void NF2028_a_label_of_underscores_only(string lines, int line, int column, string label)
    {
        DiagnosticTests.AssertSingle($"input [4]|{lines}|loss mse", "NF2028", line, column,
            $"label '{label}' cannot be used: it has only underscores, which generated names drop, so it would name nothing");
    }

    [Fact]
    public void NF2028_two_underscore_labels_are_each_reported_but_not_as_a_collision()
    {
        var diagnostics = Source.Diagnose(Source.Network("input [4]|_: relu|__: relu|add(_)|loss mse"));

        Assert.Equal([("NF2028", 3), ("NF2028", 4)], diagnostics.Select(d => (d.Id, d.Location.Line)));
    }

    [Fact]
    public void Pascal_matches_the_generator_s_spelling()
    {
        Assert.Equal("Dense1", NetworkNames.Pascal("dense1"));
        Assert.Equal("LeakyRelu1", NetworkNames.Pascal("leaky_relu1"));
        Assert.Equal("RunningMean", NetworkNames.Pascal("running_mean"));
        Assert.Equal("AB", NetworkNames.Pascal("a__b_"));
        Assert.Equal("", NetworkNames.Pascal("__"));
    }

    [Fact]
    public void A_namespace_keeps_the_place_it_was_written()
    {
        var network = Source.ParseOne("namespace Examples.Models\n" + Source.Network("input [4]|relu|loss mse"));

        Assert.Equal((1, 11, 15), (network.NamespaceLocation!.Line, network.NamespaceLocation.Column, network.NamespaceLocation.Length));
        Assert.Null(Source.ParseOne(Source.Network("input [4]|relu|loss mse")).NamespaceLocation);
        Assert.IsType<ChainSyntax>(network.Statements[1]);
    }
}
