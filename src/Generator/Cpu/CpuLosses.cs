using NetForge.Dsl.Model;
using static NetForge.Generator.CodeText;

namespace NetForge.Generator.Cpu;

/// <summary>The CPU back-end's entry for a loss: its kernel class, the targets it reads, and its description.</summary>
/// <param name="Kernel">The runtime class with <c>Forward</c> and <c>ForwardBackward</c>.</param>
/// <param name="Describe">The loss as the class summary describes it.</param>
/// <param name="Arguments">The arguments after the sizes, e.g. the hinge margin; empty for none.</param>
internal sealed record CpuLoss(string Kernel, Func<Loss, string> Describe, Func<Loss, string> Arguments)
{
    /// <summary>Every entry, by the loss's name.</summary>
    public static IReadOnlyDictionary<string, CpuLoss> All { get; } = new Dictionary<string, CpuLoss>
    {
        ["softmax_cross_entropy"] = new("SoftmaxCrossEntropy", _ => "softmax cross-entropy", _ => ""),
        ["hinge"] = new("Hinge", loss => "multiclass hinge, margin " + Number(loss.Margin), loss => ", " + Float(loss.Margin)),
        ["mse"] = new("MeanSquaredError", _ => "mean squared error", _ => ""),
    };

    /// <summary>The loss as the class summary describes it, with its L2 penalty when it has one.</summary>
    public string DescribeWithPenalty(Loss loss) =>
        Describe(loss) + (loss.L2 == 0 ? "" : ", plus L2 " + Number(loss.L2) + "·Σw² over the weights");

    /// <summary>The buffer holding a batch's targets.</summary>
    public static string Targets(Loss loss) => loss.Definition.TakesClassLabels ? "b.Labels" : "b.Targets";
}
