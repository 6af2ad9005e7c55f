using NetForge.Dsl.Model;

namespace NetForge.Dsl.Tests;

/// <summary>What the binder records on each layer besides shapes: names, indices, labels, text and place.</summary>
public class LayerTests
{
    [Fact]
    public void Layers_are_named_by_op_and_counted_per_op()
    {
        var layers = Source.Layers(
            "input [1, 28, 28]|conv2d(6, kernel: 5, padding: 2) -> relu -> maxpool(2)|conv2d(16, kernel: 5) -> relu -> avgpool(2)"
            + "|flatten|dense(120) -> relu|dense(84) -> leaky_relu|dense(10) -> softmax|loss softmax_cross_entropy");

        Assert.Equal(
            ["conv1", "relu1", "maxpool1", "conv2", "relu2", "avgpool1", "flatten1", "dense1", "relu3", "dense2", "leaky_relu1", "dense3", "softmax1"],
            layers.Select(l => l.Name));
    }

    [Fact]
    public void Every_op_has_a_layer_name_stem()
    {
        var layers = Source.Layers(
            "input [8]|a: dense(8) -> sigmoid -> tanh -> elu -> dropout(0.1) -> batchnorm|add(a) -> concat(a) -> maxout(2)|loss mse");

        Assert.Equal(["dense1", "sigmoid1", "tanh1", "elu1", "dropout1", "batchnorm1", "add1", "concat1", "maxout1"], layers.Select(l => l.Name));
    }

    [Fact]
    public void Layers_are_indexed_in_order_across_lines()
    {
        var layers = Source.Layers("input [784]|dense(256) -> relu|dense(10)|loss mse");

        Assert.Equal([0, 1, 2], layers.Select(l => l.Index));
        Assert.Equal([OpKind.Dense, OpKind.Relu, OpKind.Dense], layers.Select(l => l.Op));
    }

    [Fact]
    public void A_label_belongs_to_the_last_layer_of_its_line()
    {
        var layers = Source.Layers("input [4]|stem: dense(4) -> relu|dense(4)|add(stem)|loss mse");

        Assert.Equal([null, "stem", null, null], layers.Select(l => l.Label));
    }

    [Fact]
    public void A_layer_keeps_its_op_text_and_place()
    {
        var layers = Source.Layers("input [1, 8, 8]|conv2d(4,kernel:[3,3],  bias :false) -> relu|loss mse");

        Assert.Equal("conv2d(4, kernel: [3, 3], bias: false)", layers[0].Text);
        Assert.Equal((3, 5), (layers[0].Location.Line, layers[0].Location.Column));
        Assert.Equal("relu", layers[1].Text);
        Assert.Equal((3, 45), (layers[1].Location.Line, layers[1].Location.Column));
    }

    [Fact]
    public void The_network_keeps_its_name_namespace_input_loss_and_place()
    {
        var network = Source.Bind("namespace Demo.Models\n\nnetwork Classifier {\n    input [784]\n    dense(10)\n    loss hinge(margin: 0.5)\n}\n");

        Assert.Equal("Classifier", network.Name);
        Assert.Equal("Demo.Models", network.Namespace);
        Assert.Equal("[784]", network.Input.ToString());
        Assert.Equal(("hinge", 0.5, "hinge(margin: 0.5)"), (network.Loss.Name, network.Loss.Margin, network.Loss.Text));
        Assert.Equal((6, 10), (network.Loss.Location.Line, network.Loss.Location.Column));
        Assert.Equal((3, 9), (network.Location.Line, network.Location.Column));
    }

    [Theory]
    [InlineData("softmax_cross_entropy", true, true)]
    [InlineData("hinge", true, false)]
    [InlineData("mse", false, false)]
    public void Each_loss_name_binds_to_its_definition(string loss, bool classLabels, bool appliesSoftmax)
    {
        var definition = Source.Bind(Source.Network($"input [4]|dense(3)|loss {loss}")).Loss.Definition;

        Assert.Equal((loss, classLabels, appliesSoftmax), (definition.Name, definition.TakesClassLabels, definition.AppliesSoftmax));
    }

    [Fact]
    public void Binding_the_same_text_twice_gives_equal_networks()
    {
        Assert.Equal(Source.Bind(SpecExamples.ResidualTiny), Source.Bind(SpecExamples.ResidualTiny));
    }
}
