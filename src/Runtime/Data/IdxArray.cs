using System.Globalization;

namespace NetForge;

/// <summary>The contents of an IDX file of unsigned bytes: its dimensions and its values, row-major.</summary>
public sealed class IdxArray
{
    /// <summary>Wraps dimensions and values without copying them.</summary>
    /// <param name="dimensions">The extent of each dimension, outermost first; at least one, every one positive, as
    /// <see cref="Idx"/> requires of a file's header.</param>
    /// <param name="data">The values, row-major; as many as the product of <paramref name="dimensions"/>.</param>
    public IdxArray(int[] dimensions, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        ArgumentNullException.ThrowIfNull(data);
        if (dimensions.Length == 0)
            throw new ArgumentException("An IDX array needs at least one dimension.", nameof(dimensions));
        long length = 1;
        foreach (var extent in dimensions)
        {
            // A zero extent would also let the product of the inner extents, ItemSize, overflow unnoticed.
            if (extent <= 0)
                throw new ArgumentException(FormattableString.Invariant($"The dimensions [{Format(dimensions)}] include an extent that is not positive."), nameof(dimensions));
            length *= extent;
            if (length > Array.MaxLength)
                throw new ArgumentException(FormattableString.Invariant($"The dimensions [{Format(dimensions)}] hold more values than an array can."), nameof(dimensions));
        }
        if (data.Length != length)
            throw new ArgumentException(
                FormattableString.Invariant($"The dimensions [{Format(dimensions)}] hold {length} values but {data.Length} were given."), nameof(data));
        Dimensions = dimensions;
        Data = data;
    }

    /// <summary>The extent of each dimension, outermost first. Shared, not copied: do not change it.</summary>
    public int[] Dimensions { get; }

    /// <summary>The values, row-major. Shared, not copied.</summary>
    public byte[] Data { get; }

    /// <summary>The number of items: the extent of the outermost dimension.</summary>
    public int Count => Dimensions[0];

    /// <summary>Values per item: the product of every extent but the outermost.</summary>
    public int ItemSize
    {
        get
        {
            var size = 1;
            for (var i = 1; i < Dimensions.Length; i++)
                size *= Dimensions[i];
            return size;
        }
    }

    /// <summary>Writes extents as a comma-separated list, the same in every culture.</summary>
    internal static string Format(ReadOnlySpan<int> dimensions)
    {
        var parts = new string[dimensions.Length];
        for (var i = 0; i < parts.Length; i++)
            parts[i] = dimensions[i].ToString(CultureInfo.InvariantCulture);
        return string.Join(", ", parts);
    }
}
