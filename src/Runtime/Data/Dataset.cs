using System.Runtime.CompilerServices;

namespace NetForge;

/// <summary>
/// Samples held in memory: features [count, sampleSize] row-major, with either one class label per sample or
/// target values [count, targetSize]. The arrays given to a constructor are kept, not copied, so that large
/// data sets are not duplicated; they must not be changed afterwards. Features are floats, or bytes that a table maps
/// to floats when a batch is copied (<see cref="FromBytes"/>), as 8-bit images are kept in a quarter of the memory.
/// </summary>
public sealed class Dataset
{
    private readonly float[] _features;
    private readonly int[] _labels;
    private readonly float[] _targets;

    // A data set of bytes keeps them and the 256 floats they stand for; _features is empty then.
    private readonly byte[]? _bytes;
    private readonly float[]? _values;
    private float[]? _sample;

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
        ArgumentNullException.ThrowIfNull(features);
        Count = CountSamples(features.Length, sampleSize, nameof(features));
        CheckLabels(labels, Count, classCount, features.Length, sampleSize);
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
        ArgumentNullException.ThrowIfNull(features);
        Count = CountSamples(features.Length, sampleSize, nameof(features));
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
    private Dataset(Dataset whole, int count, float[] features, byte[]? bytes, int[] labels, float[] targets)
    {
        _features = features;
        _bytes = bytes;
        _values = whole._values;
        _labels = labels;
        _targets = targets;
        Count = count;
        SampleSize = whole.SampleSize;
        TargetKind = whole.TargetKind;
        ClassCount = whole.ClassCount;
        TargetSize = whole.TargetSize;
    }

