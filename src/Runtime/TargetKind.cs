namespace NetForge;

/// <summary>What a network's loss compares its output with.</summary>
public enum TargetKind
{
    /// <summary>One integer class label per sample (softmax cross-entropy, hinge).</summary>
    ClassLabels,

    /// <summary>One real value per output unit per sample (mean squared error).</summary>
    Values,
}
