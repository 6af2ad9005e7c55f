namespace NetForge;

/// <summary>
/// Splits the sample indices [0, count) into batches in an order reshuffled every epoch. The order depends only
/// on the seed and the epoch number, so a run can be repeated, or resumed at any epoch, exactly.
/// </summary>
public sealed class Minibatches
{
    private readonly int[] _order;
    private int _epoch = int.MinValue;

    /// <summary>Prepares batches for a data set of <paramref name="count"/> samples.</summary>
    /// <param name="count">The number of samples.</param>
    /// <param name="batchSize">Samples per batch.</param>
    /// <param name="seed">Fixes the order of every epoch.</param>
    /// <param name="dropLast">Whether to leave out the final batch when it would be smaller than <paramref name="batchSize"/>.</param>
    public Minibatches(int count, int batchSize, int seed, bool dropLast = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        SampleCount = count;
        BatchSize = batchSize;
        Seed = seed;
        DropLast = dropLast;
        BatchCount = dropLast ? count / batchSize : (count + batchSize - 1) / batchSize;
        _order = new int[count];
    }

    /// <summary>The number of samples shuffled.</summary>
    public int SampleCount { get; }

    /// <summary>Samples per batch; only the last batch may be smaller, and only without <see cref="DropLast"/>.</summary>
    public int BatchSize { get; }

    /// <summary>The seed that fixes every epoch's order.</summary>
    public int Seed { get; }

    /// <summary>Whether a final batch smaller than <see cref="BatchSize"/> is left out.</summary>
    public bool DropLast { get; }

    /// <summary>The number of batches per epoch.</summary>
    public int BatchCount { get; }

    /// <summary>The current epoch's order of all samples, including those a dropped last batch leaves out.</summary>
    public ReadOnlySpan<int> Order => _order;

    /// <summary>Arranges the order for <paramref name="epoch"/>; the batches then follow it. Allocates nothing.</summary>
    public void Shuffle(int epoch)
    {
        if (epoch == _epoch)
            return;
        for (var i = 0; i < _order.Length; i++)
            _order[i] = i;
        // Seed and epoch fill separate halves of the state, so no two (seed, epoch) pairs share a sequence.
        var random = new SplitMix64(((ulong)(uint)Seed << 32) | (uint)epoch);
        for (var i = _order.Length - 1; i > 0; i--)
        {
            var j = random.NextBelow(i + 1);
            (_order[i], _order[j]) = (_order[j], _order[i]);
        }
        _epoch = epoch;
    }

    /// <summary>The indices of batch <paramref name="index"/> in the order of the last <see cref="Shuffle"/>.</summary>
    public ReadOnlySpan<int> Batch(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)BatchCount, nameof(index));
        if (_epoch == int.MinValue)
            throw new InvalidOperationException("Call Shuffle with the epoch number before asking for batches.");
        var start = index * BatchSize;
        return _order.AsSpan(start, Math.Min(BatchSize, SampleCount - start));
    }
}
