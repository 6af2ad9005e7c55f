namespace NetForge;

/// <summary>
/// One layer of a <see cref="NetworkGraph"/>: its op, the values it reads and the value it writes, the shapes of one
/// sample on the way in and out, its arguments, and the names of the tensors it reads (the <see cref="Tensor.Name"/>s
/// of the network's <see cref="INetwork.Parameters"/> and <see cref="INetwork.State"/>). An activation the generated
/// code fuses into the layer before it is a node of its own here.
/// </summary>
public sealed class GraphNode
{
    private readonly GraphAttribute[] _attributes;

    /// <summary>Creates a node.</summary>
    /// <param name="op">What the node computes.</param>
    /// <param name="name">The layer's name, e.g. <c>conv1</c>; unique in the graph.</param>
    /// <param name="inputs">The values it reads: the previous layer's output, then, for <c>add</c> and
    /// <c>concat</c>, the labelled ones in the order written.</param>
    /// <param name="output">The value it writes.</param>
    /// <param name="inputShape">The shape of one sample of its first input, without the batch dimension.</param>
    /// <param name="outputShape">The shape of one sample of its output, without the batch dimension.</param>
    /// <param name="parameters">The names of the parameter tensors it reads, in the order <see cref="GraphOp"/> gives.</param>
    /// <param name="state">The names of the state tensors it reads, in the order <see cref="GraphOp"/> gives.</param>
    /// <param name="attributes">The op's arguments, each name once.</param>
    /// <param name="label">The label the network's source gives the node's output (<c>stem: conv2d(...)</c>), or null.</param>
    /// <exception cref="ArgumentException">A name is empty, a shape has no extent or a non-positive one, there is no
    /// input, or an attribute's name repeats.</exception>
    public GraphNode(
        GraphOp op,
        string name,
        IReadOnlyList<string> inputs,
        string output,
        IReadOnlyList<int> inputShape,
        IReadOnlyList<int> outputShape,
        IReadOnlyList<string>? parameters = null,
        IReadOnlyList<string>? state = null,
        IReadOnlyList<GraphAttribute>? attributes = null,
        string? label = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(output);
        Op = op;
        Name = name;
        Inputs = Names(inputs, nameof(inputs));
        if (Inputs.Count == 0)
            throw new ArgumentException($"Node '{name}' reads no value.", nameof(inputs));
        Output = output;
        Label = label;
        InputShape = GraphShape.Copy(inputShape, nameof(inputShape));
        OutputShape = GraphShape.Copy(outputShape, nameof(outputShape));
        Parameters = Names(parameters ?? [], nameof(parameters));
        State = Names(state ?? [], nameof(state));
        _attributes = [.. attributes ?? []];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var attribute in _attributes)
        {
            ArgumentNullException.ThrowIfNull(attribute, nameof(attributes));
            if (!seen.Add(attribute.Name))
                throw new ArgumentException($"Node '{name}' has attribute '{attribute.Name}' twice.", nameof(attributes));
        }
        Attributes = Array.AsReadOnly(_attributes);
    }

    /// <summary>The label the network's source gives the node's output, or null: what <c>add(stem)</c> refers to, and
    /// what <see cref="NetworkFreezing.FreezeUpTo"/> accepts besides a layer's name.</summary>
    public string? Label { get; }

    /// <summary>What the node computes.</summary>
    public GraphOp Op { get; }

    /// <summary>The layer's name, e.g. <c>conv1</c>.</summary>
    public string Name { get; }

    /// <summary>The values it reads, the previous layer's output first.</summary>
    public IReadOnlyList<string> Inputs { get; }

    /// <summary>The value it writes.</summary>
    public string Output { get; }

    /// <summary>The shape of one sample of its first input, without the batch dimension.</summary>
    public IReadOnlyList<int> InputShape { get; }

    /// <summary>The shape of one sample of its output, without the batch dimension.</summary>
    public IReadOnlyList<int> OutputShape { get; }

    /// <summary>The names of the parameter tensors it reads, e.g. <c>conv1.weight</c>, <c>conv1.bias</c>.</summary>
    public IReadOnlyList<string> Parameters { get; }

    /// <summary>The names of the state tensors it reads, e.g. <c>batchnorm1.running_mean</c>.</summary>
    public IReadOnlyList<string> State { get; }

    /// <summary>The op's arguments.</summary>
    public IReadOnlyList<GraphAttribute> Attributes { get; }

    /// <summary>The argument of that name.</summary>
    /// <exception cref="KeyNotFoundException">The node has no such attribute.</exception>
    public GraphAttribute Attribute(string name) =>
        Array.Find(_attributes, a => a.Name == name)
        ?? throw new KeyNotFoundException($"Node '{Name}' ({Op}) has no attribute '{name}'.");

    /// <inheritdoc />
    public override string ToString() =>
        $"{Output} = {Op}({string.Join(", ", Inputs.Concat(Parameters).Concat(State))}){(_attributes.Length == 0 ? "" : " " + string.Join(", ", _attributes))}";

    private static IReadOnlyList<string> Names(IReadOnlyList<string> names, string parameter)
    {
        ArgumentNullException.ThrowIfNull(names, parameter);
        var copy = names.ToArray();
        foreach (var name in copy)
        {
            if (string.IsNullOrEmpty(name))
                throw new ArgumentException("A value or tensor name is null or empty.", parameter);
        }
        return Array.AsReadOnly(copy);
    }
}
