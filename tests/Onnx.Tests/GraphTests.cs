using Examples.FashionMnist;
using NetForge.Dsl.Model;

namespace NetForge.Onnx.Tests;

/// <summary>The graph a generated network describes itself by.</summary>
public sealed class GraphTests
{
    public static TheoryData<string> NetworkNames => [.. Networks.Names];

    private static NetworkGraph Graph(INetwork network) => network.Graph;

    [Fact]
    public void EveryOpOfTheLanguageIsAGraphOpOfItsName()
    {
        Assert.Equal(Enum.GetNames<OpKind>(), Enum.GetNames<GraphOp>());
    }

    [Fact]
    public void EveryGraphOpIsExercised()
    {
        var used = Networks.Names.SelectMany(name => Networks.Create(name).Graph.Nodes).Select(node => node.Op).ToHashSet();
        Assert.Equal(Enum.GetValues<GraphOp>(), used.Order());
    }

    [Theory]
    [MemberData(nameof(NetworkNames))]
    public void TheNodesReadEveryTensorOnceInTheNetworksOrder(string name)
    {
        var network = Networks.Create(name);
        var graph = network.Graph;
        Assert.Equal(network.Parameters.Select(t => t.Name), graph.Nodes.SelectMany(n => n.Parameters));
        Assert.Equal(network.State.Select(t => t.Name), graph.Nodes.SelectMany(n => n.State));
        Assert.Equal(network.InputShape.ToArray(), graph.InputShape);
        Assert.Equal(network.OutputShape.ToArray(), graph.OutputShape);
        Assert.Equal(graph.Output, graph.Nodes[^1].Output);
        Assert.Same(graph, network.Graph);
    }

    [Fact]
    public void LabelsBecomeTheInputsTheyName()
    {
        var add = Graph(new ResidualNet()).Nodes.Where(n => n.Op == GraphOp.Add).ToList();
        Assert.Equal(["conv3", "maxpool1"], add[0].Inputs);
        Assert.Equal(["conv5", "relu3"], add[1].Inputs);
        var concat = Graph(new Branches()).Nodes.First(n => n.Op == GraphOp.Concat);
        Assert.Equal(["conv3", "relu2", "relu1"], concat.Inputs);
    }

    [Fact]
    public void AttributesAreTheLayersArguments()
    {
        var conv = Graph(new ConvStack()).Nodes[0];
        Assert.Equal(GraphOp.Conv2D, conv.Op);
        Assert.Equal([3, 3], conv.Attribute("kernel").Integers);
        Assert.Equal(2, conv.Attribute("stride").Integer);
        Assert.Equal(1, conv.Attribute("padding").Integer);
        Assert.Equal([3, 11, 11], conv.InputShape);
        Assert.Equal([4, 6, 6], conv.OutputShape);
        var batchnorm = Graph(new ConvStack()).Nodes[1];
        Assert.Equal(0.001, batchnorm.Attribute("epsilon").Real);
        Assert.Throws<InvalidOperationException>(() => (object)batchnorm.Attribute("epsilon").Integer);
        Assert.Throws<KeyNotFoundException>(() => (object)batchnorm.Attribute("kernel"));
    }

    [Fact]
    public void AGraphReadingAValueBeforeItIsWrittenIsRefused()
    {
        Assert.Throws<ArgumentException>(() => new NetworkGraph("Broken", "input", [2], "output", [2],
        [
            new(GraphOp.Relu, "relu1", ["relu2"], "relu1", [2], [2]),
            new(GraphOp.Relu, "relu2", ["input"], "output", [2], [2]),
        ]));
    }
}
