using System.IO.Compression;

namespace NetForge;

/// <summary>
/// Reads IDX files, the format of the MNIST family of data sets: two zero bytes, a type code, a dimension count,
/// one big-endian 32-bit extent per dimension, then the values. Gzip-compressed files are recognised by their
/// content, so a compressed file reads the same whatever its name.
/// </summary>
/// <remarks>
/// A header's claim is never trusted with memory. A plain file's size must match its header before anything is
/// allocated. A compressed file's size says little about what it decompresses to, so its values go into an array
/// that starts at 2^20 values or 8 times the compressed size, whichever is larger (and no larger than the header
/// declares), and doubles only as the data fills it, never beyond the header's count: a short file whose header
/// claims millions of images fails after allocating a few megabytes.
/// </remarks>
public static class Idx
{
    /// <summary>The smallest first array for a compressed file's values.</summary>
    private const int FirstGzipCapacity = 1 << 20;

    /// <summary>
    /// How far a compressed file's first array is trusted to expand its compressed size: MNIST's images expand
    /// 4.7 times and Fashion-MNIST's 1.8 times, so real files are read with one allocation of the exact size.
    /// </summary>
    private const int GzipExpansion = 8;

    /// <summary>Reads an IDX file of unsigned bytes, plain or gzip-compressed.</summary>
    /// <param name="path">The file to read.</param>
    /// <returns>The dimensions and values the file holds.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a valid IDX file of unsigned bytes, or holds less or more
    /// data than its header declares; the message names it.</exception>
    public static IdxArray Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = Open(path);
        return Read(stream, path);
    }

    /// <summary>Reads an IDX array of unsigned bytes, plain or gzip-compressed, from a stream.</summary>
    /// <param name="stream">The stream, positioned at the start of the IDX data; it is left open.</param>
    /// <param name="nameForMessages">What error messages call the data, usually its file path.</param>
    /// <returns>The dimensions and values the stream holds.</returns>
    /// <exception cref="InvalidDataException">The data is not a valid IDX array of unsigned bytes, or holds less or
    /// more data than its header declares; the message names it.</exception>
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
            return ReadBytes(buffered, nameForMessages);
        }
        return ReadBytes(stream, nameForMessages);
    }

    private static FileStream Open(string path) =>
        File.Exists(path) ? File.OpenRead(path) : throw new FileNotFoundException(FormattableString.Invariant($"IDX file '{path}' not found."), path);

    private static IdxArray ReadBytes(Stream stream, string name)
    {
        var (dimensions, data) = Decode<byte>(stream, name, (bytes, values) => bytes.CopyTo(values));
        return new IdxArray(dimensions, data);
    }

    /// <summary>Opens the data (decompressing it if it is gzip), reads the header, reads the values through
    /// <paramref name="map"/>, and checks that nothing follows them.</summary>
    private static (int[] Dimensions, T[] Values) Decode<T>(Stream stream, string name, Action<ReadOnlySpan<byte>, Span<T>> map)
    {
        var start = stream.Position;
        Span<byte> signature = stackalloc byte[2];
        var signatureLength = new IdxSource(stream, name, compressed: false).ReadFully(signature);
        stream.Position = start;
        return signatureLength == 2 && signature[0] == 0x1F && signature[1] == 0x8B
            ? DecodeGzip(stream, name, map)
            : DecodePlain(stream, name, map);
    }

    private static (int[] Dimensions, T[] Values) DecodeGzip<T>(Stream stream, string name, Action<ReadOnlySpan<byte>, Span<T>> map)
    {
        var stored = stream.Length - stream.Position;
        using var gzip = new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true);
        var source = new IdxSource(gzip, name, compressed: true);
        var (dimensions, length) = IdxHeader.Read(source);
        var firstCapacity = (int)Math.Min(length, Math.Max(FirstGzipCapacity, GzipExpansion * stored));
        var values = source.ReadValues(length, firstCapacity, map);
        // Only decompression can reveal data beyond the declared values; a plain file's size was checked already.
        source.CheckEnd(length);
        return (dimensions, values);
    }

    private static (int[] Dimensions, T[] Values) DecodePlain<T>(Stream stream, string name, Action<ReadOnlySpan<byte>, Span<T>> map)
    {
        var source = new IdxSource(stream, name, compressed: false);
        var (dimensions, length) = IdxHeader.Read(source);
        var remaining = stream.Length - stream.Position;
        if (remaining < length)
            throw source.Truncated(length, remaining);
        if (remaining > length)
            throw new InvalidDataException(
                FormattableString.Invariant($"'{name}' has more data than its header declares: expected {length} bytes of data after the header, found {remaining}."));
        return (dimensions, source.ReadValues(length, length, map));
    }
}
