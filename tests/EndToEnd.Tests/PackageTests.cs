namespace NetForge.EndToEnd.Tests;

/// <summary>
/// Packs the NetForge package from this build and uses it as an application would: a project with a
/// package reference and a .net file, and nothing else, gets its network class and its diagnostics.
/// </summary>
public sealed class PackageTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("netforge-package-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public void A_project_with_the_package_compiles_its_net_files_with_no_setup()
    {
        var consumer = CreateConsumer("network Tiny {\n    input [4]\n    dense(8) -> tanh\n    dense(3)\n    loss softmax_cross_entropy\n}\n");
        File.WriteAllText(Path.Combine(consumer, "Program.cs"),
            "var network = new Consumer.Tiny(seed: 1);\nSystem.Console.WriteLine($\"parameters {Consumer.Tiny.ParameterCount}, class {network.Classify([0.1f, 0.2f, 0.3f, 0.4f])}\");\n");

        var (exitCode, output) = Dotnet(consumer, isolated: true, "run");

        Assert.True(exitCode == 0, output);
        Assert.Contains("parameters 67, class ", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_net_file_fails_the_build_with_its_place()
    {
        var consumer = CreateConsumer("network Broken {\n    input [4]\n    dense(8) tanh\n    loss mse\n}\n");
        File.WriteAllText(Path.Combine(consumer, "Program.cs"), "System.Console.WriteLine();\n");

        var (exitCode, output) = Dotnet(consumer, isolated: true, "build");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("model.net(3,14): error NF1001: syntax error: unexpected 'tanh'", output, StringComparison.Ordinal);
        Assert.DoesNotContain("CS8785", output, StringComparison.Ordinal);
    }

    private const string WeightedModel = "network Tiny {\n    input [4]\n    weights \"tiny.safetensors\"\n    dense(3)\n    loss softmax_cross_entropy\n}\n";

    private static void WriteWeights(string consumer, params Tensor[] tensors)
    {
        var random = new Random(4);
        foreach (var tensor in tensors)
        {
            for (var i = 0; i < tensor.Length; i++)
                tensor.Data[i] = (float)random.NextDouble() - 0.5f;
        }
        SafetensorsFile.Write(Path.Combine(consumer, "tiny.safetensors"), tensors);
    }

    [Fact]
    public void A_weights_file_is_compiled_in_and_Pretrained_predicts_like_LoadWeights_on_the_same_file()
    {
        var consumer = CreateConsumer(WeightedModel);
        WriteWeights(consumer, new Tensor("dense1.weight", 3, 4), new Tensor("dense1.bias", 3));
        File.WriteAllText(Path.Combine(consumer, "Program.cs"), """
            using System;
            using System.Linq;
            using NetForge;
            var compiled = Consumer.Tiny.Pretrained();
            var loaded = new Consumer.Tiny(seed: 9);
            loaded.LoadWeights("tiny.safetensors");
            var (a, b) = (new float[3], new float[3]);
            compiled.Predict([0.5f, -1f, 2f, 0.25f], a);
            loaded.Predict([0.5f, -1f, 2f, 0.25f], b);
            System.Console.WriteLine(a.AsSpan().SequenceEqual(b) && a.Any(x => x != 0) ? "same predictions" : "different predictions");
            """);

        var (exitCode, output) = Dotnet(consumer, isolated: true, "run");

        Assert.True(exitCode == 0, output);
        Assert.Contains("same predictions", output, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> MisfitWeights() => new()
    {
        { "shape", "model.net(3,5): error NF2034: tensor 'dense1.weight' is [3, 4] in network Tiny but [3, 5] in weights file 'tiny.safetensors'" },
        { "missing tensor", "model.net(3,5): error NF2032: weights file 'tiny.safetensors' has no tensor 'dense1.bias' [3], which network Tiny needs" },
        { "missing file", "model.net(3,5): error NF2030: weights file 'tiny.safetensors' is not part of the build" },
    };

    [Theory]
    [MemberData(nameof(MisfitWeights))]
    public void Weights_that_do_not_fit_fail_the_build_at_the_weights_line(string misfit, string error)
    {
        var consumer = CreateConsumer(WeightedModel);
        if (misfit == "shape")
            WriteWeights(consumer, new Tensor("dense1.weight", 3, 5), new Tensor("dense1.bias", 3));
        else if (misfit == "missing tensor")
            WriteWeights(consumer, new Tensor("dense1.weight", 3, 4));
        File.WriteAllText(Path.Combine(consumer, "Program.cs"), "System.Console.WriteLine(Consumer.Tiny.Pretrained().Classify([1f, 2f, 3f, 4f]));\n");

        var (exitCode, output) = Dotnet(consumer, isolated: true, "build");

        Assert.NotEqual(0, exitCode);
        Assert.Contains(error, output, StringComparison.Ordinal);
        Assert.DoesNotContain("CS8785", output, StringComparison.Ordinal);
    }

    private string CreateConsumer(string model)
    {
        var packages = Path.Combine(_work, "feed");
        var (packExit, packOutput) = Dotnet(DotnetProcess.RepositoryRoot(), isolated: false, "pack", "src/Runtime", "-c", DotnetProcess.Configuration, "--no-build", "--no-restore", "-o", packages, "-p:Version=0.0.0-test");
        Assert.True(packExit == 0, packOutput);

        var consumer = Path.Combine(_work, "Consumer");
        Directory.CreateDirectory(consumer);
        DotnetProcess.WriteFeedConfig(consumer, packages);
        File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="NetForge" Version="0.0.0-test" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(consumer, "model.net"), model);
        return consumer;
    }

    private (int ExitCode, string Output) Dotnet(string directory, bool isolated, params string[] arguments) =>
        DotnetProcess.Run(directory, isolated ? Path.Combine(_work, "packages") : null, arguments);
}
