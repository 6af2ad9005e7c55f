using NetForge.Dsl.Planning;
using static NetForge.Generator.CodeText;

namespace NetForge.Generator.Cpu;

/// <summary>
/// Where the CPU class keeps each buffer of the plan: batched passes use the fields of <c>b</c>, a
/// generated <c>Buffers</c> object; a single prediction uses spans on the stack.
/// </summary>
internal sealed class CpuNames
{
    private readonly bool _batched;

    private CpuNames(bool batched) => _batched = batched;

    /// <summary>The batched passes' names: <c>b.Inputs</c>, <c>b.Dense1</c>, <c>b.Outputs</c>.</summary>
    public static CpuNames Batched { get; } = new(true);

    /// <summary>A single prediction's names: <c>input</c>, <c>dense1</c>, <c>output</c>.</summary>
    public static CpuNames Single { get; } = new(false);

    /// <summary>The buffer holding a plan buffer's values.</summary>
    public string Of(PlanBuffer buffer) => buffer.Kind switch
    {
        BufferKind.Input => _batched ? "b.Inputs" : "input",
        BufferKind.Output => _batched ? "b.Outputs" : "output",
        _ => _batched ? "b." + Pascal(buffer.Name) : Camel(buffer.Name),
    };

    /// <summary>The buffer holding the gradient of the loss with respect to a plan buffer (batched passes only).</summary>
    public string GradientOf(PlanBuffer buffer) => Of(buffer) + "Grad";

    /// <summary>The buffer that collects the gradient a label's output receives through <c>add</c> and <c>concat</c>.</summary>
    public static string SkipGradient(string label) => "b." + Pascal(label) + "SkipGrad";

    /// <summary>The gradient of a parameter property as the backward and the L2 term pass it: empty while frozen.</summary>
    public static string GradientUnlessFrozen(string property) => $"Cpu.Tensors.UnlessFrozen({property}, b.{property}Grad)";

    /// <summary>The buffer a layer's training forward fills for its backward, e.g. <c>b.Dropout1Mask</c>.</summary>
    public static string Saved(string layer, string role) => "b." + Pascal(layer) + Pascal(role);

    /// <summary>A parameter or state tensor's property, e.g. <c>Dense1Weight</c>.</summary>
    public static string Tensor(string layer, string role) => Pascal(layer) + Pascal(role);

    private static string Camel(string name)
    {
        var pascal = Pascal(name);
        return char.ToLowerInvariant(pascal[0]) + pascal.Substring(1);
    }
}
