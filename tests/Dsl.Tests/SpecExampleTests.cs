using NetForge.Dsl.Binding;
using NetForge.Dsl.Syntax;

namespace NetForge.Dsl.Tests;

public class SpecExampleTests
{
    [Fact]
    public void The_lenet5_and_mlp_file_parses_into_two_networks_in_the_namespace()
    {
        var result = Source.Parse(SpecExamples.LeNet5AndMlp);

        Assert.Empty(result.Diagnostics);
        Assert.Equal(["LeNet5", "Mlp"], result.Networks.Select(n => n.Name));
        Assert.All(result.Networks, n => Assert.Equal("Examples.FashionMnist", n.Namespace));
        Assert.Equal(
            """
            input [1, 28, 28]
            conv2d(6, kernel: 5, padding: 2) -> relu -> maxpool(2)
            conv2d(16, kernel: 5) -> relu -> maxpool(2)
            flatten
            dense(120) -> relu
            dense(84) -> relu
            dense(10)
            loss softmax_cross_entropy
            """,
            Source.Render(result.Networks[0]));
        Assert.Equal(
            """
            input [784]
            dense(256) -> relu
            dense(128) -> relu
            dense(10)
            loss softmax_cross_entropy
            """,
            Source.Render(result.Networks[1]));
    }

    [Fact]
    public void The_lenet5_and_mlp_file_checks_with_the_published_parameter_counts()
    {
        var results = NetworkBinder.BindAll(Source.Parse(SpecExamples.LeNet5AndMlp).Networks);

        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.Empty(r.Diagnostics));
        var lenet = Assert.IsType<Model.Network>(results[0].Network);
        var mlp = Assert.IsType<Model.Network>(results[1].Network);
        Assert.Equal(61_706, lenet.ParameterCount);
        Assert.Equal(235_146, mlp.ParameterCount);
        Assert.Equal("[10]", lenet.Output.ToString());
        Assert.Equal("[10]", mlp.Output.ToString());
    }

    [Fact]
    public void Lenet5_has_the_classic_shapes_layer_by_layer()
    {
        var network = Assert.IsType<Model.Network>(NetworkBinder.BindAll(Source.Parse(SpecExamples.LeNet5AndMlp).Networks)[0].Network);

        Assert.Equal(
            [
                "conv1 [6, 28, 28]", "relu1 [6, 28, 28]", "maxpool1 [6, 14, 14]",
                "conv2 [16, 10, 10]", "relu2 [16, 10, 10]", "maxpool2 [16, 5, 5]",
                "flatten1 [400]",
                "dense1 [120]", "relu3 [120]",
                "dense2 [84]", "relu4 [84]",
                "dense3 [10]",
            ],
            network.Layers.Select(l => $"{l.Name} {l.Output}"));
    }

    [Fact]
    public void The_residual_example_parses_with_its_label()
    {
        var network = Source.ParseOne(SpecExamples.ResidualTiny);

        Assert.Equal("ResidualTiny", network.Name);
        Assert.Null(network.Namespace);
        var labelled = Assert.IsType<ChainSyntax>(network.Statements[1]);
        Assert.Equal("stem", labelled.Label);
        Assert.Equal(["conv2d", "relu"], labelled.Ops.Select(o => o.Name));
        var add = Assert.IsType<ChainSyntax>(network.Statements[4]);
        Assert.Null(add.Label);
        var argument = Assert.Single(add.Ops[0].Arguments);
        Assert.Null(argument.Name);
        Assert.Equal(new ValueSyntax(ValueKind.Name, "stem"), argument.Value);
    }

    [Fact]
    public void The_residual_example_checks_and_adds_the_stem_back()
    {
        var network = Source.Bind(SpecExamples.ResidualTiny);

        var stem = Assert.Single(network.Layers, l => l.Label == "stem");
        Assert.Equal("relu1", stem.Name);
        Assert.Equal("[16, 28, 28]", stem.Output.ToString());
        var add = Assert.Single(network.Layers, l => l.Op == Model.OpKind.Add);
        Assert.Equal("[16, 28, 28]", add.Input.ToString());
        Assert.Equal("[16, 28, 28]", add.Output.ToString());
        Assert.Equal("[10]", network.Output.ToString());
        // Three 3x3 convolutions of 16 filters, two batch norms of 16 channels, and dense 16*14*14 -> 10.
        Assert.Equal((16 * 9 + 16) + 2 * (16 * 16 * 9 + 16) + 2 * (16 + 16) + (16 * 14 * 14 * 10 + 10), network.ParameterCount);
    }
}
