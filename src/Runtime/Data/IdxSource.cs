namespace NetForge;

/// <summary>
/// IDX data being read, plain or through a decompressor, under the name its errors give it. Values are read into
/// an array that grows as they arrive, so a header that claims more than the data holds costs memory in
/// proportion to the data that is really there, not to the claim.
/// </summary>
internal sealed class IdxSource(Stream stream, string name, bool compressed)
{
    private const int ChunkSize = 1 << 16;

    /// <summary>What error messages call the data, usually its file path.</summary>
    public string Name => name;

    /// <summary>Fills as much of <paramref name="buffer"/> as the data allows and returns how much that was.</summary>
    public int ReadFully(Span<byte> buffer)
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

    /// <summary>
    /// Reads exactly <paramref name="length"/> values, each chunk of bytes turned into values by
    /// <paramref name="map"/>. The array starts at <paramref name="firstCapacity"/> values (at least one, at most
    /// <paramref name="length"/>) and doubles, up to <paramref name="length"/>, only when the data has filled it.
    /// </summary>
    public T[] ReadValues<T>(int length, int firstCapacity, Action<ReadOnlySpan<byte>, Span<T>> map)
    {
        var values = new T[Math.Clamp(firstCapacity, 1, length)];
        var chunk = new byte[Math.Min(ChunkSize, length)];
        var done = 0;
        while (done < length)
        {
            if (done == values.Length)
                Array.Resize(ref values, (int)Math.Min(length, 2L * values.Length));
            var want = Math.Min(chunk.Length, values.Length - done);
            var found = ReadFully(chunk.AsSpan(0, want));
            map(chunk.AsSpan(0, found), values.AsSpan(done, found));
            done += found;
            if (found < want)
                throw Truncated(length, done);
        }
        return values;
    }

    /// <summary>Fails when anything follows the <paramref name="length"/> values the header declares.</summary>
    public void CheckEnd(int length)
    {
        Span<byte> extra = stackalloc byte[1];
        if (ReadFully(extra) != 0)
            throw new InvalidDataException(
                FormattableString.Invariant($"'{name}' has more data than its header declares: expected {length} bytes of data after the header."));
    }

    /// <summary>The error for data that ends after <paramref name="found"/> of the <paramref name="expected"/> bytes.</summary>
    public InvalidDataException Truncated(long expected, long found) =>
        new(FormattableString.Invariant($"'{name}' is truncated: expected {expected} bytes of data, found {found}."));
}
