using System.CommandLine;
using NetForge.Cli.Building;
using NetForge.Cli.Summaries;

namespace NetForge.Cli.Commands;

/// <summary><c>netforge summary FILE.net [--network NAME] [--batch N]</c>: a Keras-style table of a network.</summary>
internal static class SummaryCommand
{
    public static Command Create(TextWriter output)
    {
        var file = new Argument<string>("file") { Description = "The .net file." };
        var network = CommonOptions.Network();
        var batch = CommonOptions.Batch("The batch size the training memory is counted at.");
        var command = new Command("summary", "Prints each layer's output shape, parameters and FLOPs, the totals, and the memory a training step needs.")
        {
            file, network, batch,
        };
        command.SetAction(parsed =>
        {
            var source = ModelSource.Read(parsed.GetRequiredValue(file));
            var (_, networks) = Networks.Check(source);
            var name = parsed.GetValue(network);
            foreach (var chosen in name is null && networks.Count > 1 ? networks : [Networks.Choose(networks, name, source.Path)])
            {
                foreach (var line in NetworkSummary.Of(chosen, parsed.GetValue(batch)).Lines())
                    output.WriteLine(line);
                output.WriteLine();
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
