namespace NetForge;

/// <summary>
/// A network's inference graph: what <see cref="IPredictor.Predict"/> computes, layer by layer, in a form that needs
/// nothing of the generated code. Exporters read it with the network's <see cref="INetwork.Parameters"/> and
/// <see cref="INetwork.State"/>, whose tensors the nodes name. Shapes are of one sample, without the batch dimension;
/// values are named, the network's input and output included, and each is written once.
/// </summary>
public sealed class NetworkGraph
{
    /// <summary>Creates a graph, checking that it is well formed.</summary>
    /// <param name="name">The network's name.</param>
    /// <param name="input">The name of the network's input value.</param>
    /// <param name="inputShape">The shape of one input sample.</param>
    /// <param name="output">The name of the network's output value, which one node writes.</param>
    /// <param name="outputShape">The shape of one output sample.</param>
    /// <param name="nodes">The nodes in an order in which each reads only the input and what earlier nodes wrote.</param>
    /// <exception cref="ArgumentException">A name is empty, a shape is not positive, there is no node, two nodes share
    /// a name, a value is written twice, a node reads a value before it is written, or no node writes the
    /// output.</exception>
    public NetworkGraph(string name, string input, IReadOnlyList<int> inputShape, string output, IReadOnlyList<int> outputShape, IReadOnlyList<GraphNode> nodes)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(input);
        ArgumentException.ThrowIfNullOrEmpty(output);
        ArgumentNullException.ThrowIfNull(nodes);
        var copy = nodes.ToArray();
        if (copy.Length == 0)
            throw new ArgumentException($"Network '{name}' has no node.", nameof(nodes));

        var written = new HashSet<string>(StringComparer.Ordinal) { input };
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in copy)
        {
            ArgumentNullException.ThrowIfNull(node, nameof(nodes));
            if (!names.Add(node.Name))
                throw new ArgumentException($"Network '{name}' has two nodes named '{node.Name}'.", nameof(nodes));
            foreach (var value in node.Inputs)
            {
                if (!written.Contains(value))
                    throw new ArgumentException($"Node '{node.Name}' of network '{name}' reads '{value}', which neither the input nor an earlier node is.", nameof(nodes));
            }
            if (!written.Add(node.Output))
                throw new ArgumentException($"Node '{node.Name}' of network '{name}' writes '{node.Output}', which is already written.", nameof(nodes));
        }
        if (!written.Contains(output) || output == input)
            throw new ArgumentException($"No node of network '{name}' writes its output '{output}'.", nameof(output));

        Name = name;
        Input = input;
        InputShape = GraphShape.Copy(inputShape, nameof(inputShape));
        Output = output;
        OutputShape = GraphShape.Copy(outputShape, nameof(outputShape));
        Nodes = Array.AsReadOnly(copy);
    }

    /// <summary>The network's name.</summary>
    public string Name { get; }

    /// <summary>The name of the input value.</summary>
    public string Input { get; }

    /// <summary>The shape of one input sample, e.g. [1, 28, 28].</summary>
    public IReadOnlyList<int> InputShape { get; }

    /// <summary>The name of the output value.</summary>
    public string Output { get; }

    /// <summary>The shape of one output sample, e.g. [10].</summary>
    public IReadOnlyList<int> OutputShape { get; }

    /// <summary>The nodes, each after those whose outputs it reads.</summary>
    public IReadOnlyList<GraphNode> Nodes { get; }

    /// <summary>The graph one node a line, as <see cref="GraphNode.ToString"/> writes them, after the input.</summary>
    public override string ToString() =>
        $"{Name}: {Input} {GraphShape.Text(InputShape)} → {Output} {GraphShape.Text(OutputShape)}\n" + string.Join("\n", Nodes);
}
