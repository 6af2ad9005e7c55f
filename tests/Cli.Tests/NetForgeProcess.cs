using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace NetForge.Cli.Tests;

/// <summary>Runs the netforge command as a separate process, as a user's shell runs it.</summary>
internal static class NetForgeProcess
{
    /// <summary>What a run printed and returned.</summary>
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        /// <summary>Standard output's lines, without the empty last one.</summary>
        public string[] OutputLines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        /// <summary>Standard error's lines.</summary>
        public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
    }

    /// <summary>Runs <c>netforge</c> with the arguments, in <paramref name="directory"/>.</summary>
    public static Result Run(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "netforge.dll"));
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            return new Result(-1, output, error.Result + "\n(timed out)");
        }
        return new Result(process.ExitCode, output.Replace("\r\n", "\n"), error.Result.Replace("\r\n", "\n"));
    }

    /// <summary>The repository's root directory.</summary>
    public static string RepositoryRoot([CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", ".."));

    /// <summary>A model file of the examples.</summary>
    public static string Example(params string[] parts) => Path.Combine([RepositoryRoot(), "examples", .. parts]);
}

/// <summary>A directory of its own for one test, removed afterwards.</summary>
internal sealed class TemporaryDirectory : IDisposable
{
    public TemporaryDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "netforge-cli-" + Guid.NewGuid().ToString("N"));

    /// <summary>A path in the directory.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes a file in the directory and returns its path.</summary>
    public string Write(string name, string text)
    {
        System.IO.File.WriteAllText(File(name), text);
        return File(name);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
