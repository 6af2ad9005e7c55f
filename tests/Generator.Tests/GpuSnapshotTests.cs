namespace NetForge.Generator.Tests;

/// <summary>The GPU parts: pinned for the MLP and LeNet-5, compiled against the GPU runtime, and absent without it.</summary>
public class GpuSnapshotTests
{
    [Fact]
    public void The_mlp_s_gpu_part_is_the_pinned_code_and_compiles_against_the_gpu_runtime()
    {
        var (result, output) = GeneratorHarness.Run(GeneratorHarness.WithGpuRuntime(), [("models/mlp.net", Models.MlpFile)]);

        Assert.Empty(result.Diagnostics);
        Snapshot.Match(GeneratorHarness.Generated(result, "Examples.FashionMnist.Mlp.Gpu.g.cs"), "Mlp.Gpu");
        Assert.Empty(GeneratorHarness.Errors(output));
    }

    [Fact]
    public void LeNet5_s_gpu_part_is_the_pinned_code_and_compiles_against_the_gpu_runtime()
    {
        var (result, output) = GeneratorHarness.Run(GeneratorHarness.WithGpuRuntime(), [("models/lenet5.net", LeNetSnapshotTests.File)]);

        Assert.Empty(result.Diagnostics);
        Snapshot.Match(GeneratorHarness.Generated(result, "Examples.FashionMnist.LeNet5.Gpu.g.cs"), "LeNet5.Gpu");
        Assert.Empty(GeneratorHarness.Errors(output));
    }

    [Fact]
    public void A_project_without_the_gpu_runtime_gets_no_gpu_part_and_no_ilgpu_code()
    {
        var (result, output) = GeneratorHarness.Run([("models/mlp.net", Models.MlpFile), ("models/lenet5.net", LeNetSnapshotTests.File)]);

        Assert.Empty(result.Diagnostics);
        var sources = result.Results.Single().GeneratedSources;
        Assert.NotEmpty(sources);
        Assert.DoesNotContain(sources, s => s.HintName.EndsWith(".Gpu.g.cs", StringComparison.Ordinal));
        Assert.DoesNotContain(sources, s => s.SourceText.ToString().Contains("ILGPU", StringComparison.Ordinal));
        Assert.DoesNotContain(output.ReferencedAssemblyNames, a => a.Name.StartsWith("ILGPU", StringComparison.Ordinal));
        Assert.Empty(GeneratorHarness.Errors(output));
    }
}
