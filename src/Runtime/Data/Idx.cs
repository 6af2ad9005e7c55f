using System.Buffers.Binary;
using System.IO.Compression;

namespace NetForge;

/// <summary>
/// Reads IDX files, the format of the MNIST family of data sets: two zero bytes, a type code, a dimension count,
/// one big-endian 32-bit extent per dimension, then the values. Gzip-compressed files are recognised by their
/// content, so a compressed file reads the same whatever its name.
/// </summary>
public static class Idx
{
    private const byte UnsignedByteType = 0x08;

    /// <summary>Reads an IDX file of unsigned bytes, plain or gzip-compressed.</summary>
    /// <param name="path">The file to read.</param>
    /// <returns>The dimensions and values the file holds.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a valid IDX file of unsigned bytes; the message names it.</exception>
    public static IdxArray Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
            throw new FileNotFoundException(FormattableString.Invariant($"IDX file '{path}' not found."), path);
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    /// <summary>Reads an IDX array of unsigned bytes, plain or gzip-compressed, from a stream.</summary>
    /// <param name="stream">The stream, positioned at the start of the IDX data; it is left open.</param>
    /// <param name="nameForMessages">What error messages call the data, usually its file path.</param>
    /// <returns>The dimensions and values the stream holds.</returns>
    /// <exception cref="InvalidDataException">The data is not a valid IDX array of unsigned bytes; the message names it.</exception>
    public static IdxArray Read(Stream stream, string nameForMessages)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(nameForMessages);
        // Looking at the first bytes needs a rewind, so a forward-only stream is buffered whole first.
        if (!stream.CanSeek)
        {
            var buffered = new MemoryStream();
            stream.CopyTo(buffered);
            buffered.Position = 0;
            return ReadSeekable(buffered, nameForMessages);
        }
        return ReadSeekable(stream, nameForMessages);
    }

    /// <summary>
    /// Reads a file of unsigned bytes straight into floats, each byte mapped through <paramref name="table"/>, in
    /// chunks: a large image file never needs its bytes and its floats in memory at once.
    /// </summary>
    internal static (int[] Dimensions, float[] Values) ReadMapped(string path, float[] table)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException(FormattableString.Invariant($"IDX file '{path}' not found."), path);
        using var stream = File.OpenRead(path);
        return Decode(stream, path, (source, dimensions, length, compressed) =>
        {
            var values = new float[length];
            var chunk = new byte[1 << 16];
            for (long done = 0; done < length;)
            {
                var want = (int)Math.Min(chunk.Length, length - done);
                var found = ReadFully(source, chunk.AsSpan(0, want), path, compressed);
                for (var i = 0; i < found; i++)
                    values[done + i] = table[chunk[i]];
                done += found;
                if (found < want)
                    throw Truncated(path, length, done);
            }
            return (dimensions, values);
        });
    }

    private static IdxArray ReadSeekable(Stream stream, string name) =>
        Decode(stream, name, (source, dimensions, length, compressed) =>
        {
            var data = new byte[length];
            var found = ReadFully(source, data, name, compressed);
            if (found < length)
                throw Truncated(name, length, found);
            return new IdxArray(dimensions, data);
        });

    /// <summary>Opens the data (decompressing it if it is gzip), reads the header, lets
    /// <paramref name="readValues"/> read the values, and checks that nothing follows them.</summary>
    private static T Decode<T>(Stream stream, string name, Func<Stream, int[], long, bool, T> readValues)
    {
        var start = stream.Position;
        Span<byte> signature = stackalloc byte[2];
        var signatureLength = ReadFully(stream, signature, name, compressed: false);
        stream.Position = start;
        if (signatureLength == 2 && signature[0] == 0x1F && signature[1] == 0x8B)
        {
            using var gzip = new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true);
            return ReadValues(gzip, compressed: true);
        }
        return ReadValues(stream, compressed: false);

        T ReadValues(Stream source, bool compressed)
        {
            var (dimensions, length) = ReadHeader(source, name, compressed);
            var result = readValues(source, dimensions, length, compressed);
            Span<byte> extra = stackalloc byte[1];
            if (ReadFully(source, extra, name, compressed) != 0)
                throw new InvalidDataException(
                    FormattableString.Invariant($"'{name}' has more data than its header declares: expected {length} bytes of data after the header."));
            return result;
        }
    }

    private static (int[] Dimensions, long Length) ReadHeader(Stream stream, string name, bool compressed)
    {
        Span<byte> header = stackalloc byte[4];
        var found = ReadFully(stream, header, name, compressed);
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
        found = ReadFully(stream, extents, name, compressed);
        if (found < extents.Length)
            throw new InvalidDataException(
                FormattableString.Invariant($"'{name}' is truncated: expected {extents.Length} bytes of dimensions, found {found}."));
        var dimensions = new int[dimensionCount];
        long length = 1;
        for (var i = 0; i < dimensionCount; i++)
        {
            var extent = BinaryPrimitives.ReadUInt32BigEndian(extents[(4 * i)..]);
            length *= extent;
            if (extent > int.MaxValue || length > Array.MaxLength)
                throw new InvalidDataException(
                    FormattableString.Invariant($"'{name}' declares dimension {i} as {extent}, which makes more values than an array can hold."));
            dimensions[i] = (int)extent;
        }

        // A plain file's size is known up front; checking it avoids allocating for a header that overstates it.
        if (!compressed && stream.Length - stream.Position < length)
            throw Truncated(name, length, stream.Length - stream.Position);
        return (dimensions, length);
    }

    private static InvalidDataException Truncated(string name, long expected, long found) =>
        new(FormattableString.Invariant($"'{name}' is truncated: expected {expected} bytes of data, found {found}."));

    private static int ReadFully(Stream stream, Span<byte> buffer, string name, bool compressed)
    {
        var total = 0;
        try
        {
            while (total < buffer.Length)
            {
                var read = stream.Read(buffer[total..]);
                if (read == 0)
                    break;
                total += read;
            }
        }
        catch (InvalidDataException e) when (compressed)
        {
            throw new InvalidDataException(FormattableString.Invariant($"'{name}' is not a valid gzip stream: {e.Message}"), e);
        }
        return total;
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
