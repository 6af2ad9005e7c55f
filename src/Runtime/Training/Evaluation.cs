namespace NetForge;

/// <summary>How a network did on a data set.</summary>
/// <param name="Accuracy">The fraction of samples whose largest output is at their label; NaN when the targets are values.</param>
/// <param name="MeanLoss">The loss averaged over all samples.</param>
/// <param name="Count">The number of samples evaluated.</param>
public sealed record Evaluation(double Accuracy, double MeanLoss, int Count);
