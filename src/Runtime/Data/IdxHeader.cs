using System.Buffers.Binary;
using System.Numerics;

namespace NetForge;

/// <summary>
/// Reads and checks the header of an IDX array: two zero bytes, the type code, the dimension count and one
/// big-endian 32-bit extent per dimension. Every extent must be positive and their product must fit in an array.
/// </summary>
internal static class IdxHeader
{
    private const byte UnsignedByteType = 0x08;

    /// <summary>Reads the header and returns the dimensions and the number of values they make.</summary>
    /// <exception cref="InvalidDataException">The header is cut short or not one of an IDX array of unsigned bytes.</exception>
    public static (int[] Dimensions, int Length) Read(IdxSource source)
    {
        var name = source.Name;
        Span<byte> header = stackalloc byte[4];
        var found = source.ReadFully(header);
        if (found < header.Length)
            throw new InvalidDataException(FormattableString.Invariant($"'{name}' is truncated: expected a 4-byte IDX header, found {found} bytes."));
        if (header[0] != 0 || header[1] != 0)
            throw new InvalidDataException(
                FormattableString.Invariant($"'{name}' is not an IDX file: it starts with 0x{header[0]:X2} 0x{header[1]:X2} 0x{header[2]:X2} 0x{header[3]:X2}, ") +
                "but IDX data starts with 0x00 0x00, a type code and a dimension count.");
        if (header[2] != UnsignedByteType)
            throw new InvalidDataException(
                FormattableString.Invariant($"'{name}' holds IDX values of type 0x{header[2]:X2} ({TypeName(header[2])}); only unsigned bytes (0x08) are supported."));
        int dimensionCount = header[3];
        if (dimensionCount == 0)
            throw new InvalidDataException(FormattableString.Invariant($"'{name}' declares no dimensions; an IDX array needs at least one."));

        Span<byte> extents = stackalloc byte[4 * dimensionCount];
        found = source.ReadFully(extents);
        if (found < extents.Length)
            throw new InvalidDataException(
                FormattableString.Invariant($"'{name}' is truncated: expected {extents.Length} bytes of dimensions, found {found}."));
        var dimensions = new int[dimensionCount];
        for (var i = 0; i < dimensionCount; i++)
        {
            // The IDX format's extents are signed, so one with the top bit set is negative, not merely large.
            dimensions[i] = BinaryPrimitives.ReadInt32BigEndian(extents[(4 * i)..]);
            if (dimensions[i] <= 0)
                throw new InvalidDataException(
                    FormattableString.Invariant($"'{name}' declares dimension {i} as {dimensions[i]} (0x{dimensions[i]:X8}); every extent must be positive."));
        }
        return (dimensions, Length(dimensions, name));
    }

    private static int Length(int[] dimensions, string name)
    {
        var length = BigInteger.One;
        foreach (var extent in dimensions)
            length *= extent;
        if (length > Array.MaxLength)
            throw new InvalidDataException(
                FormattableString.Invariant($"'{name}' declares dimensions [{IdxArray.Format(dimensions)}], which make {length} values; an array holds at most {Array.MaxLength}."));
        return (int)length;
    }

    private static string TypeName(byte type) => type switch
    {
        0x09 => "signed byte",
        0x0B => "16-bit integer",
        0x0C => "32-bit integer",
        0x0D => "32-bit float",
        0x0E => "64-bit float",
        _ => "not an IDX type",
    };
}
