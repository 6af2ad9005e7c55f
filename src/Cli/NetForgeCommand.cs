using System.CommandLine;
using NetForge.Cli.Commands;

namespace NetForge.Cli;

/// <summary>
/// The <c>netforge</c> command and its subcommands. Whatever goes wrong ends as one line on standard error and a
/// non-zero exit code: 1 for bad input, 2 for a bad command line, 3 for a failure of NetForge itself; never a stack trace.
/// </summary>
internal static class NetForgeCommand
{
    /// <summary>Parses and runs a command line.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("Checks, summarises, trains, predicts with and exports the networks of NetForge .net files.")
        {
            CheckCommand.Create(output),
            SummaryCommand.Create(output),
            TrainCommand.Create(output),
            PredictCommand.Create(output),
            ExportCommand.Create(output),
            PlotCommand.Create(output),
        };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            error.WriteLine($"netforge: {OneLine(string.Join(" ", parsed.Errors.Select(e => e.Message).Distinct()))} (see netforge {CommandPath(parsed)}--help)");
            return ExitCodes.Usage;
        }
        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (CliException e)
        {
            error.WriteLine("netforge: " + OneLine(e.Message));
            return e.ExitCode;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or DatasetNotFoundException)
        {
            error.WriteLine("netforge: " + OneLine(e.Message));
            return ExitCodes.Failure;
        }
        catch (OutOfMemoryException)
        {
            error.WriteLine("netforge: not enough memory for this network at this batch size; try a smaller --batch");
            return ExitCodes.Failure;
        }
        catch (Exception e)
        {
            // Still one line: what failed, for a bug report, without the trace that would bury it.
            error.WriteLine($"netforge: internal error, which is a NetForge bug: {e.GetType().Name}: {OneLine(e.Message)}");
            return ExitCodes.Internal;
        }
    }

    // Some messages (a list of the values an option takes) span lines; an error stays on one.
    private static string OneLine(string message) =>
        string.Join(" ", message.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    // "plot filters " for netforge plot filters: the names from the root's child down to the command given.
    private static string CommandPath(ParseResult parsed)
    {
        var names = new List<string>();
        for (var result = parsed.CommandResult; result.Command is not RootCommand; result = (System.CommandLine.Parsing.CommandResult)result.Parent!)
            names.Insert(0, result.Command.Name);
        return string.Concat(names.Select(n => n + " "));
    }
}
