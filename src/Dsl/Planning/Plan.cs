using NetForge.Dsl.Model;

namespace NetForge.Dsl.Planning;

/// <summary>
/// A network planned for the back-ends, which only read it: its fused steps and the buffers of each pass. Like
/// everything in the generator's pipeline it is immutable and equal by value, so keep it so: a change that only
/// moves a network in its file must leave an equal plan, and the generator then reuses its output.
/// </summary>
/// <param name="Network">The checked network.</param>
/// <param name="Steps">Every step in forward order, the inference-only ones included.</param>
/// <param name="Training">What a training step runs: the steps up to the loss, in training mode, with their backward.</param>
/// <param name="Evaluation">What a batched evaluation runs: the same steps in inference mode, stopping where the loss starts.</param>
/// <param name="Prediction">What a prediction runs: every step, in inference mode.</param>
public sealed record Plan(Network Network, EquatableArray<Step> Steps, Pass Training, Pass Evaluation, Pass Prediction)
{
    /// <summary>The non-trainable state of the network, layer by layer.</summary>
    public IEnumerable<(Layer Layer, Parameter Tensor)> State =>
        Network.Layers.SelectMany(layer => layer.State.Select(tensor => (layer, tensor)));
}
