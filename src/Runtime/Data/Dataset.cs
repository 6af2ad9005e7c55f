namespace NetForge;

/// <summary>
/// Samples held in memory: features [count, sampleSize] row-major, with either one class label per sample or
/// target values [count, targetSize]. The arrays given to a constructor are kept, not copied, so that large
/// data sets are not duplicated; they must not be changed afterwards.
/// </summary>
public sealed class Dataset
{
    private readonly float[] _features;
    private readonly int[] _labels;
    private readonly float[] _targets;

    /// <summary>Creates a data set whose targets are class labels, rejecting non-finite features.</summary>
    /// <param name="features">The features, [count, sampleSize] row-major; each finite.</param>
    /// <param name="sampleSize">Values per sample.</param>
    /// <param name="labels">One label per sample, each in [0, <paramref name="classCount"/>).</param>
    /// <param name="classCount">The number of classes.</param>
    /// <exception cref="ArgumentException">The lengths do not match, a label is out of range, or a feature is not
    /// finite; the message names the sample.</exception>
    public Dataset(float[] features, int sampleSize, int[] labels, int classCount)
        : this(features, sampleSize, labels, classCount, checkFinite: true)
    {
    }

    /// <summary>Creates a data set whose targets are class labels.</summary>
    /// <param name="features">The features, [count, sampleSize] row-major; each finite.</param>
    /// <param name="sampleSize">Values per sample.</param>
    /// <param name="labels">One label per sample, each in [0, <paramref name="classCount"/>).</param>
    /// <param name="classCount">The number of classes.</param>
    /// <param name="checkFinite">Whether to reject NaN and infinite features. Pass false only for features known to
    /// be finite, such as those a loader mapped through a table it checked, to save one pass over them.</param>
    /// <exception cref="ArgumentException">The lengths do not match, a label is out of range, or (unless
    /// <paramref name="checkFinite"/> is false) a feature is not finite; the message names the sample.</exception>
    public Dataset(float[] features, int sampleSize, int[] labels, int classCount, bool checkFinite)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classCount);
        Count = CountSamples(features, sampleSize);
        if (labels.Length != Count)
            throw new ArgumentException(
                FormattableString.Invariant($"There are {labels.Length} labels for {Count} samples ({features.Length} features of {sampleSize} per sample)."), nameof(labels));
        for (var i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classCount)
                throw new ArgumentException(FormattableString.Invariant($"Label {labels[i]} of sample {i} is outside [0, {classCount})."), nameof(labels));
        }
        if (checkFinite)
            CheckFinite(features, sampleSize, "feature", nameof(features));
        _features = features;
        _labels = labels;
        _targets = [];
        SampleSize = sampleSize;
        TargetKind = TargetKind.ClassLabels;
        ClassCount = classCount;
    }

    /// <summary>Creates a data set whose targets are real values, rejecting non-finite features and targets.</summary>
    /// <param name="features">The features, [count, sampleSize] row-major; each finite.</param>
    /// <param name="sampleSize">Values per sample.</param>
    /// <param name="targets">The targets, [count, targetSize] row-major; each finite.</param>
    /// <param name="targetSize">Target values per sample.</param>
    /// <exception cref="ArgumentException">The lengths do not match or a feature or target is not finite; the message
    /// names the sample.</exception>
    public Dataset(float[] features, int sampleSize, float[] targets, int targetSize)
        : this(features, sampleSize, targets, targetSize, checkFinite: true)
    {
    }

    /// <summary>Creates a data set whose targets are real values.</summary>
    /// <param name="features">The features, [count, sampleSize] row-major; each finite.</param>
    /// <param name="sampleSize">Values per sample.</param>
    /// <param name="targets">The targets, [count, targetSize] row-major; each finite.</param>
    /// <param name="targetSize">Target values per sample.</param>
    /// <param name="checkFinite">Whether to reject NaN and infinite features and targets. Pass false only for values
    /// known to be finite, to save one pass over them.</param>
    /// <exception cref="ArgumentException">The lengths do not match or (unless <paramref name="checkFinite"/> is
    /// false) a feature or target is not finite; the message names the sample.</exception>
    public Dataset(float[] features, int sampleSize, float[] targets, int targetSize, bool checkFinite)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetSize);
        Count = CountSamples(features, sampleSize);
        if (targets.Length != (long)Count * targetSize)
            throw new ArgumentException(
                FormattableString.Invariant($"There are {targets.Length} target values for {Count} samples of {targetSize} targets each; expected {(long)Count * targetSize}."),
                nameof(targets));
        if (checkFinite)
        {
            CheckFinite(features, sampleSize, "feature", nameof(features));
            CheckFinite(targets, targetSize, "target", nameof(targets));
        }
        _features = features;
        _labels = [];
        _targets = targets;
        SampleSize = sampleSize;
        TargetKind = TargetKind.Values;
        TargetSize = targetSize;
    }

    // Take's subsets come from a data set that was checked (or trusted) already, so nothing is checked again.
    private Dataset(Dataset whole, int count, float[] features, int[] labels, float[] targets)
    {
        _features = features;
        _labels = labels;
        _targets = targets;
        Count = count;
        SampleSize = whole.SampleSize;
        TargetKind = whole.TargetKind;
        ClassCount = whole.ClassCount;
        TargetSize = whole.TargetSize;
    }

    private static void CheckFinite(float[] values, int perSample, string what, string parameter)
    {
        var index = NonFinite.IndexOf(values);
        if (index >= 0)
            throw new ArgumentException(
                FormattableString.Invariant($"Sample {index / perSample} has a non-finite {what} ({values[index]}) at index {index % perSample}."), parameter);
    }

    private static int CountSamples(float[] features, int sampleSize)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleSize);
        if (features.Length % sampleSize != 0)
            throw new ArgumentException(
                FormattableString.Invariant($"{features.Length} feature values do not split into samples of {sampleSize}."), nameof(features));
        return features.Length / sampleSize;
    }

    /// <summary>The number of samples.</summary>
    public int Count { get; }

    /// <summary>Feature values per sample.</summary>
    public int SampleSize { get; }

    /// <summary>Whether the targets are class labels or real values.</summary>
    public TargetKind TargetKind { get; }

    /// <summary>The number of classes; 0 when the targets are values.</summary>
    public int ClassCount { get; }

    /// <summary>Target values per sample; 0 when the targets are class labels.</summary>
    public int TargetSize { get; }

    /// <summary>How many outputs a network needs for these targets: the class count or the target size.</summary>
    public int OutputSize => TargetKind == TargetKind.ClassLabels ? ClassCount : TargetSize;

    /// <summary>The features of sample <paramref name="index"/>.</summary>
    public ReadOnlySpan<float> Sample(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
        return _features.AsSpan(index * SampleSize, SampleSize);
    }

    /// <summary>The class label of sample <paramref name="index"/>.</summary>
    /// <exception cref="InvalidOperationException">The targets are values, not class labels.</exception>
    public int Label(int index)
    {
        if (TargetKind != TargetKind.ClassLabels)
            throw new InvalidOperationException("This data set has target values, not class labels.");
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
        return _labels[index];
    }

    /// <summary>The target values of sample <paramref name="index"/>.</summary>
    /// <exception cref="InvalidOperationException">The targets are class labels, not values.</exception>
    public ReadOnlySpan<float> Target(int index)
    {
        if (TargetKind != TargetKind.Values)
            throw new InvalidOperationException("This data set has class labels, not target values.");
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
        return _targets.AsSpan(index * TargetSize, TargetSize);
    }

    /// <summary>A copy of the first <paramref name="count"/> samples, e.g. a quick subset for tests.</summary>
    public Dataset Take(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Count);
        var features = _features.AsSpan(0, count * SampleSize).ToArray();
        return TargetKind == TargetKind.ClassLabels
            ? new Dataset(this, count, features, _labels.AsSpan(0, count).ToArray(), [])
            : new Dataset(this, count, features, [], _targets.AsSpan(0, count * TargetSize).ToArray());
    }

    /// <summary>
    /// Copies the samples at <paramref name="indices"/> and their targets into the first rows of
    /// <paramref name="buffers"/> and sets <see cref="NetworkBuffers.Count"/> to their number.
    /// </summary>
    /// <exception cref="ArgumentException">The buffers' sizes or target kind do not match this data set, or
    /// there are more indices than the buffers hold.</exception>
    public void CopyBatch(ReadOnlySpan<int> indices, NetworkBuffers buffers)
    {
        CheckBatch(indices.Length, buffers);
        foreach (var index in indices)
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(indices));
        for (var row = 0; row < indices.Length; row++)
        {
            var index = indices[row];
            Array.Copy(_features, index * SampleSize, buffers.Inputs, row * SampleSize, SampleSize);
            if (TargetKind == TargetKind.ClassLabels)
                buffers.Labels[row] = _labels[index];
            else
                Array.Copy(_targets, index * TargetSize, buffers.Targets, row * TargetSize, TargetSize);
        }
        buffers.Count = indices.Length;
    }

    /// <summary>
    /// Copies the <paramref name="count"/> samples from <paramref name="start"/> on and their targets into the
    /// first rows of <paramref name="buffers"/> and sets <see cref="NetworkBuffers.Count"/> to their number.
    /// </summary>
    /// <exception cref="ArgumentException">The buffers' sizes or target kind do not match this data set, or
    /// there are more samples than the buffers hold.</exception>
    public void CopyBatch(int start, int count, NetworkBuffers buffers)
    {
        CheckBatch(count, buffers);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start, Count - count);
        Array.Copy(_features, start * SampleSize, buffers.Inputs, 0, count * SampleSize);
        if (TargetKind == TargetKind.ClassLabels)
            Array.Copy(_labels, start, buffers.Labels, 0, count);
        else
            Array.Copy(_targets, start * TargetSize, buffers.Targets, 0, count * TargetSize);
        buffers.Count = count;
    }

    private void CheckBatch(int count, NetworkBuffers buffers)
    {
        ArgumentNullException.ThrowIfNull(buffers);
        var mismatch = Mismatch(buffers.InputSize, buffers.OutputSize, buffers.TargetKind, "the buffers");
        if (mismatch is not null)
            throw new ArgumentException(mismatch, nameof(buffers));
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count > buffers.Capacity)
            throw new ArgumentException(FormattableString.Invariant($"A batch of {count} samples does not fit buffers of capacity {buffers.Capacity}."), nameof(buffers));
    }

    /// <summary>Says how this data set does not fit a network's sizes, or returns null when it fits.</summary>
    internal string? Mismatch(int inputSize, int outputSize, TargetKind targetKind, string what)
    {
        if (targetKind != TargetKind)
            return FormattableString.Invariant($"The data set's targets are {Describe(TargetKind)} but {what} take {Describe(targetKind)}.");
        if (inputSize != SampleSize)
            return FormattableString.Invariant($"The data set's samples have {SampleSize} values but {what} take {inputSize} inputs.");
        if (outputSize != OutputSize)
            return TargetKind == TargetKind.ClassLabels
                ? FormattableString.Invariant($"The data set has {ClassCount} classes but {what} produce {outputSize} outputs.")
                : FormattableString.Invariant($"The data set's targets have {TargetSize} values but {what} produce {outputSize} outputs.");
        return null;
    }

    private static string Describe(TargetKind kind) => kind == TargetKind.ClassLabels ? "class labels" : "real values";
}
