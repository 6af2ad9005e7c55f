using Examples.FashionMnist;
using Microsoft.ML.OnnxRuntime;
using NetForge.Onnx.Proto;

namespace NetForge.Onnx.Tests;

/// <summary>What the exported model declares: versions, its input and output, and its initializers.</summary>
public sealed class ModelTests
{
    private static ModelProto Parse(byte[] bytes) => ModelProto.Parser.ParseFrom(bytes);

    [Fact]
    public void TheModelIsOpset17AndIrVersion8ByDefault()
    {
        var model = Parse(OnnxSession.Export(new LeNet5()));
        Assert.Equal(8, model.IrVersion);
        var opset = Assert.Single(model.OpsetImport);
        Assert.Equal("", opset.Domain);
        Assert.Equal(17, opset.Version);
        Assert.Equal("NetForge", model.ProducerName);
        Assert.Equal(nameof(LeNet5), model.Graph.Name);
    }

    [Fact]
    public void TheOptionsChooseTheVersionsAndNames()
    {
        var network = Networks.Create(nameof(ConvStack));
        var bytes = OnnxSession.Export(network, new OnnxExportOptions { Opset = 13, IrVersion = 7, ProducerName = "tests", GraphName = "stack" });
        var model = Parse(bytes);
        Assert.Equal(7, model.IrVersion);
        Assert.Equal(13, Assert.Single(model.OpsetImport).Version);
        Assert.Equal("tests", model.ProducerName);
        Assert.Equal("stack", model.Graph.Name);
        using var session = new OnnxSession(bytes);
        Assert.Equal("tests", session.Session.ModelMetadata.ProducerName);
        Assert.Equal("stack", session.Session.ModelMetadata.GraphName);
    }

    [Theory]
    [InlineData(12, 8)]
    [InlineData(18, 8)]
    [InlineData(17, 3)]
    public void VersionsTheMappingDoesNotMeanAreRefused(int opset, long irVersion)
    {
        using var stream = new MemoryStream();
        Assert.Throws<ArgumentOutOfRangeException>(() => new Mlp().ExportOnnx(stream, new OnnxExportOptions { Opset = opset, IrVersion = irVersion }));
        Assert.Equal(0, stream.Length);
    }

    [Fact]
    public void TheBatchDimensionIsSymbolic()
    {
        var bytes = OnnxSession.Export(new LeNet5());
        var graph = Parse(bytes).Graph;
        foreach (var (value, shape) in new[] { (Assert.Single(graph.Input), new long[] { 1, 28, 28 }), (Assert.Single(graph.Output), [10]) })
        {
            var dims = value.Type.TensorType.Shape.Dim;
            Assert.Equal(TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam, dims[0].ValueCase);
            Assert.Equal("batch", dims[0].DimParam);
            Assert.Equal(shape, dims.Skip(1).Select(d => d.DimValue));
            Assert.Equal((int)TensorProto.Types.DataType.Float, value.Type.TensorType.ElemType);
        }
        Assert.Equal("input", graph.Input[0].Name);
        Assert.Equal("output", graph.Output[0].Name);

        using var session = new OnnxSession(bytes);
        var input = session.Session.InputMetadata["input"];
        Assert.Equal([-1, 1, 28, 28], input.Dimensions);
        Assert.Equal("batch", input.SymbolicDimensions[0]);
        Assert.Equal([-1, 10], session.Session.OutputMetadata["output"].Dimensions);
    }

    [Fact]
    public void ParametersAndStateAreInitializersUnderTheirNames()
    {
        var network = Networks.Create(nameof(VggBnNet));
        var initializers = Parse(OnnxSession.Export(network)).Graph.Initializer.ToDictionary(t => t.Name);
        foreach (var tensor in network.Parameters.Concat(network.State))
        {
            var proto = initializers[tensor.Name];
            Assert.Equal((int)TensorProto.Types.DataType.Float, proto.DataType);
            Assert.Equal(tensor.Shape.ToArray().Select(e => (long)e), proto.Dims);
            var values = new float[tensor.Length];
            for (var i = 0; i < values.Length; i++)
                values[i] = BitConverter.ToSingle(proto.RawData.Span.Slice(i * sizeof(float), sizeof(float)));
            Assert.Equal(tensor.Data, values);
        }
        Assert.Equal(network.Parameters.Count + network.State.Count, initializers.Count);
    }

    [Fact]
    public void DropoutIsLeftOutAndFusedActivationsAreNodesOfTheirOwn()
    {
        var nodes = Parse(OnnxSession.Export(new VggBnNet())).Graph.Node.Select(n => n.OpType).ToList();
        Assert.DoesNotContain("Dropout", nodes);
        Assert.Equal(
            ["Conv", "BatchNormalization", "Relu", "Conv", "BatchNormalization", "Relu", "MaxPool",
             "Conv", "BatchNormalization", "Relu", "Conv", "BatchNormalization", "Relu", "MaxPool",
             "Flatten", "Gemm", "Relu", "Gemm"],
            nodes);
    }

    [Fact]
    public void TheLossIsNotExportedAndAFinalSoftmaxIs()
    {
        Assert.Equal("Gemm", Parse(OnnxSession.Export(new Mlp())).Graph.Node.Last().OpType);
        Assert.Equal("Softmax", Parse(OnnxSession.Export(new ConvStack())).Graph.Node.Last().OpType);
    }

    [Fact]
    public void ANetworkWithoutAGraphIsRefused()
    {
        using var stream = new MemoryStream();
        var error = Assert.Throws<NotSupportedException>(() => new GraphlessNetwork().ExportOnnx(stream));
        Assert.Contains("no graph", error.Message);
        Assert.Equal(0, stream.Length);
    }

    [Fact]
    public void AGraphNamingAMissingTensorIsRefused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => OnnxSession.Export(new GraphlessNetwork(wrongTensor: true)));
        Assert.Contains("'dense.weight'", error.Message);
    }
}
