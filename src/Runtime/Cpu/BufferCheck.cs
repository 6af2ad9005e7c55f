using System.Globalization;

namespace NetForge.Cpu;

/// <summary>The argument checks every kernel makes once at entry, so that the loops can skip bounds checks.</summary>
internal static class BufferCheck
{
    public static void Size(int value, string name)
    {
        if (value < 0)
            throw new ArgumentOutOfRangeException(name, value, "A size cannot be negative.");
    }

    /// <summary>Throws unless <paramref name="length"/> holds at least <paramref name="rows"/> × <paramref name="columns"/> values.</summary>
    public static void AtLeast(int length, int rows, int columns, string name)
    {
        var needed = (long)rows * columns;
        if (length < needed)
            throw new ArgumentException(
                string.Format(CultureInfo.InvariantCulture, "Buffer '{0}' is too short: it holds {1} values but needs {2} × {3} = {4}.", name, length, rows, columns, needed),
                name);
    }

    /// <summary>
    /// Throws unless <paramref name="length"/> holds at least <paramref name="batch"/> × <paramref name="rows"/> ×
    /// <paramref name="columns"/> values. The product is taken in 64 bits, so that sizes whose product overflows an
    /// int are reported as too large for the buffer rather than wrapping round to a small count.
    /// </summary>
    public static void AtLeast(int length, int batch, int rows, int columns, string name)
    {
        var perSample = (long)rows * columns;
        var needed = perSample == 0 ? 0 : batch > long.MaxValue / perSample ? long.MaxValue : batch * perSample;
        if (length < needed)
            throw new ArgumentException(
                string.Format(CultureInfo.InvariantCulture, "Buffer '{0}' is too short: it holds {1} values but needs {2} × {3} × {4} = {5}.", name, length, batch, rows, columns, needed),
                name);
    }

    /// <summary>Like <see cref="AtLeast(int, int, int, string)"/>, but an empty buffer is accepted as "not wanted".</summary>
    public static void EmptyOrAtLeast(int length, int rows, int columns, string name)
    {
        if (length != 0)
            AtLeast(length, rows, columns, name);
    }

    public static void Positive(int value, string name)
    {
        if (value <= 0)
            throw new ArgumentOutOfRangeException(name, value, "The size must be positive.");
    }

    /// <summary>The checks of a class loss: positive sizes, scores of [batch, classes], and a valid label per sample.</summary>
    public static void ClassScores(int scoresLength, ReadOnlySpan<int> labels, int batch, int classes, string scoresName)
    {
        Positive(batch, nameof(batch));
        Positive(classes, nameof(classes));
        AtLeast(scoresLength, batch, classes, scoresName);
        AtLeast(labels.Length, batch, 1, nameof(labels));
        Labels(labels, batch, classes);
    }

    /// <summary>Throws unless every one of the first <paramref name="batch"/> labels is a class index.</summary>
    public static void Labels(ReadOnlySpan<int> labels, int batch, int classes)
    {
        for (var sample = 0; sample < batch; sample++)
        {
            var label = labels[sample];
            if ((uint)label >= (uint)classes)
                throw new ArgumentOutOfRangeException(nameof(labels), label,
                    string.Format(CultureInfo.InvariantCulture, "Sample {0} has label {1}, outside [0, {2}).", sample, label, classes));
        }
    }
}
