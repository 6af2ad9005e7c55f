using System.CommandLine;
using System.Globalization;
using NetForge.Cli.Building;
using NetForge.Cli.Inputs;
using NetForge.Dsl.Model;
using NetForge.Plots;

namespace NetForge.Cli.Commands;

/// <summary>
/// <c>netforge predict FILE.net --weights W INPUT...</c>: the class and the top-k probabilities of each input, a PNG
/// or JPEG image or every image of an IDX file, one line each.
/// </summary>
internal static class PredictCommand
{
    public static Command Create(TextWriter output)
    {
        var file = new Argument<string>("file") { Description = "The .net file." };
        var inputs = new Argument<string[]>("inputs") { Description = "PNG or JPEG images, or IDX files of images.", Arity = ArgumentArity.OneOrMore };
        var network = CommonOptions.Network();
        var weights = CommonOptions.Weights();
        var top = CommonOptions.Positive("--top", "How many of the likeliest classes to show.", 3);
        var scalingOptions = new ScalingOptions(readsWeights: true);
        var command = new Command("predict", "Prints the class and the likeliest classes of each image.") { file, inputs, network, weights, top };
        scalingOptions.AddTo(command);
        command.SetAction(parsed =>
        {
            var weightsPath = parsed.GetRequiredValue(weights);
            var trained = TrainedModel.Load(parsed.GetRequiredValue(file), parsed.GetValue(network), weightsPath);
            var (chosen, model) = (trained.Network, trained.Model);
            var scaling = scalingOptions.Resolve(parsed, trained.Scaling, parsed.InvocationConfiguration.Error);
            var paths = parsed.GetRequiredValue(inputs);
            foreach (var path in paths.Where(p => !File.Exists(p)))
                throw new CliException($"{path}: no such file");
            var k = Math.Min(parsed.GetValue(top), model.OutputLength);
            foreach (var path in paths)
            {
                foreach (var (name, sample) in Samples(path, chosen.Input, scaling))
                    output.WriteLine(name + ": " + Describe(chosen, model, sample, scaling, k));
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static IEnumerable<(string Name, float[] Sample)> Samples(string path, Shape input, InputScaling scaling)
    {
        if (ImageInput.IsImage(path))
        {
            yield return (path, ImageInput.Read(path, input, scaling));
            yield break;
        }
        var array = Idx.Read(path);
        // One image ([784] or [28, 28]) when the whole array is one input's size; otherwise images along the first dimension.
        var single = array.Data.Length == input.Size;
        var perImage = single ? array.Data.Length : array.ItemSize;
        if (perImage != input.Size)
            throw new CliException($"{path}: its images have {perImage} values but the network takes inputs {input} ({input.Size} values)");
        var count = single ? 1 : array.Count;
        for (var i = 0; i < count; i++)
        {
            var sample = new float[perImage];
            for (var j = 0; j < perImage; j++)
                sample[j] = scaling.Scale(array.Data[i * perImage + j]);
            yield return (string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]"), sample);
        }
    }

    private static string Describe(Network network, INetwork model, float[] sample, InputScaling scaling, int k)
    {
        var outputs = new float[model.OutputLength];
        model.Predict(sample, outputs);
        var (probabilities, areProbabilities) = Probabilities(network, outputs);
        var ranked = Enumerable.Range(0, outputs.Length).OrderByDescending(c => probabilities[c]).ThenBy(c => c).Take(k).ToList();
        var kind = areProbabilities ? "p" : "score";
        return string.Create(CultureInfo.InvariantCulture, $"{scaling.ClassName(ranked[0])} (class {ranked[0]}); ")
            + string.Join(", ", ranked.Select(c => string.Create(CultureInfo.InvariantCulture, $"{scaling.ClassName(c)} {kind}={probabilities[c]:F4}")));
    }

    // A network trained with softmax cross-entropy and no softmax layer of its own predicts logits; they are turned into
    // probabilities as the loss does. Other losses' outputs are scores, shown as they are.
    private static (float[] Values, bool AreProbabilities) Probabilities(Network network, float[] outputs)
    {
        if (network.Layers.Count > 0 && network.Layers[network.Layers.Count - 1].Op == OpKind.Softmax)
            return (outputs, true);
        if (!network.Loss.Definition.AppliesSoftmax)
            return (outputs, false);
        ClassProbabilities.Softmax(outputs);
        return (outputs, true);
    }
}
