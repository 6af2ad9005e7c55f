namespace NetForge.Cli.Tests;

/// <summary>Fashion-MNIST as the tests use it: loaded once, with files of a few test images to predict.</summary>
internal static class FashionMnistSubset
{
    private static readonly Lazy<Dataset> TrainImages = new(() => FashionMnist.Load().Train);

    // One copy a thread: a data set of bytes decodes each Sample into one buffer of its own, and test classes run in
    // parallel, so a shared copy would change a test's sample under it. Training reads batches, which share nothing.
    private static readonly ThreadLocal<Dataset> TestImagesByThread = new(() => FashionMnist.LoadTest());

    public static Dataset Train => TrainImages.Value;

    public static Dataset Test => TestImagesByThread.Value!;

    /// <summary>The raw pixels of a test image, 0 to 255, read from the data set's own file.</summary>
    public static byte[] TestPixels(int index) => TestImages.Value.Data.AsSpan(index * 784, 784).ToArray();

    /// <summary>Writes the first <paramref name="count"/> test images as an IDX file.</summary>
    public static string WriteTestImages(string path, int count)
    {
        // The IDX header: two zero bytes, the unsigned-byte type 0x08, three dimensions, then each as a big-endian int.
        var bytes = new List<byte> { 0, 0, 0x08, 3 };
        foreach (var dimension in new[] { count, 28, 28 })
            bytes.AddRange([(byte)(dimension >> 24), (byte)(dimension >> 16), (byte)(dimension >> 8), (byte)dimension]);
        bytes.AddRange(TestImages.Value.Data.AsSpan(0, count * 784).ToArray());
        File.WriteAllBytes(path, [.. bytes]);
        return path;
    }

    private static readonly Lazy<IdxArray> TestImages = new(() => Idx.Read(Path.Combine(FashionMnist.DefaultDirectory, MnistFormat.TestImagesFile + ".gz")));
}
