using System.Globalization;
using System.Text.RegularExpressions;
using Examples.Models;

namespace NetForge.EndToEnd.Tests;

/// <summary>
/// The model shipped in an app: examples/Models compiles LeNet-5's trained weights in, and examples/ShipApp, which
/// references only that package, classifies the test images the same when published with NativeAOT as with the JIT.
/// </summary>
public sealed partial class ShippedModelTests(FashionMnistData data) : IClassFixture<FashionMnistData>, IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("netforge-ship-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public void Pretrained_predicts_like_LoadWeights_on_the_committed_file_and_reaches_its_accuracy()
    {
        var compiled = FashionLeNet5.Pretrained();
        var loaded = new FashionLeNet5(seed: 3);
        loaded.LoadWeights(Path.Combine(DotnetProcess.RepositoryRoot(), "examples", "Models", "lenet5.safetensors"));

        var (a, b) = (new float[10], new float[10]);
        for (var i = 0; i < 100; i++)
        {
            compiled.Predict(data.Test.Sample(i), a);
            loaded.Predict(data.Test.Sample(i), b);
            Assert.Equal(a, b);
        }
        var accuracy = compiled.Evaluate(data.Test).Accuracy;
        Assert.True(accuracy >= 0.83, $"test accuracy {accuracy:F4}");
    }

    [Fact]
    public void The_app_published_with_NativeAOT_prints_the_accuracy_of_the_JIT_build_and_has_no_ILGPU()
    {
        var root = DotnetProcess.RepositoryRoot();
        var feed = Path.Combine(_work, "feed");
        var packages = Path.Combine(_work, "packages");
        foreach (var project in new[] { "src/Runtime", "examples/Models" })
        {
            var (packExit, packOutput) = DotnetProcess.Run(root, null, "pack", project, "-c", DotnetProcess.Configuration, "--no-build", "--no-restore", "-o", feed);
            Assert.True(packExit == 0, packOutput);
        }
        var source = "-p:RestoreAdditionalProjectSources=" + feed;

        var aot = Path.Combine(_work, "aot");
        var (publishExit, publishOutput) = DotnetProcess.Run(root, packages, "publish", "examples/ShipApp", "-c", "Release", "-r", "linux-x64", source, "-o", aot);
        Assert.True(publishExit == 0, publishOutput);
        var binary = Path.Combine(aot, "ShipApp");
        Assert.True(File.Exists(binary), publishOutput);
        var (aotExit, aotOutput) = DotnetProcess.RunProgram(binary, root, null);
        Assert.True(aotExit == 0, aotOutput);

        var jit = Path.Combine(_work, "jit");
        var (buildExit, buildOutput) = DotnetProcess.Run(root, packages, "build", "examples/ShipApp", "-c", "Release", source, "-o", jit);
        Assert.True(buildExit == 0, buildOutput);
        var (jitExit, jitOutput) = DotnetProcess.Run(root, null, Path.Combine(jit, "ShipApp.dll"));
        Assert.True(jitExit == 0, jitOutput);

        var accuracy = Accuracy().Match(aotOutput);
        Assert.True(accuracy.Success, aotOutput);
        Assert.Equal(accuracy.Value, Accuracy().Match(jitOutput).Value);
        Assert.True(double.Parse(accuracy.Groups[1].Value, CultureInfo.InvariantCulture) >= 0.83, aotOutput);
        Assert.Contains("256-bit True", aotOutput, StringComparison.Ordinal);

        var assets = File.ReadAllText(Path.Combine(root, "examples", "ShipApp", "obj", "project.assets.json"));
        Assert.Contains("\"Examples.Models/0.1.0\"", assets, StringComparison.Ordinal);
        Assert.DoesNotContain("ILGPU", assets, StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex(@"test_acc=([0-9.]+) over 10000 images")]
    private static partial Regex Accuracy();
}
