using System.Reflection;

namespace NetForge.EndToEnd.Tests;

/// <summary>
/// Where the GPU runtime reaches: the model library that apps ship (examples/Models, published with NativeAOT by
/// examples/ShipApp) has no GPU code and no ILGPU, while the Fashion-MNIST example, which references the GPU runtime,
/// has GPU parts that the benchmark trains with.
/// </summary>
public class GpuBoundaryTests
{
    [Fact]
    public void A_model_library_without_the_gpu_runtime_has_no_gpu_code_and_no_ilgpu_in_its_output()
    {
        var library = typeof(Examples.Models.FashionLeNet5).Assembly;
        Assert.DoesNotContain(library.GetReferencedAssemblies(), a => a.Name!.StartsWith("ILGPU", StringComparison.Ordinal) || a.Name == "NetForge.Runtime.Gpu");
        Assert.DoesNotContain(library.GetTypes(), t => t.Name == "OnDevice");
        Assert.Null(typeof(Examples.Models.FashionLeNet5).GetMethod("ToDevice"));

        var output = Path.Combine(DotnetProcess.RepositoryRoot(), "examples", "Models", "bin", DotnetProcess.Configuration, "net10.0");
        Assert.True(File.Exists(Path.Combine(output, "Examples.Models.dll")), output);
        Assert.Empty(Directory.GetFiles(output, "ILGPU*"));
        Assert.DoesNotContain("ILGPU", File.ReadAllText(Path.Combine(output, "Examples.Models.deps.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void An_app_with_the_gpu_runtime_gets_gpu_parts_for_the_networks_it_can_run()
    {
        Assert.NotNull(typeof(Examples.FashionMnist.Mlp).GetMethod("ToDevice"));
        Assert.Contains(typeof(Examples.FashionMnist.LeNet5).GetNestedTypes(), t => t.Name == "OnDevice");
        Assert.Contains(typeof(Examples.FashionMnist.Mlp).Assembly.GetReferencedAssemblies(), a => a.Name == "NetForge.Runtime.Gpu");
    }

    [Fact]
    public void The_benchmark_trains_on_the_device_and_says_which_with_its_limit_and_launches()
    {
        var benchmark = Path.Combine(AppContext.BaseDirectory, "Benchmark.dll");
        var (exit, output) = DotnetProcess.RunProgram("dotnet", AppContext.BaseDirectory, null,
            benchmark, "--device", "gpu", "--network", "mlp", "--samples", "64", "--batch", "16", "--threads", "1");

        Assert.True(exit == 0, output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var device = Assert.Single(lines, l => l.StartsWith("netforge device: NetForge GPU: ", StringComparison.Ordinal));
        Assert.Matches(@"; gflops=[0-9]+\.[0-9]$", device);
        var mlp = Assert.Single(lines, l => l.StartsWith("netforge mlp-784-256-128-10: ", StringComparison.Ordinal));
        Assert.Matches(@"epoch_s=[0-9.]+ limit_s=[0-9.]+ ratio=[0-9.]+ test_acc=0\.[0-9]{4} predict1_us=[0-9.]+ threads=1 batch=16 epochs=1 weights=[0-9a-f]{16} device=""[^""]+"" launches_per_step=12$", mlp);
    }
}
