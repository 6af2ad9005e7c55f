namespace NetForge.Runtime.Tests.Data;

/// <summary>Headers whose claims the data cannot back: each is reported, naming the file, without allocating what it claims.</summary>
public sealed class IdxClaimTests : IDisposable
{
    private const long AllocationLimit = 64L << 20;

    private readonly string _directory = Directory.CreateTempSubdirectory("netforge-idx-claims-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string fileName, byte[] bytes)
    {
        var path = Path.Combine(_directory, fileName);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    // Runs the read and returns its error and the bytes this thread allocated meanwhile.
    private static (InvalidDataException Error, long Allocated) Fail(Action read)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<InvalidDataException>(read);
        return (error, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData(new[] { 2_000_000, 28, 28 }, 20)]
    [InlineData(new[] { 1000 }, 999)]
    [InlineData(new[] { 2_147_483_591 }, 0)]
    [InlineData(new[] { 60_000, 28, 28 }, 784)]
    public void A_plain_header_claiming_more_than_the_file_holds_fails_before_allocating(int[] dimensions, int present)
    {
        var path = Write("images.idx", IdxTests.Build(dimensions, new byte[present]));
        var claimed = dimensions.Aggregate(1L, (product, extent) => product * extent);

        var (e, allocated) = Fail(() => Idx.Read(path));

        Assert.Contains(path, e.Message);
        Assert.Contains($"is truncated: expected {claimed} bytes of data, found {present}", e.Message);
        Assert.InRange(allocated, 0, AllocationLimit);
    }

    [Theory]
    [InlineData(new[] { 2_000_000, 28, 28 }, 0)]
    [InlineData(new[] { 2_147_483_591 }, 0)]
    [InlineData(new[] { 60_000, 28, 28 }, 100)]
    [InlineData(new[] { 10_000_000, 10, 10 }, 3_000_000)]
    public void A_gzip_header_claiming_more_than_arrives_fails_quickly_and_allocates_little(int[] dimensions, int present)
    {
        var path = Write("images.gz", IdxTests.Gzip(IdxTests.Build(dimensions, new byte[present])));
        var claimed = dimensions.Aggregate(1L, (product, extent) => product * extent);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var (e, allocated) = Fail(() => Idx.Read(path));

        Assert.Contains(path, e.Message);
        Assert.Contains($"is truncated: expected {claimed} bytes of data, found {present}", e.Message);
        Assert.InRange(allocated, 0, AllocationLimit);
        Assert.InRange(clock.Elapsed.TotalSeconds, 0, 5);
    }

    [Fact]
    public void Data_that_really_arrives_past_the_first_buffer_is_read_whole()
    {
        // Zeros compress about a thousandfold, so these 10 MB outgrow the first buffer and the doubling is exercised.
        var values = new byte[10_000_000];
        values[^1] = 9;
        var path = Write("zeros.gz", IdxTests.Gzip(IdxTests.Build([values.Length], values)));

        var array = Idx.Read(path);

        Assert.Equal(values.Length, array.Data.Length);
        Assert.Equal(9, array.Data[^1]);
    }

    [Theory]
    [InlineData(new[] { 0 }, 0, 0)]
    [InlineData(new[] { 60_000, 0, 28 }, 1, 0)]
    [InlineData(new[] { 5, 5, 0 }, 2, 0)]
    [InlineData(new[] { -1 }, 0, -1)]
    [InlineData(new[] { 28, int.MinValue }, 1, int.MinValue)]
    [InlineData(new[] { 3, -60_000, 28 }, 1, -60_000)]
    public void An_extent_that_is_not_positive_is_named_with_the_file(int[] dimensions, int index, int extent)
    {
        foreach (var compressed in new[] { false, true })
        {
            var plain = IdxTests.Build(dimensions, [1, 2, 3]);
            var path = Write(compressed ? "bad.gz" : "bad.idx", compressed ? IdxTests.Gzip(plain) : plain);

            var e = Assert.Throws<InvalidDataException>(() => Idx.Read(path));

            Assert.Contains(path, e.Message);
            Assert.Contains($"declares dimension {index} as {extent}", e.Message);
            Assert.Contains("must be positive", e.Message);
        }
    }

    [Theory]
    [InlineData(new[] { 100_000, 100_000 }, "10000000000")]
    [InlineData(new[] { 65_536, 65_536 }, "4294967296")]
    [InlineData(new[] { 2_147_483_592 }, "2147483592")]
    [InlineData(new[] { int.MaxValue, int.MaxValue, int.MaxValue }, "9903520300447984150353281023")]
    public void More_values_than_an_array_holds_are_named_with_the_file(int[] dimensions, string count)
    {
        foreach (var compressed in new[] { false, true })
        {
            var plain = IdxTests.Build(dimensions, []);
            var path = Write(compressed ? "huge.gz" : "huge.idx", compressed ? IdxTests.Gzip(plain) : plain);

            var (e, allocated) = Fail(() => Idx.Read(path));

            Assert.Contains(path, e.Message);
            Assert.Contains($"which make {count} values; an array holds at most {Array.MaxLength}", e.Message);
            Assert.InRange(allocated, 0, AllocationLimit);
        }
    }

    [Fact]
    public void Thirty_two_dimensions_of_two_overflow_an_array()
    {
        var path = Write("deep.idx", IdxTests.Build(Enumerable.Repeat(2, 32).ToArray(), []));

        var e = Assert.Throws<InvalidDataException>(() => Idx.Read(path));

        Assert.Contains(path, e.Message);
        Assert.Contains("which make 4294967296 values", e.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1000)]
    public void A_plain_file_longer_than_its_header_declares_is_rejected_before_reading(int extra)
    {
        var path = Write("long.idx", IdxTests.Build([4], new byte[4 + extra]));

        var e = Assert.Throws<InvalidDataException>(() => Idx.Read(path));

        Assert.Contains(path, e.Message);
        Assert.Contains($"more data than its header declares: expected 4 bytes of data after the header, found {4 + extra}", e.Message);
    }

    [Fact]
    public void A_gzip_file_longer_than_its_header_declares_is_rejected()
    {
        var path = Write("long.gz", IdxTests.Gzip(IdxTests.Build([4], new byte[5])));

        var e = Assert.Throws<InvalidDataException>(() => Idx.Read(path));

        Assert.Contains(path, e.Message);
        Assert.Contains("more data than its header declares", e.Message);
    }

    [Theory]
    [InlineData(0, "expected a 4-byte IDX header, found 0 bytes")]
    [InlineData(3, "expected a 4-byte IDX header, found 3 bytes")]
    [InlineData(9, "expected 12 bytes of dimensions, found 5")]
    public void A_header_cut_short_is_named_with_the_file(int length, string expected)
    {
        var whole = IdxTests.Build([2, 3, 4], []);
        foreach (var compressed in new[] { false, true })
        {
            var cut = whole[..length];
            var path = Write(compressed ? "cut.gz" : "cut.idx", compressed ? IdxTests.Gzip(cut) : cut);

            var e = Assert.Throws<InvalidDataException>(() => Idx.Read(path));

            Assert.Contains(path, e.Message);
            Assert.Contains(expected, e.Message);
        }
    }

    [Fact]
    public void A_stream_is_named_by_the_name_it_is_given()
    {
        var e = Assert.Throws<InvalidDataException>(() => Idx.Read(new MemoryStream(IdxTests.Build([0, 3], [])), "labels in memory"));

        Assert.Contains("'labels in memory'", e.Message);
    }

    [Fact]
    public void An_array_with_a_zero_extent_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => new IdxArray([0, 100_000, 100_000], []));

        Assert.Contains("[0, 100000, 100000]", e.Message);
        Assert.Equal("dimensions", e.ParamName);
    }
}
