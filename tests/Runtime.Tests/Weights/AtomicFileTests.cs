namespace NetForge.Runtime.Tests.Weights;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("netforge-atomic-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_save_that_fails_half_way_leaves_the_old_file_intact_and_no_temporary_file()
    {
        var path = Path.Combine(_directory, "weights.safetensors");
        var network = new Training.LinearSoftmaxClassifier(inputs: 3, classes: 2, seed: 1);
        network.SaveWeights(path);
        var before = File.ReadAllBytes(path);

        var error = Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write(before.AsSpan(0, before.Length / 2));
            throw new IOException("the disk is full");
        }));

        Assert.Equal("the disk is full", error.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(_directory));
    }

    [Fact]
    public void A_save_replaces_the_file_and_leaves_nothing_else()
    {
        var path = Path.Combine(_directory, "weights.safetensors");
        File.WriteAllText(path, "old");
        new Training.LinearSoftmaxClassifier(inputs: 3, classes: 2, seed: 1).SaveWeights(path);
        Assert.Equal([path], Directory.GetFiles(_directory));
        Assert.Equal(2, SafetensorsFile.Read(path).Tensors.Count);
    }

    [Fact]
    public void A_save_into_a_missing_directory_throws_the_file_system_s_exception()
    {
        var path = Path.Combine(_directory, "missing", "weights.safetensors");
        Assert.Throws<DirectoryNotFoundException>(() => new Training.LinearSoftmaxClassifier(3, 2, 1).SaveWeights(path));
    }
}
