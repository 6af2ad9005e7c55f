using System.CommandLine;
using Microsoft.CodeAnalysis;
using NetForge.Cli.Building;

namespace NetForge.Cli.Commands;

/// <summary>
/// <c>netforge check FILE.net...</c>: every diagnostic a build of the files would report, in the compiler's format
/// (<c>file(line,col): error NFxxxx: message</c>), and exit code 1 when any is an error.
/// </summary>
internal static class CheckCommand
{
    public static Command Create(TextWriter output)
    {
        var files = new Argument<string[]>("files") { Description = "The .net files to check.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("check", "Reports every diagnostic of the networks in .net files, as a build would.") { files };
        command.SetAction(parsed => Run(parsed.GetRequiredValue(files), output));
        return command;
    }

    private static int Run(string[] paths, TextWriter output)
    {
        // A file named twice (a.net and ./a.net) is one file of the build, not two that declare the same networks.
        var sources = paths.Select(ModelSource.Read).DistinctBy(s => Path.GetFullPath(s.Path)).ToList();
        var build = ModelBuild.Generate(sources);
        foreach (var diagnostic in build.Diagnostics)
            output.WriteLine(diagnostic.ToString());
        foreach (var source in sources.DistinctBy(s => s.Path))
        {
            var errors = build.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error && d.Location.GetLineSpan().Path == source.Path);
            if (errors == 0)
                output.WriteLine($"{source.Path}: ok ({Networks.Describe(build, source)})");
        }
        return build.HasErrors ? ExitCodes.Failure : ExitCodes.Success;
    }
}
