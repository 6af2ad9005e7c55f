namespace NetForge.Dsl.Model;

/// <summary>One loss of the language: its name, its arguments, and what it needs of the network.</summary>
/// <param name="Name">The loss's name in the language, e.g. <c>softmax_cross_entropy</c>.</param>
/// <param name="Arguments">The loss's arguments.</param>
/// <param name="TakesClassLabels">True when the targets are class indices; false for real-valued targets.</param>
/// <param name="AppliesSoftmax">True when the loss computes the softmax of the scores itself, so that a final softmax
/// layer is only needed at inference.</param>
public sealed record LossDefinition(string Name, IReadOnlyList<ArgumentSpec> Arguments, bool TakesClassLabels, bool AppliesSoftmax);
