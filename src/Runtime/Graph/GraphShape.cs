using System.Globalization;

namespace NetForge;

/// <summary>The checks and text of the per-sample shapes a <see cref="NetworkGraph"/> holds.</summary>
internal static class GraphShape
{
    public static IReadOnlyList<int> Copy(IReadOnlyList<int> shape, string parameter)
    {
        ArgumentNullException.ThrowIfNull(shape, parameter);
        var copy = shape.ToArray();
        if (copy.Length == 0 || Array.Exists(copy, extent => extent <= 0))
            throw new ArgumentException($"A shape needs at least one extent, each positive, not {Text(copy)}.", parameter);
        return Array.AsReadOnly(copy);
    }

    public static string Text(IReadOnlyList<int> shape) =>
        "[" + string.Join(", ", shape.Select(extent => extent.ToString(CultureInfo.InvariantCulture))) + "]";
}
