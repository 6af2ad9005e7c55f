using System.IO.Compression;

namespace NetForge.Runtime.Tests.Data;

public sealed class IdxTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("netforge-idx-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    internal static byte[] Build(int[] dimensions, byte[] data, byte type = 0x08)
    {
        var bytes = new List<byte> { 0, 0, type, (byte)dimensions.Length };
        foreach (var extent in dimensions)
            bytes.AddRange([(byte)(extent >> 24), (byte)(extent >> 16), (byte)(extent >> 8), (byte)extent]);
        bytes.AddRange(data);
        return bytes.ToArray();
    }

    internal static byte[] Gzip(byte[] plain)
    {
        var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest))
            gzip.Write(plain);
        return compressed.ToArray();
    }

    private static readonly byte[] Values = Enumerable.Range(0, 2 * 3 * 4).Select(i => (byte)(i * 10)).ToArray();

    [Fact]
    public void A_plain_file_round_trips()
    {
        var path = Path.Combine(_directory, "plain.idx");
        File.WriteAllBytes(path, Build([2, 3, 4], Values));

        var array = Idx.Read(path);

        Assert.Equal([2, 3, 4], array.Dimensions);
        Assert.Equal(Values, array.Data);
        Assert.Equal(2, array.Count);
        Assert.Equal(12, array.ItemSize);
    }

    [Fact]
    public void A_gzip_file_is_recognised_by_content_not_by_name()
    {
        var path = Path.Combine(_directory, "no-extension");
        File.WriteAllBytes(path, Gzip(Build([2, 3, 4], Values)));

        var array = Idx.Read(path);

        Assert.Equal([2, 3, 4], array.Dimensions);
        Assert.Equal(Values, array.Data);
    }

    [Fact]
    public void A_forward_only_stream_is_read()
    {
        var stream = new ForwardOnlyStream(Gzip(Build([300], Enumerable.Repeat((byte)7, 300).ToArray())));

        var array = Idx.Read(stream, "stream");

        Assert.Equal([300], array.Dimensions);
        Assert.All(array.Data, b => Assert.Equal(7, b));
    }

    [Fact]
    public void Large_extents_are_read_big_endian()
    {
        var data = new byte[0x0102];
        var array = Idx.Read(new MemoryStream(Build([0x0102], data)), "big");
        Assert.Equal([258], array.Dimensions);
    }

    [Fact]
    public void A_truncated_file_is_reported_with_its_path_and_sizes()
    {
        var path = Path.Combine(_directory, "short.idx");
        File.WriteAllBytes(path, Build([2, 3, 4], Values[..20]));

        var e = Assert.Throws<InvalidDataException>(() => Idx.Read(path));

        Assert.Contains(path, e.Message);
        Assert.Contains("is truncated: expected 24 bytes of data, found 20", e.Message);
    }

    [Fact]
    public void A_truncated_gzip_file_is_reported_with_its_path()
    {
        var path = Path.Combine(_directory, "short.idx.gz");
        File.WriteAllBytes(path, Gzip(Build([2, 3, 4], Values[..20])));

        var e = Assert.Throws<InvalidDataException>(() => Idx.Read(path));

        Assert.Contains(path, e.Message);
        Assert.Contains("expected 24 bytes of data, found 20", e.Message);
    }

    [Fact]
    public void A_cut_off_gzip_stream_is_an_error_naming_the_file()
    {
        var path = Path.Combine(_directory, "cut.gz");
        var compressed = Gzip(Build([2000], Enumerable.Range(0, 2000).Select(i => (byte)(i * 7)).ToArray()));
        File.WriteAllBytes(path, compressed[..(compressed.Length / 2)]);

        var e = Assert.Throws<InvalidDataException>(() => Idx.Read(path));

        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void A_corrupt_gzip_stream_is_an_error_naming_the_file()
    {
        var path = Path.Combine(_directory, "corrupt.gz");
        var compressed = Gzip(Build([2, 3, 4], Values));
        // Block type 3 does not exist in deflate, so the decompressor must reject the stream.
        compressed[10] = 0xFF;
        File.WriteAllBytes(path, compressed);

        var e = Assert.Throws<InvalidDataException>(() => Idx.Read(path));

        Assert.Contains(path, e.Message);
        Assert.Contains("gzip", e.Message);
    }

    [Fact]
    public void A_bad_magic_number_is_reported_with_the_path()
    {
        var path = Path.Combine(_directory, "text.idx");
        File.WriteAllText(path, "hello, world");

        var e = Assert.Throws<InvalidDataException>(() => Idx.Read(path));

        Assert.Contains(path, e.Message);
        Assert.Contains("not an IDX file", e.Message);
    }

    [Fact]
    public void An_unsupported_value_type_is_reported_with_the_path()
    {
        var path = Path.Combine(_directory, "floats.idx");
        File.WriteAllBytes(path, Build([1], [0, 0, 0, 0], type: 0x0D));

        var e = Assert.Throws<InvalidDataException>(() => Idx.Read(path));

        Assert.Contains(path, e.Message);
        Assert.Contains("0x0D", e.Message);
    }

    [Fact]
    public void Data_beyond_the_declared_size_is_rejected()
    {
        var e = Assert.Throws<InvalidDataException>(() => Idx.Read(new MemoryStream(Build([2], [1, 2, 3])), "long.idx"));
        Assert.Contains("long.idx", e.Message);
    }

    [Fact]
    public void A_missing_file_is_reported_with_its_path()
    {
        var path = Path.Combine(_directory, "absent.idx");

        var e = Assert.Throws<FileNotFoundException>(() => Idx.Read(path));

        Assert.Contains(path, e.Message);
        Assert.Equal(path, e.FileName);
    }
}
