using System.Globalization;

namespace NetForge.Cpu;

/// <summary>The checks the layer shapes make on construction.</summary>
internal static class ShapeCheck
{
    public static void Positive(int value, string name)
    {
        if (value <= 0)
            throw new ArgumentOutOfRangeException(name, value, string.Format(CultureInfo.InvariantCulture, "{0} must be positive.", name));
    }

    /// <summary>Throws unless a size derived from the shape fits in an int, the limit of a span.</summary>
    public static void Fits(long size, string what)
    {
        if (size > int.MaxValue)
            throw new ArgumentException(string.Format(CultureInfo.InvariantCulture,
                "{0} would hold {1} values, more than a buffer can ({2}).", what, size, int.MaxValue));
    }
}
