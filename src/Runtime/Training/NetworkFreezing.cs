namespace NetForge;

/// <summary>
/// Freezing layers for transfer learning, by the layer names of <see cref="INetwork.Graph"/> (<c>conv1</c>,
/// <c>dense2</c>): a frozen layer's parameters are <see cref="Tensor.Frozen"/>, so training neither computes their
/// gradients nor changes them, as Keras's <c>layer.trainable = False</c> and PyTorch's <c>requires_grad_(False)</c>.
/// A frozen batch normalisation still updates its running statistics in training mode, as in PyTorch.
/// </summary>
public static class NetworkFreezing
{
    /// <summary>Freezes the parameters of the named layers, or of every layer when none is named.</summary>
    /// <param name="network">The network.</param>
    /// <param name="layers">Layer names, as <see cref="GraphNode.Name"/> gives them.</param>
    /// <exception cref="ArgumentException">A name is not a layer of the network; nothing is changed then.</exception>
    public static void Freeze(this INetwork network, params string[] layers) => SetFrozen(network, layers, true);

    /// <summary>Unfreezes the parameters of the named layers, or of every layer when none is named, for fine-tuning.</summary>
    /// <param name="network">The network.</param>
    /// <param name="layers">Layer names, as <see cref="GraphNode.Name"/> gives them.</param>
    /// <exception cref="ArgumentException">A name is not a layer of the network; nothing is changed then.</exception>
    public static void Unfreeze(this INetwork network, params string[] layers) => SetFrozen(network, layers, false);

    /// <summary>
    /// Freezes every layer from the first up to and including <paramref name="layer"/>, a layer's name or a label of
    /// the network's source (<c>stem: ...</c>), and leaves the layers after it as they are: the usual "pretrained
    /// features" of transfer learning, with only the head left to train.
    /// </summary>
    /// <param name="network">The network.</param>
    /// <param name="layer">The last layer to freeze, by name or label.</param>
    /// <returns>The names of the layers frozen, in order.</returns>
    /// <exception cref="ArgumentException">The network has no layer or label of that name.</exception>
    public static IReadOnlyList<string> FreezeUpTo(this INetwork network, string layer)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrEmpty(layer);
        var nodes = network.Graph.Nodes;
        var last = -1;
        for (var i = 0; i < nodes.Count && last < 0; i++)
        {
            if (nodes[i].Name == layer || nodes[i].Label == layer)
                last = i;
        }
        if (last < 0)
            throw Unknown(network, layer, nameof(layer));
        var names = nodes.Take(last + 1).Select(n => n.Name).ToArray();
        SetFrozen(network, names, true);
        return names;
    }

    private static void SetFrozen(INetwork network, string[] layers, bool frozen)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(layers);
        var nodes = network.Graph.Nodes.ToDictionary(n => n.Name, StringComparer.Ordinal);
        if (Array.IndexOf(layers, null) >= 0)
            throw new ArgumentNullException(nameof(layers), "A layer name is null.");
        if (layers.FirstOrDefault(name => !nodes.ContainsKey(name)) is { } unknown)
            throw Unknown(network, unknown, nameof(layers));
        var tensors = layers.Length == 0
            ? network.Graph.Nodes.SelectMany(n => n.Parameters)
            : layers.SelectMany(name => nodes[name].Parameters);
        var chosen = tensors.ToHashSet(StringComparer.Ordinal);
        foreach (var parameter in network.Parameters)
        {
            if (chosen.Contains(parameter.Name))
                parameter.Frozen = frozen;
        }
    }

    private static ArgumentException Unknown(INetwork network, string name, string parameter) =>
        new(FormattableString.Invariant(
            $"{network.Graph.Name} has no layer '{name}'; its layers are {string.Join(", ", network.Graph.Nodes.Select(n => n.Label is null ? n.Name : $"{n.Name} ({n.Label})"))}."),
            parameter);
}
