namespace NetForge.EndToEnd.Tests;

/// <summary>
/// The packed templates and tool as a user gets them: <c>dotnet new netforge</c> creates a project that builds and
/// trains as created, and <c>dotnet tool install</c> gives a <c>netforge</c> command that runs.
/// </summary>
public sealed class TemplateTests : IDisposable
{
    private const string Version = "0.0.0-test";

    private readonly string _work = Directory.CreateTempSubdirectory("netforge-template-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public void Dotnet_new_netforge_creates_a_console_project_that_builds_trains_and_saves_its_weights()
    {
        var feed = Pack("templates", "src/Runtime");
        var hive = Path.Combine(_work, "hive");
        var install = Dotnet(_work, "new", "install", Path.Combine(feed, "NetForge.Templates." + Version + ".nupkg"), "--debug:custom-hive", hive);
        Assert.True(install.ExitCode == 0, install.Output);

        var project = Path.Combine(_work, "Demo");
        var created = Dotnet(_work, "new", "netforge", "-n", "Demo", "-o", project, "--NetForgeVersion", Version, "--debug:custom-hive", hive);
        Assert.True(created.ExitCode == 0, created.Output);
        Assert.Equal(["Demo.csproj", "Program.cs", "model.net"], Directory.GetFiles(project).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        DotnetProcess.WriteFeedConfig(project, feed);

        var run = Dotnet(project, "run", "-c", "Release");

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Matches(@"Epoch 1/1  loss \d\.\d{4}  acc \d\.\d{4}  val_loss \d\.\d{4}  val_acc \d\.\d{4}", run.Output);
        var accuracy = double.Parse(run.Output.Split("test accuracy ")[1][..6], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(accuracy >= 0.83, run.Output);
        Assert.Contains("weights saved to classifier.safetensors", run.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(project, "classifier.safetensors")));
    }

    [Fact]
    public void The_netforge_tool_installs_from_its_package_and_checks_a_file()
    {
        var feed = Pack("src/Cli");
        var tools = Path.Combine(_work, "tools");
        var install = Dotnet(_work, "tool", "install", "NetForge.Cli", "--version", Version, "--tool-path", tools, "--add-source", feed);
        Assert.True(install.ExitCode == 0, install.Output);
        File.WriteAllText(Path.Combine(_work, "model.net"), "network Tiny {\n    input [4]\n    dense(3)\n    loss softmax_cross_entropy\n}\n");
        File.WriteAllText(Path.Combine(_work, "broken.net"), "network Broken {\n    input [4]\n    dense(8) tanh\n    loss mse\n}\n");

        var good = DotnetProcess.RunProgram(Path.Combine(tools, "netforge"), _work, null, "check", "model.net");
        var bad = DotnetProcess.RunProgram(Path.Combine(tools, "netforge"), _work, null, "check", "broken.net");

        Assert.True(good.ExitCode == 0, good.Output);
        Assert.Equal("model.net: ok (1 network: Tiny)", good.Output.Trim());
        Assert.Equal(1, bad.ExitCode);
        Assert.Equal("broken.net(3,14): error NF1001: syntax error: unexpected 'tanh'; expected end of line", bad.Output.Trim());
    }

    private string Pack(params string[] projects)
    {
        var feed = Path.Combine(_work, "feed");
        foreach (var project in projects)
        {
            // From what the solution's build made: a rebuild here would replace assemblies other tests are running.
            var pack = DotnetProcess.Run(DotnetProcess.RepositoryRoot(), null,
                "pack", project, "-c", DotnetProcess.Configuration, "--no-build", "--no-restore", "-p:BuildProjectReferences=false", "-o", feed, "-p:Version=" + Version);
            Assert.True(pack.ExitCode == 0, pack.Output);
        }
        return feed;
    }

    // A package folder of the test's own, so that no copy of a 0.0.0-test package from an earlier run is used.
    private (int ExitCode, string Output) Dotnet(string directory, params string[] arguments) =>
        DotnetProcess.Run(directory, Path.Combine(_work, "packages"), arguments);
}
