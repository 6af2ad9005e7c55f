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
                string.Format(CultureInfo.InvariantCulture, "Buffer '{0}' is too short: it holds {1} values but [{2}, {3}] needs {4}.", name, length, rows, columns, needed),
                name);
    }

    /// <summary>Like <see cref="AtLeast"/>, but an empty buffer is accepted as "not wanted".</summary>
    public static void EmptyOrAtLeast(int length, int rows, int columns, string name)
    {
        if (length != 0)
            AtLeast(length, rows, columns, name);
    }
}
