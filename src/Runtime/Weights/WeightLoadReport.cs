namespace NetForge;

/// <summary>What a load of weights did: which network tensors it filled, which it skipped, which file tensors it left.</summary>
public sealed class WeightLoadReport
{
    internal WeightLoadReport(IReadOnlyList<string> loaded, IReadOnlyList<string> skipped, IReadOnlyList<string> unused)
    {
        Loaded = loaded;
        Skipped = skipped;
        Unused = unused;
    }

    /// <summary>The names of the network's tensors that were loaded, in the network's order.</summary>
    public IReadOnlyList<string> Loaded { get; }

    /// <summary>One line per network tensor a partial load left as it was, saying why.</summary>
    public IReadOnlyList<string> Skipped { get; }

    /// <summary>The file's tensors that no network tensor read, such as batch norm's <c>num_batches_tracked</c>.</summary>
    public IReadOnlyList<string> Unused { get; }

    /// <inheritdoc />
    public override string ToString() => FormattableString.Invariant(
        $"loaded {Loaded.Count} tensors, skipped {Skipped.Count}, left {Unused.Count} of the file's unused");
}
