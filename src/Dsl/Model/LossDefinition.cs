namespace NetForge.Dsl.Model;

/// <summary>One loss of the language: its name, its arguments, and what it needs of the network. An entry of the
/// op table, not a pipeline value: models hold the loss's name.</summary>
public sealed class LossDefinition
{
    /// <summary>Creates a loss entry.</summary>
    /// <param name="name">The loss's name in the language, e.g. <c>softmax_cross_entropy</c>.</param>
    /// <param name="arguments">The loss's arguments.</param>
    /// <param name="takesClassLabels">True when the targets are class indices; false for real-valued targets.</param>
    /// <param name="appliesSoftmax">True when the loss computes the softmax of the scores itself, so that a final
    /// softmax layer is only needed at inference.</param>
    public LossDefinition(string name, IReadOnlyList<ArgumentSpec> arguments, bool takesClassLabels, bool appliesSoftmax)
    {
        Name = name;
        Arguments = arguments;
        TakesClassLabels = takesClassLabels;
        AppliesSoftmax = appliesSoftmax;
    }

    /// <summary>The loss's name in the language.</summary>
    public string Name { get; }

    /// <summary>The loss's arguments.</summary>
    public IReadOnlyList<ArgumentSpec> Arguments { get; }

    /// <summary>True when the targets are class indices; false for real-valued targets.</summary>
    public bool TakesClassLabels { get; }

    /// <summary>True when the loss computes the softmax of the scores itself.</summary>
    public bool AppliesSoftmax { get; }
}
