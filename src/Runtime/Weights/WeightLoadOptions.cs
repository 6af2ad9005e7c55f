namespace NetForge;

/// <summary>How <see cref="NetworkWeights.LoadWeights(INetwork, string, WeightLoadOptions?)"/> finds each of the
/// network's tensors in a file.</summary>
public enum WeightMatching
{
    /// <summary>By name: <c>dense1.weight</c> reads the file's <c>dense1.weight</c>, unless
    /// <see cref="WeightLoadOptions.NameMap"/> names another.</summary>
    ByName,

    /// <summary>
    /// By position, for files whose layers are named otherwise, such as a PyTorch <c>nn.Sequential</c>'s state dict
    /// (<c>0.weight</c>, <c>3.bias</c>): the file's tensors are grouped by what precedes their last dot, the groups
    /// ordered with numbers compared as numbers, and the n-th group with tensors feeds the network's n-th layer with
    /// tensors, matching the last part of the name (<c>weight</c>, <c>bias</c>, <c>running_mean</c>, ...).
    /// </summary>
    ByPosition,
}

/// <summary>Options for loading weights whose names or contents differ from the network's.</summary>
public sealed record WeightLoadOptions
{
    /// <summary>How tensors are matched; <see cref="WeightMatching.ByName"/> by default.</summary>
    public WeightMatching Matching { get; init; } = WeightMatching.ByName;

    /// <summary>
    /// For each network tensor named here (the key, e.g. <c>dense1.weight</c>), the file tensor to read instead (the
    /// value, e.g. <c>0.weight</c>). It applies with either kind of <see cref="Matching"/>.
    /// </summary>
    public IReadOnlyDictionary<string, string>? NameMap { get; init; }

    /// <summary>
    /// Whether to load only the tensors that are found with the right shape and skip the rest, as transfer learning
    /// does when a new head replaces the old one. The report says what was skipped and why. Without it, any missing
    /// or mismatched tensor fails the whole load and nothing changes.
    /// </summary>
    public bool Partial { get; init; }
}
