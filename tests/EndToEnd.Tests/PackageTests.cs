using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace NetForge.EndToEnd.Tests;

/// <summary>
/// Packs the NetForge package from this build and uses it as an application would: a project with a
/// package reference and a .net file, and nothing else, gets its network class and its diagnostics.
/// </summary>
public sealed class PackageTests : IDisposable
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

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

    private string CreateConsumer(string model)
    {
        var packages = Path.Combine(_work, "feed");
        var (packExit, packOutput) = Dotnet(RepositoryRoot(), isolated: false, "pack", "src/Runtime", "-c", Configuration, "--no-build", "--no-restore", "-o", packages, "-p:Version=0.0.0-test");
        Assert.True(packExit == 0, packOutput);

        var consumer = Path.Combine(_work, "Consumer");
        Directory.CreateDirectory(consumer);
        File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"""
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{packages}" />
              </packageSources>
            </configuration>
            """);
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

    private (int ExitCode, string Output) Dotnet(string directory, bool isolated, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        // The consumer restores into a folder of its own, so no copy of the package from an earlier run is used.
        if (isolated)
            start.Environment["NUGET_PACKAGES"] = Path.Combine(_work, "packages");
        // The test host runs inside a build; a nested build must not inherit its settings.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(name);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            return (-1, output + error.Result + "\n(timed out)");
        }
        return (process.ExitCode, output + error.Result);
    }

    private static string RepositoryRoot([CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", ".."));
}
