using NetForge.Dsl.Model;

namespace NetForge.Dsl.Planning;

/// <summary>One fused unit of work that a back-end emits as one kernel call (forward) and one backward call.</summary>
/// <param name="Layer">The layer that does the main work.</param>
/// <param name="Activation">An activation fused into it (applied to its output, its derivative in the backward), or null.</param>
/// <param name="InferenceOnly">True for a final softmax that training leaves to the fused softmax cross-entropy.</param>
public sealed record Step(Layer Layer, Layer? Activation, bool InferenceOnly)
{
    /// <summary>The name of the step's output: its main layer's name.</summary>
    public string Name => Layer.Name;

    /// <summary>The shape the step yields.</summary>
    public Shape Output => (Activation ?? Layer).Output;

    /// <summary>The label naming the step's output, if any (it sits on the step's last layer).</summary>
    public string? Label => (Activation ?? Layer).Label;

    /// <summary>The step's layers written as a title: <c>dense1 + relu1</c>.</summary>
    public string Title => Activation is null ? Layer.Name : Layer.Name + " + " + Activation.Name;
}