    /// <summary>
    /// Creates a data set of class labels whose features are bytes, each standing for <c>values[byte]</c>: the
    /// floats are made only when a sample is read or a batch copied, so the features take a quarter of the memory.
    /// The Fashion-MNIST and MNIST loaders keep their images so, with the table of their normalisation.
    /// </summary>
    /// <param name="features">The bytes, [count, sampleSize] row-major.</param>
    /// <param name="sampleSize">Values per sample.</param>
    /// <param name="labels">One label per sample, each in [0, <paramref name="classCount"/>).</param>
    /// <param name="classCount">The number of classes.</param>
    /// <param name="values">The feature each of the 256 byte values stands for; each finite.</param>
    /// <exception cref="ArgumentException">The lengths do not match, a label is out of range, or the table does not
    /// hold 256 finite values.</exception>
    public static Dataset FromBytes(byte[] features, int sampleSize, int[] labels, int classCount, float[] values)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != 256)
            throw new ArgumentException(FormattableString.Invariant($"The table has {values.Length} values; a byte needs 256."), nameof(values));
        var nonFinite = NonFinite.IndexOf(values);
        if (nonFinite >= 0)
            throw new ArgumentException(FormattableString.Invariant($"The table maps byte {nonFinite} to {values[nonFinite]}; every value must be finite."), nameof(values));
        var count = CountSamples(features.Length, sampleSize, nameof(features));
        CheckLabels(labels, count, classCount, features.Length, sampleSize);
        return new Dataset(features, (float[])values.Clone(), count, sampleSize, labels, classCount);
    }

    private Dataset(byte[] bytes, float[] values, int count, int sampleSize, int[] labels, int classCount)
    {
        _features = [];
        _bytes = bytes;
        _values = values;
        _labels = labels;
        _targets = [];
        Count = count;
        SampleSize = sampleSize;
        TargetKind = TargetKind.ClassLabels;
        ClassCount = classCount;
    }

    private static void CheckLabels(int[] labels, int count, int classCount, int featureCount, int sampleSize)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classCount);
        if (labels.Length != count)
            throw new ArgumentException(
                FormattableString.Invariant($"There are {labels.Length} labels for {count} samples ({featureCount} features of {sampleSize} per sample)."), nameof(labels));
        for (var i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classCount)
                throw new ArgumentException(FormattableString.Invariant($"Label {labels[i]} of sample {i} is outside [0, {classCount})."), nameof(labels));
        }
    }

    private static void CheckFinite(float[] values, int perSample, string what, string parameter)
    {
        var index = NonFinite.IndexOf(values);
        if (index >= 0)
            throw new ArgumentException(
                FormattableString.Invariant($"Sample {index / perSample} has a non-finite {what} ({values[index]}) at index {index % perSample}."), parameter);
    }

    private static int CountSamples(int length, int sampleSize, string parameter)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleSize);
        if (length % sampleSize != 0)
            throw new ArgumentException(
                FormattableString.Invariant($"{length} feature values do not split into samples of {sampleSize}."), parameter);
        return length / sampleSize;
    }

    /// <summary>The features as bytes with their table of 256 values, or nulls for a data set of floats.</summary>
    internal (byte[]? Bytes, float[]? Values) ByteFeatures => (_bytes, _values);

    /// <summary>The features of a data set of floats, [count, sampleSize]; empty for one of bytes.</summary>
    internal float[] FloatFeatures => _features;

    /// <summary>The class labels, one per sample; empty for a data set of target values.</summary>
    internal int[] Labels => _labels;

    /// <summary>The target values, [count, targetSize]; empty for a data set of class labels.</summary>
    internal float[] TargetValues => _targets;

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
    /// <remarks>For a data set of bytes (<see cref="FromBytes"/>) the span is one buffer of the data set, valid until the
    /// next call on any thread; <see cref="CopySample"/> writes a sample where the caller wants it.</remarks>
    public ReadOnlySpan<float> Sample(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
        if (_bytes is null)
            return _features.AsSpan(index * SampleSize, SampleSize);
        _sample ??= new float[SampleSize];
        CopyRow(index, _sample);
        return _sample;
    }

    /// <summary>Copies the features of sample <paramref name="index"/> to <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> holds fewer than <see cref="SampleSize"/> values.</exception>
    public void CopySample(int index, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
        if (destination.Length < SampleSize)
            throw new ArgumentException(FormattableString.Invariant($"A sample has {SampleSize} values; the destination holds {destination.Length}."), nameof(destination));
        CopyRow(index, destination);
    }

    private void CopyRow(int index, Span<float> destination) => CopyRows(index, 1, destination);

    // How many rows ahead of the one being copied a shuffled batch fetches.
    private const int PrefetchDistance = 4;

    private void PrefetchRow(int index)
    {
        if (_bytes is null)
            CacheHint.Prefetch<float>(_features.AsSpan(index * SampleSize, SampleSize));
        else
            CacheHint.Prefetch<byte>(_bytes.AsSpan(index * SampleSize, SampleSize));
    }

    // The rows from start on, decoded through the table for a data set of bytes.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void CopyRows(int start, int count, Span<float> destination)
    {
        var length = count * SampleSize;
        if (_bytes is null)
        {
            _features.AsSpan(start * SampleSize, length).CopyTo(destination);
            return;
        }
        ByteTable.Decode(_bytes.AsSpan(start * SampleSize, length), _values!, destination);
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
        var features = _features.AsSpan(0, _bytes is null ? count * SampleSize : 0).ToArray();
        var bytes = _bytes?.AsSpan(0, count * SampleSize).ToArray();
        return TargetKind == TargetKind.ClassLabels
            ? new Dataset(this, count, features, bytes, _labels.AsSpan(0, count).ToArray(), [])
            : new Dataset(this, count, features, bytes, [], _targets.AsSpan(0, count * TargetSize).ToArray());
    }

    /// <summary>
    /// Copies the samples at <paramref name="indices"/> and their targets into the first rows of
    /// <paramref name="buffers"/> and sets <see cref="NetworkBuffers.Count"/> to their number.
    /// </summary>
    /// <exception cref="ArgumentException">The buffers' sizes or target kind do not match this data set, or
    /// there are more indices than the buffers hold.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public unsafe void CopyBatch(ReadOnlySpan<int> indices, NetworkBuffers buffers)
    {
        CheckBatch(indices.Length, buffers);
        foreach (var index in indices)
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(indices));
        // Within a trainer's threads, a large batch's rows are shared out: each fetches its rows from memory.
        if (Cpu.Workers.Current is { } workers && (long)indices.Length * SampleSize >= SplitValues)
        {
            fixed (int* rows = indices)
                workers.SplitRange(new RowCopy(this, rows, buffers.Inputs), indices.Length);
        }
        else
            CopyShuffledRows(indices, 0, indices.Length, buffers.Inputs);
        for (var row = 0; row < indices.Length; row++)
        {
            var index = indices[row];
            if (TargetKind == TargetKind.ClassLabels)
                buffers.Labels[row] = _labels[index];
            else
                Array.Copy(_targets, index * TargetSize, buffers.Targets, row * TargetSize, TargetSize);
        }
        buffers.Count = indices.Length;
    }

    // Some 10 µs of decoding, against a hand-over of about a microsecond.
    private const int SplitValues = 1 << 14;

    /// <summary>The rows <paramref name="first"/> to <paramref name="first"/> + <paramref name="count"/> of a shuffled batch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void CopyShuffledRows(ReadOnlySpan<int> indices, int first, int count, float[] inputs)
    {
        var end = first + count;
        for (var row = first; row < Math.Min(first + PrefetchDistance, end); row++)
            PrefetchRow(indices[row]);
        for (var row = first; row < end; row++)
        {
            if (row + PrefetchDistance < end)
                PrefetchRow(indices[row + PrefetchDistance]);
            CopyRow(indices[row], inputs.AsSpan(row * SampleSize, SampleSize));
        }
    }

    /// <summary>Some rows of a shuffled batch, for a worker.</summary>
    private readonly unsafe struct RowCopy(Dataset data, int* indices, float[] inputs) : Cpu.IRangePass
    {
        public void Run(int start, int count) => data.CopyShuffledRows(new ReadOnlySpan<int>(indices, start + count), start, count, inputs);
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
        CopyRows(start, count, buffers.Inputs);
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
