using NetForge.Dsl.Model;
using static NetForge.Generator.CodeText;

namespace NetForge.Generator.Gpu;

/// <summary>The GPU back end's entry for each loss: the kernel that computes each sample's loss, its hit and the gradient.</summary>
internal static class GpuLoss
{
    /// <summary>Every entry, by the loss's name: its kernel for the loss and the size of the last training step's output.</summary>
    public static IReadOnlyDictionary<string, Func<Loss, int, GpuKernel>> All { get; } = new Dictionary<string, Func<Loss, int, GpuKernel>>
    {
        ["softmax_cross_entropy"] = (_, classes) => Classifying("SoftmaxCrossEntropy", $"Gpu.SoftmaxCrossEntropy.ForwardBackward(thread, scores, labels, dScores, losses, hits, n, {Integer(classes)})"),
        ["hinge"] = (loss, classes) => Classifying("Hinge", $"Gpu.Losses.Hinge(thread, scores, labels, dScores, losses, hits, n, {Integer(classes)}, {Float(loss.Margin)})"),
        ["mse"] = (_, size) => new GpuKernel(
            "MeanSquaredError",
            [
                GpuArgument.Floats("predictions", "Outputs"),
                GpuArgument.Floats("targets", "Targets"),
                GpuArgument.Floats("dPredictions", "OutputsGradient"),
                new("Doubles", "losses", "SampleLosses"),
                new("Ints", "hits", "SampleHits"),
                new("int", "n", "n"),
            ],
            $"Gpu.Losses.MeanSquaredError(thread, predictions, targets, dPredictions, losses, hits, n, {Integer(size)})",
            "n"),
    };

    private static GpuKernel Classifying(string name, string body) => new(
        name,
        [
            GpuArgument.Floats("scores", "Outputs"),
            new("Ints", "labels", "Labels"),
            GpuArgument.Floats("dScores", "OutputsGradient"),
            new("Doubles", "losses", "SampleLosses"),
            new("Ints", "hits", "SampleHits"),
            new("int", "n", "n"),
        ],
        body,
        "n");
}
