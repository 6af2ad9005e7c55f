using NetForge.Onnx.Proto;
using static NetForge.OnnxAttributes;

namespace NetForge;

/// <summary>
/// Writes the nodes of a <see cref="NetworkGraph"/> as ONNX nodes, op by op, with the tensors they read as
/// initializers. Values keep their NetForge names; what an op needs in between (a flattened input, a shape) is named
/// after its node with a <c>:</c>, which no NetForge name holds.
/// </summary>
internal sealed class OnnxGraphWriter
{
    private readonly GraphProto _graph = new();
    private readonly NetworkGraph _description;
    private readonly Dictionary<string, Tensor> _tensors;
    private readonly HashSet<string> _initialized = new(StringComparer.Ordinal);

    // A NetForge value that ONNX computes under another name: a dropout's output is its input.
    private readonly Dictionary<string, string> _aliases = new(StringComparer.Ordinal);

    private OnnxGraphWriter(NetworkGraph description, INetwork network)
    {
        _description = description;
        _tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var tensor in network.Parameters.Concat(network.State))
        {
            if (!_tensors.TryAdd(tensor.Name, tensor))
                throw new InvalidOperationException($"{description.Name} has two tensors named '{tensor.Name}'.");
        }
    }

    public static GraphProto Write(NetworkGraph description, INetwork network)
    {
        var writer = new OnnxGraphWriter(description, network);
        foreach (var node in description.Nodes)
            writer.Write(node);
        return writer._graph;
    }

    private void Write(GraphNode node)
    {
        switch (node.Op)
        {
            case GraphOp.Dense:
                Dense(node);
                break;
            case GraphOp.Conv2D:
                Conv(node);
                break;
            case GraphOp.MaxPool:
                Pool(node, "MaxPool");
                break;
            case GraphOp.AvgPool:
                // NetForge's windows never reach past the edge, so ONNX's count_include_pad cannot change a mean.
                Pool(node, "AveragePool");
                break;
            case GraphOp.Flatten:
                Emit(node.Name, "Flatten", [Input(node)], node.Output, Int("axis", 1));
                break;
            case GraphOp.Relu:
                Emit(node.Name, "Relu", [Input(node)], node.Output);
                break;
            case GraphOp.LeakyRelu:
                Emit(node.Name, "LeakyRelu", [Input(node)], node.Output, Float("alpha", node.Attribute("alpha").Real));
                break;
            case GraphOp.Elu:
                Emit(node.Name, "Elu", [Input(node)], node.Output, Float("alpha", node.Attribute("alpha").Real));
                break;
            case GraphOp.Sigmoid:
                Emit(node.Name, "Sigmoid", [Input(node)], node.Output);
                break;
            case GraphOp.Tanh:
                Emit(node.Name, "Tanh", [Input(node)], node.Output);
                break;
            case GraphOp.Maxout:
                Maxout(node);
                break;
            case GraphOp.Softmax:
                Emit(node.Name, "Softmax", [Input(node)], node.Output, Int("axis", 1));
                break;
            case GraphOp.Dropout:
                Identity(node);
                break;
            case GraphOp.BatchNorm:
                BatchNorm(node);
                break;
            case GraphOp.Add:
                Expect(node, node.Inputs.Count == 2, "two inputs");
                Emit(node.Name, "Add", Inputs(node), node.Output);
                break;
            case GraphOp.Concat:
                Expect(node, node.Inputs.Count >= 2, "at least two inputs");
                Emit(node.Name, "Concat", Inputs(node), node.Output, Int("axis", 1));
                break;
            default:
                throw new InvalidOperationException($"Node '{node.Name}' has op {node.Op}, which the ONNX exporter does not know.");
        }
    }

    // Gemm multiplies matrices: an image-shaped input is flattened first, in the order NetForge's dense reads it.
    private void Dense(GraphNode node)
    {
        var (weight, bias) = WeightAndBias(node);
        var x = Input(node);
        if (node.InputShape.Count > 1)
        {
            var flat = node.Name + ":flatten";
            Emit(flat, "Flatten", [x], flat, Int("axis", 1));
            x = flat;
        }
        Emit(node.Name, "Gemm", bias is null ? [x, weight] : [x, weight, bias], node.Output, Int("transB", 1));
    }

    private void Conv(GraphNode node)
    {
        var (weight, bias) = WeightAndBias(node);
        var kernel = node.Attribute("kernel").Integers;
        Expect(node, kernel.Count == 2, "a kernel of a height and a width");
        var stride = node.Attribute("stride").Integer;
        var padding = node.Attribute("padding").Integer;
        Emit(node.Name, "Conv", bias is null ? [Input(node), weight] : [Input(node), weight, bias], node.Output,
            Ints("kernel_shape", kernel[0], kernel[1]),
            Ints("strides", stride, stride),
            Ints("pads", padding, padding, padding, padding));
    }

    private void Pool(GraphNode node, string op)
    {
        var size = node.Attribute("size").Integer;
        var stride = node.Attribute("stride").Integer;
        Emit(node.Name, op, [Input(node)], node.Output, Ints("kernel_shape", size, size), Ints("strides", stride, stride));
    }

    // Consecutive units form a group: [batch, n] viewed as [batch, n / pieces, pieces], the largest of the last axis.
    // Reshape's 0 keeps the batch extent, whatever it is, an empty batch's included.
    private void Maxout(GraphNode node)
    {
        Expect(node, node.InputShape.Count == 1 && node.OutputShape.Count == 1, "flat shapes");
        var pieces = node.Attribute("pieces").Integer;
        var shape = node.Name + ":shape";
        var groups = node.Name + ":groups";
        _graph.Initializer.Add(OnnxTensors.Int64(shape, 0, node.OutputShape[0], pieces));
        Emit(groups, "Reshape", [Input(node), shape], groups);
        Emit(node.Name, "ReduceMax", [groups], node.Output, Ints("axes", 2), Int("keepdims", 0));
    }

    // BatchNormalization takes [batch, c] as well as [batch, c, h, w], normalising per feature or per channel.
    private void BatchNorm(GraphNode node)
    {
        Expect(node, node.Parameters.Count == 2 && node.State.Count == 2, "a weight and a bias, a running mean and a running variance");
        Emit(node.Name, "BatchNormalization",
            [Input(node), Initializer(node.Parameters[0]), Initializer(node.Parameters[1]), Initializer(node.State[0]), Initializer(node.State[1])],
            node.Output,
            Float("epsilon", node.Attribute("epsilon").Real));
    }

    // The identity costs nothing by renaming, except for the graph's output, which a node must write.
    private void Identity(GraphNode node)
    {
        if (node.Output == _description.Output)
            Emit(node.Name, "Identity", [Input(node)], node.Output);
        else
            _aliases[node.Output] = Input(node);
    }

    private (string Weight, string? Bias) WeightAndBias(GraphNode node)
    {
        Expect(node, node.Parameters.Count is 1 or 2, "a weight and at most a bias");
        return (Initializer(node.Parameters[0]), node.Parameters.Count == 2 ? Initializer(node.Parameters[1]) : null);
    }

    private string Initializer(string name)
    {
        if (!_tensors.TryGetValue(name, out var tensor))
            throw new InvalidOperationException($"The graph of {_description.Name} names tensor '{name}', which is not among its parameters and state.");
        if (_initialized.Add(name))
            _graph.Initializer.Add(OnnxTensors.Float(tensor));
        return name;
    }

    private string Input(GraphNode node) => Resolve(node.Inputs[0]);

    private string[] Inputs(GraphNode node) => node.Inputs.Select(Resolve).ToArray();

    private string Resolve(string value) => _aliases.TryGetValue(value, out var alias) ? alias : value;

    private void Emit(string name, string op, string[] inputs, string output, params AttributeProto[] attributes) =>
        _graph.Node.Add(new NodeProto { Name = name, OpType = op, Input = { inputs }, Output = { output }, Attribute = { attributes } });

    private void Expect(GraphNode node, bool condition, string what)
    {
        if (!condition)
            throw new InvalidOperationException($"Node '{node.Name}' ({node.Op}) of {_description.Name} does not have {what}.");
    }
}
