using NetForge.Onnx.Proto;

namespace NetForge;

/// <summary>The model around a network's graph: its versions, its producer, and its input and output.</summary>
internal static class OnnxModel
{
    // One protobuf message cannot pass 2 GB; ONNX's way around it, tensors in files of their own, is not written.
    private const long MaxTensorBytes = int.MaxValue - (1L << 24);

    private const string BatchDimension = "batch";

    public static ModelProto Build(INetwork network, OnnxExportOptions options)
    {
        options.Check();
        var description = network.Graph;
        var bytes = network.Parameters.Concat(network.State).Sum(tensor => (long)tensor.Length * sizeof(float));
        if (bytes > MaxTensorBytes)
            throw new NotSupportedException(FormattableString.Invariant(
                $"{description.Name} holds {bytes:N0} bytes of parameters and state, more than one ONNX file without external data holds."));

        var graph = OnnxGraphWriter.Write(description, network);
        graph.Name = options.GraphName ?? description.Name;
        graph.Input.Add(Value(description.Input, description.InputShape));
        graph.Output.Add(Value(description.Output, description.OutputShape));
        return new ModelProto
        {
            IrVersion = options.IrVersion,
            ProducerName = options.ProducerName,
            ProducerVersion = ProductVersion.Text,
            Graph = graph,
            OpsetImport = { new OperatorSetIdProto { Domain = "", Version = options.Opset } },
        };
    }

    private static ValueInfoProto Value(string name, IReadOnlyList<int> sample)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = BatchDimension });
        foreach (var extent in sample)
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = extent });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }
}
