namespace NetForge.Runtime.Tests.Data;

public sealed class MnistFormatTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("netforge-mnist-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    // Writes two 2×2 training images and one test image; the training images are compressed, the test ones plain.
    private void WriteFiles(int trainLabelCount = 2, byte firstLabel = 3)
    {
        byte[] trainPixels = [0, 51, 102, 255, 255, 0, 0, 0];
        File.WriteAllBytes(Path.Combine(_directory, "train-images-idx3-ubyte.gz"), IdxTests.Gzip(IdxTests.Build([2, 2, 2], trainPixels)));
        var trainLabels = new byte[trainLabelCount];
        trainLabels[0] = firstLabel;
        File.WriteAllBytes(Path.Combine(_directory, "train-labels-idx1-ubyte.gz"), IdxTests.Gzip(IdxTests.Build([trainLabelCount], trainLabels)));
        File.WriteAllBytes(Path.Combine(_directory, "t10k-images-idx3-ubyte"), IdxTests.Build([1, 2, 2], [255, 255, 255, 255]));
        File.WriteAllBytes(Path.Combine(_directory, "t10k-labels-idx1-ubyte"), IdxTests.Build([1], [9]));
    }

    [Fact]
    public void Pixels_are_scaled_to_one_then_standardised()
    {
        WriteFiles();

        var (train, test) = MnistFormat.Load(_directory, mean: 0.5f, standardDeviation: 0.25f);

        Assert.Equal(2, train.Count);
        Assert.Equal(4, train.SampleSize);
        float[] expected = [-2f, (0.2f - 0.5f) / 0.25f, (0.4f - 0.5f) / 0.25f, 2f];
        Assert.Equal(expected, train.Sample(0).ToArray(), (a, b) => Math.Abs(a - b) < 1e-5f);
        Assert.Equal(3, train.Label(0));
        Assert.Equal(1, test.Count);
        Assert.Equal(9, test.Label(0));
        Assert.Equal([2f, 2f, 2f, 2f], test.Sample(0).ToArray());
    }

    [Fact]
    public void A_count_mismatch_names_both_files()
    {
        WriteFiles(trainLabelCount: 3);

        var e = Assert.Throws<InvalidDataException>(() => MnistFormat.Load(_directory, 0.5f, 0.25f));

        Assert.Contains(Path.Combine(_directory, "train-images-idx3-ubyte.gz"), e.Message);
        Assert.Contains(Path.Combine(_directory, "train-labels-idx1-ubyte.gz"), e.Message);
        Assert.Contains("2 images", e.Message);
        Assert.Contains("3 labels", e.Message);
    }

    [Theory]
    [InlineData("train-images-idx3-ubyte.gz", true)]
    [InlineData("t10k-images-idx3-ubyte", false)]
    public void A_truncated_image_file_is_named_with_the_sizes(string file, bool compressed)
    {
        WriteFiles();
        var path = Path.Combine(_directory, file);
        var whole = compressed ? IdxTests.Build([2, 2, 2], [0, 51, 102, 255, 255, 0, 0, 0]) : File.ReadAllBytes(path);
        var cut = whole[..^3];
        File.WriteAllBytes(path, compressed ? IdxTests.Gzip(cut) : cut);

        var e = Assert.Throws<InvalidDataException>(() => MnistFormat.Load(_directory, 0.5f, 0.25f));

        Assert.Contains(path, e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void A_tiny_image_file_claiming_two_million_images_is_named_without_allocating_them()
    {
        WriteFiles();
        var path = Path.Combine(_directory, "train-images-idx3-ubyte.gz");
        File.WriteAllBytes(path, IdxTests.Gzip(IdxTests.Build([2_000_000, 28, 28], [])));
        var before = GC.GetAllocatedBytesForCurrentThread();

        var e = Assert.Throws<InvalidDataException>(() => MnistFormat.Load(_directory, 0.5f, 0.25f));

        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 64L << 20);
        Assert.Contains(path, e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Theory]
    [InlineData(float.NaN, 0.25f, "mean")]
    [InlineData(float.PositiveInfinity, 0.25f, "mean")]
    [InlineData(0.5f, float.PositiveInfinity, "standardDeviation")]
    [InlineData(0.5f, float.NaN, "standardDeviation")]
    [InlineData(0.5f, 0f, "standardDeviation")]
    [InlineData(3e38f, 1e-38f, "standardDeviation")]
    public void A_scale_that_would_make_a_pixel_non_finite_is_rejected_before_reading(float mean, float standardDeviation, string parameter)
    {
        WriteFiles();

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => MnistFormat.Load(_directory, mean, standardDeviation));

        Assert.Equal(parameter, e.ParamName);
    }

    [Fact]
    public void A_label_beyond_nine_names_the_file()
    {
        WriteFiles(firstLabel: 10);

        var e = Assert.Throws<InvalidDataException>(() => MnistFormat.Load(_directory, 0.5f, 0.25f));

        Assert.Contains("train-labels-idx1-ubyte.gz", e.Message);
        Assert.Contains("label 10", e.Message);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        WriteFiles();
        File.Delete(Path.Combine(_directory, "t10k-labels-idx1-ubyte"));

        var e = Assert.Throws<DatasetNotFoundException>(() => Mnist.Load(_directory));

        Assert.Contains(Path.Combine(_directory, "t10k-labels-idx1-ubyte"), e.Message);
        Assert.Equal(Path.Combine(_directory, "t10k-labels-idx1-ubyte.gz"), e.FileName);
    }

    [Fact]
    public void A_missing_fashion_mnist_directory_says_how_to_install_it()
    {
        var missing = Path.Combine(_directory, "nowhere");

        var e = Assert.Throws<DatasetNotFoundException>(() => FashionMnist.Load(missing));

        Assert.Contains("apt-get install dataset-fashion-mnist", e.Message);
        Assert.Contains(Path.Combine(missing, "train-images-idx3-ubyte.gz"), e.Message);
        Assert.IsAssignableFrom<FileNotFoundException>(e);
    }

    [Fact]
    public void A_missing_fashion_mnist_file_says_how_to_install_it()
    {
        WriteFiles();
        File.Delete(Path.Combine(_directory, "train-labels-idx1-ubyte.gz"));

        var e = Assert.Throws<DatasetNotFoundException>(() => FashionMnist.Load(_directory));

        Assert.Contains("dataset-fashion-mnist", e.Message);
        Assert.Contains(Path.Combine(_directory, "train-labels-idx1-ubyte.gz"), e.Message);
    }
}
