using NetForge.Dsl.Model;

namespace NetForge.Dsl.Planning;

/// <summary>One fused unit of work that a back-end emits as one kernel call (forward) and one backward call.</summary>
/// <param name="Layer">The layer that does the main work.</param>
/// <param name="Activation">An activation fused into it (applied to its output, its derivative in the backward), or null.</param>
/// <param name="InferenceOnly">True for a final softmax that training leaves to the fused softmax cross-entropy.</param>
/// <param name="Pool">A pooling fused after the activation (a convolution's), which reduces the activated output
/// while it is still in the cache, or null.</param>
public sealed record Step(Layer Layer, Layer? Activation, bool InferenceOnly, Layer? Pool = null)
{
    /// <summary>The name of the step's output: its main layer's name.</summary>
    public string Name => Layer.Name;

    /// <summary>The shape the step yields.</summary>
    public Shape Output => Last.Output;

    /// <summary>The shape of the activated output, before a fused pooling reduces it.</summary>
    public Shape Activated => (Activation ?? Layer).Output;

    /// <summary>The label naming the step's output, if any (it sits on the step's last layer).</summary>
    public string? Label => Last.Label;

    /// <summary>The step's layers written as a title: <c>conv1 + relu1 + maxpool1</c>.</summary>
    public string Title => string.Join(" + ", Layers.Select(layer => layer.Name));

    /// <summary>The step's layers in forward order.</summary>
    public IEnumerable<Layer> Layers => new[] { Layer, Activation, Pool }.OfType<Layer>();

    private Layer Last => Pool ?? Activation ?? Layer;
}
