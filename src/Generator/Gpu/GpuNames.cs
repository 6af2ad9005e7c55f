using NetForge.Dsl.Planning;
using static NetForge.Generator.CodeText;

namespace NetForge.Generator.Gpu;

/// <summary>
/// Where the device class keeps each buffer of the plan: the base class's <c>Inputs</c>, <c>Outputs</c> and
/// <c>OutputsGradient</c>, and fields of its own for the steps' outputs, their gradients and the parameters' views.
/// </summary>
internal static class GpuNames
{
    /// <summary>The buffer holding a plan buffer's values.</summary>
    public static string Of(PlanBuffer buffer) => buffer.Kind switch
    {
        BufferKind.Input => "Inputs",
        BufferKind.Output => "Outputs",
        _ => Field(buffer.Name),
    };

    /// <summary>The buffer holding the gradient of the loss with respect to a plan buffer.</summary>
    public static string GradientOf(PlanBuffer buffer) => buffer.Kind == BufferKind.Output ? "OutputsGradient" : Of(buffer) + "Grad";

    /// <summary>A parameter's view, e.g. <c>_dense1Weight</c>.</summary>
    public static string Parameter(string layer, string role) => Field(layer) + Pascal(role);

    /// <summary>A parameter's gradient's view, e.g. <c>_dense1WeightGrad</c>.</summary>
    public static string ParameterGradient(string layer, string role) => Parameter(layer, role) + "Grad";

    /// <summary>A state tensor's view, e.g. <c>_batchnorm1RunningMean</c>.</summary>
    public static string State(string layer, string role) => Parameter(layer, role);

    /// <summary>A buffer a layer's training forward fills for its backward, e.g. <c>_dropout1Mask</c>.</summary>
    public static string Saved(string layer, string role) => Parameter(layer, role);

    /// <summary>The buffer that collects the gradient a label's output receives through <c>add</c> and <c>concat</c>.</summary>
    public static string SkipGradient(string label) => Field(label) + "SkipGrad";

    /// <summary>The field of a name: <c>dense1</c> → <c>_dense1</c>.</summary>
    public static string Field(string name)
    {
        var pascal = Pascal(name);
        return "_" + char.ToLowerInvariant(pascal[0]) + pascal.Substring(1);
    }
}
