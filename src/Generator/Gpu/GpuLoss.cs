using NetForge.Dsl.Model;
using static NetForge.Generator.CodeText;

namespace NetForge.Generator.Gpu;

/// <summary>The GPU back end's entry for a loss: the kernel that computes each sample's loss, its hits and the gradient.</summary>
internal static class GpuLoss
{
    /// <summary>Every entry, by the loss's name: the kernel of a plan's last training step's output of the given size.</summary>
    public static IReadOnlyDictionary<string, Func<int, GpuKernel>> All { get; } = new Dictionary<string, Func<int, GpuKernel>>
    {
        ["softmax_cross_entropy"] = classes => new GpuKernel(
            "SoftmaxCrossEntropy",
            [
                GpuArgument.Floats("logits", "Outputs"),
                new("Ints", "labels", "Labels"),
                GpuArgument.Floats("dLogits", "OutputsGradient"),
                new("Doubles", "losses", "SampleLosses"),
                new("Ints", "hits", "SampleHits"),
                new("int", "n", "n"),
            ],
            $"Gpu.SoftmaxCrossEntropy.ForwardBackward(thread, logits, labels, dLogits, losses, hits, n, {Integer(classes)})",
            "n"),
    };
}
