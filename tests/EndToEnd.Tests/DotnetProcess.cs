using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace NetForge.EndToEnd.Tests;

/// <summary>Runs the dotnet command line as a user would, for tests that pack, build, publish and run projects.</summary>
internal static class DotnetProcess
{
#if DEBUG
    public const string Configuration = "Debug";
#else
    public const string Configuration = "Release";
#endif

    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/> in <paramref name="directory"/>.</summary>
    /// <param name="directory">The working directory.</param>
    /// <param name="packages">A package folder of the command's own, so that no copy of a package from an earlier
    /// run is used; null for the user's.</param>
    /// <param name="arguments">The command's arguments.</param>
    public static (int ExitCode, string Output) Run(string directory, string? packages, params string[] arguments) =>
        RunProgram("dotnet", directory, packages, arguments);

    /// <summary>Runs <paramref name="program"/>, with the same environment as <see cref="Run(string, string?, string[])"/>.</summary>
    public static (int ExitCode, string Output) RunProgram(string program, string directory, string? packages, params string[] arguments) =>
        RunProgram(program, directory, packages, new Dictionary<string, string>(), arguments);

    /// <summary>Runs <paramref name="program"/> with <paramref name="variables"/> added to its environment.</summary>
    public static (int ExitCode, string Output) RunProgram(string program, string directory, string? packages,
        IReadOnlyDictionary<string, string> variables, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        if (packages is not null)
            start.Environment["NUGET_PACKAGES"] = packages;
        foreach (var (name, value) in variables)
            start.Environment[name] = value;
        // The test host runs inside a build; a nested build must not inherit its settings.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(name);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            return (-1, output + error.Result + "\n(timed out)");
        }
        return (process.ExitCode, output + error.Result);
    }

    /// <summary>Writes a nuget.config that takes packages from <paramref name="feed"/> alone, as a user's local feed.</summary>
    public static void WriteFeedConfig(string directory, string feed) =>
        File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
              </packageSources>
            </configuration>
            """);

    /// <summary>The repository's root directory.</summary>
    public static string RepositoryRoot([CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", ".."));
}
