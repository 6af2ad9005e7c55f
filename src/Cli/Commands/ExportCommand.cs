using System.CommandLine;
using NetForge.Cli.Building;
using NetForge.Cli.Inputs;

namespace NetForge.Cli.Commands;

/// <summary><c>netforge export FILE.net --weights W --onnx OUT</c>: the trained network as an ONNX model for inference.</summary>
internal static class ExportCommand
{
    public static Command Create(TextWriter output)
    {
        var file = new Argument<string>("file") { Description = "The .net file." };
        var network = CommonOptions.Network();
        var weights = CommonOptions.Weights();
        var onnx = new Option<string>("--onnx") { Description = "Where to write the ONNX model.", Required = true, HelpName = "OUT" };
        var command = new Command("export", "Writes a trained network as an ONNX model.") { file, network, weights, onnx };
        command.SetAction(parsed =>
        {
            var target = parsed.GetRequiredValue(onnx);
            var (chosen, model, _) = TrainedModel.Load(parsed.GetRequiredValue(file), parsed.GetValue(network), parsed.GetRequiredValue(weights));
            OutputFiles.CheckDirectory(target);
            try
            {
                model.ExportOnnx(target);
            }
            catch (NotSupportedException e)
            {
                throw new CliException($"network {chosen.Name} cannot be exported: {e.Message}");
            }
            output.WriteLine($"{chosen.Name}: ONNX model written to {target}");
            return ExitCodes.Success;
        });
        return command;
    }
}
