using Examples.Spiral;

namespace NetForge.Onnx.Tests;

/// <summary>The path overload replaces the file all at once and leaves nothing behind.</summary>
public sealed class FileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("netforge-onnx-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void TheFileHoldsWhatTheStreamOverloadWrites()
    {
        var network = new SpiralNet(seed: 3);
        var path = Path.Combine(_directory, "spiral.onnx");
        network.ExportOnnx(path);
        Assert.Equal(OnnxSession.Export(network), File.ReadAllBytes(path));
        Assert.Equal(["spiral.onnx"], Directory.GetFiles(_directory).Select(Path.GetFileName));
    }

    [Fact]
    public void AnExistingFileIsReplaced()
    {
        var path = Path.Combine(_directory, "model.onnx");
        File.WriteAllText(path, "an older, longer file that the export must replace entirely");
        var network = new LinearClassifier(seed: 1);
        network.ExportOnnx(path);
        Assert.Equal(OnnxSession.Export(network), File.ReadAllBytes(path));
        using var session = new OnnxSession(File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(_directory));
    }

    [Fact]
    public void AFailedExportLeavesTheFileAsItWas()
    {
        var path = Path.Combine(_directory, "model.onnx");
        File.WriteAllText(path, "before");
        Assert.Throws<NotSupportedException>(() => new GraphlessNetwork().ExportOnnx(path));
        Assert.Equal("before", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(_directory));
    }

    [Fact]
    public void AMissingDirectoryIsAnError()
    {
        var path = Path.Combine(_directory, "missing", "model.onnx");
        Assert.Throws<DirectoryNotFoundException>(() => new SpiralNet().ExportOnnx(path));
        Assert.False(Directory.Exists(Path.Combine(_directory, "missing")));
    }
}
