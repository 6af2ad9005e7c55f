using System.CommandLine;
using System.Globalization;
using NetForge.Cli.Building;
using NetForge.Cli.Inputs;
using NetForge.Cli.Training;
using NetForge.Dsl.Model;
using NetForge.Plots;

namespace NetForge.Cli.Commands;

/// <summary>
/// <c>netforge plot</c>: the pictures of <see cref="NetForge.Plots"/> from the files a run leaves: learning curves from
/// its log; a confusion matrix, the first convolution's filters, an occlusion map and the patches that most excite a
/// feature map from its network and weights.
/// </summary>
internal static class PlotCommand
{
    public static Command Create(TextWriter output) => new("plot", "Draws pictures of a network and its training as PNG files.")
    {
        Curves(output), Confusion(output), Filters(output), OcclusionMap(output), Patches(output), Boundary(output),
    };

    private static Command Curves(TextWriter output)
    {
        var log = new Argument<string>("log") { Description = "The training log that netforge train --log wrote (CSV or JSON lines)." };
        var target = Target();
        var command = new Command("curves", "Loss and accuracy per epoch, training and validation.") { log, target };
        command.SetAction(parsed => Save(LearningCurves.Draw(EpochLogReader.Read(parsed.GetRequiredValue(log))), parsed.GetRequiredValue(target), output));
        return command;
    }

    private static Command Confusion(TextWriter output)
    {
        var (file, network, weights, data) = (File(), CommonOptions.Network(), CommonOptions.Weights(), Data());
        var target = Target();
        var scalingOptions = new ScalingOptions(readsWeights: true);
        var command = new Command("confusion", "The confusion matrix of the test images, with class names and counts.") { file, network, weights, data, target };
        scalingOptions.AddTo(command);
        command.SetAction(parsed =>
        {
            var weightsPath = parsed.GetRequiredValue(weights);
            var trained = TrainedModel.Load(parsed.GetRequiredValue(file), parsed.GetValue(network), weightsPath);
            var scaling = scalingOptions.Resolve(parsed, trained.Scaling, parsed.InvocationConfiguration.Error);
            var test = TestImages(trained.Network, parsed.GetRequiredValue(data), scaling);
            return Save(ConfusionMatrixPicture.Draw(ConfusionMatrix.Of(trained.Model, test), scaling.Classes), parsed.GetRequiredValue(target), output);
        });
        return command;
    }

    private static Command Filters(TextWriter output)
    {
        var (file, network, weights) = (File(), CommonOptions.Network(), CommonOptions.Weights());
        var layer = new Option<string?>("--layer") { Description = "The convolution; the first one when not named.", HelpName = "NAME" };
        var target = Target();
        var command = new Command("filters", "A convolution's filters, red positive and blue negative.") { file, network, weights, layer, target };
        command.SetAction(parsed =>
        {
            var trained = TrainedModel.Load(parsed.GetRequiredValue(file), parsed.GetValue(network), parsed.GetRequiredValue(weights));
            var name = parsed.GetValue(layer);
            var conv = trained.Network.Layers.FirstOrDefault(l => l.Op == OpKind.Conv2D && (name is null || l.Name == name))
                ?? throw new CliException(name is null
                    ? $"network {trained.Network.Name} has no convolution"
                    : $"network {trained.Network.Name} has no convolution '{name}'; its convolutions are {string.Join(", ", trained.Network.Layers.Where(l => l.Op == OpKind.Conv2D).Select(l => l.Name))}");
            var weight = trained.Model.Parameters.Single(p => p.Name == conv.Name + ".weight");
            return Save(FilterPicture.Draw(weight), parsed.GetRequiredValue(target), output);
        });
        return command;
    }

    private static Command OcclusionMap(TextWriter output)
    {
        var (file, network, weights, data) = (File(), CommonOptions.Network(), CommonOptions.Weights(), Data());
        var imageFile = new Option<string?>("--image") { Description = "A PNG or JPEG image to explain.", HelpName = "FILE" };
        var index = new Option<int?>("--test-image") { Description = "Explain this test image of --data instead.", HelpName = "N" };
        var patch = CommonOptions.Positive("--patch", "The side of the grey patch in pixels.", 6);
        var stride = CommonOptions.Positive("--stride", "How far the patch moves each time.", 2);
        var target = Target();
        var scalingOptions = new ScalingOptions(readsWeights: true);
        var command = new Command("occlusion", "Which part of an image the predicted class depends on: the drop in its probability as a grey patch hides each part.")
        {
            file, network, weights, data, imageFile, index, patch, stride, target,
        };
        scalingOptions.AddTo(command);
        command.SetAction(parsed =>
        {
            var weightsPath = parsed.GetRequiredValue(weights);
            var trained = TrainedModel.Load(parsed.GetRequiredValue(file), parsed.GetValue(network), weightsPath);
            var scaling = scalingOptions.Resolve(parsed, trained.Scaling, parsed.InvocationConfiguration.Error);
            var sample = (parsed.GetValue(imageFile), parsed.GetValue(index)) switch
            {
                ({ } path, null) => System.IO.File.Exists(path) ? ImageInput.Read(path, trained.Network.Input, scaling) : throw new CliException($"{path}: no such file"),
                (null, { } n) => TestSample(TestImages(trained.Network, parsed.GetRequiredValue(data), scaling), n),
                _ => throw new CliException("give the image to explain with --image FILE or --test-image N, one of them", ExitCodes.Usage),
            };
            var model = trained.Model;
            var image = InputImage.Of(model.InputShape);
            if (parsed.GetValue(patch) > Math.Min(image.Height, image.Width))
                throw new CliException(string.Create(CultureInfo.InvariantCulture, $"--patch {parsed.GetValue(patch)}: the network's images are {image.Width}x{image.Height}"), ExitCodes.Usage);
            var predicted = model.Classify(sample);
            var probabilities = new float[model.OutputLength];
            ClassProbabilities.Predict(model, sample, probabilities);
            var map = Occlusion.Map(model, sample, predicted, parsed.GetValue(patch), parsed.GetValue(stride), scaling.Scale(128));
            var title = string.Create(CultureInfo.InvariantCulture, $"{scaling.ClassName(predicted)}, p={probabilities[predicted]:F3}");
            return Save(Occlusion.Draw(image, sample, map, title), parsed.GetRequiredValue(target), output);
        });
        return command;
    }

    private static Command Patches(TextWriter output)
    {
        var (file, network, weights, data) = (File(), CommonOptions.Network(), CommonOptions.Weights(), Data());
        var layer = new Option<string>("--layer") { Description = "The layer whose feature maps are searched, a convolution or after one.", Required = true, HelpName = "NAME" };
        var channel = new Option<int>("--channel") { Description = "The feature map.", DefaultValueFactory = _ => 0, HelpName = "C" };
        var images = CommonOptions.Positive("--images", "How many test images to search.", 2000);
        var target = Target();
        var scalingOptions = new ScalingOptions(readsWeights: true);
        var command = new Command("patches", "The nine test image patches that most excite a feature map.") { file, network, weights, data, layer, channel, images, target };
        scalingOptions.AddTo(command);
        command.SetAction(parsed =>
        {
            var weightsPath = parsed.GetRequiredValue(weights);
            var trained = TrainedModel.Load(parsed.GetRequiredValue(file), parsed.GetValue(network), weightsPath);
            var scaling = scalingOptions.Resolve(parsed, trained.Scaling, parsed.InvocationConfiguration.Error);
            var layerName = parsed.GetRequiredValue(layer);
            var chosen = Networks.Layer(trained.Network, layerName);
            if (!chosen.Output.IsImage)
                throw new CliException($"layer {layerName} yields {chosen.Output}, not feature maps; choose a convolution, or a layer after one and before the flatten");
            var c = parsed.GetValue(channel);
            if (c < 0 || c >= chosen.Output.Channels)
                throw new CliException(string.Create(CultureInfo.InvariantCulture, $"--channel {c}: layer {layerName} has feature maps 0 to {chosen.Output.Channels - 1}"), ExitCodes.Usage);
            var probe = ProbeNetwork.Create(trained.Network, layerName, weightsPath);
            var test = TestImages(trained.Network, parsed.GetRequiredValue(data), scaling);
            test = test.Take(Math.Min(parsed.GetValue(images), test.Count));
            var patches = FeatureMaps.Strongest(probe, test, c);
            var title = string.Create(CultureInfo.InvariantCulture, $"{layerName} channel {c}: top {patches.Count} of {test.Count}");
            return Save(FeatureMaps.Draw(test, InputImage.Of(probe.InputShape), patches, title), parsed.GetRequiredValue(target), output);
        });
        return command;
    }

    private static Command Boundary(TextWriter output)
    {
        var file = File();
        var points = new Option<string>("--points") { Description = "The points, a CSV file of x,y,label lines.", Required = true, HelpName = "CSV" };
        var panels = new Option<string[]>("--panel")
        {
            Description = "A network of the file and its weights, NAME=WEIGHTS; repeat it for panels side by side.",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
            HelpName = "NAME=WEIGHTS",
        };
        var target = Target();
        var command = new Command("boundary", "The class regions of networks of two inputs, with the points, side by side.") { file, points, panels, target };
        command.SetAction(parsed =>
        {
            Dataset? data = null;
            var drawn = new List<(string, IPredictor)>();
            foreach (var panel in parsed.GetRequiredValue(panels))
            {
                var equals = panel.IndexOf('=');
                if (equals <= 0 || equals == panel.Length - 1)
                    throw new CliException($"--panel {panel}: give a network and its weights as NAME=WEIGHTS", ExitCodes.Usage);
                var trained = TrainedModel.Load(parsed.GetRequiredValue(file), panel[..equals], panel[(equals + 1)..]);
                data ??= PointsFile.Read(parsed.GetRequiredValue(points), trained.Network.Output.Size);
                DataChecks.CheckFits(trained.Network, data, parsed.GetRequiredValue(points));
                var accuracy = trained.Model.Evaluate(data).Accuracy;
                drawn.Add((string.Create(CultureInfo.InvariantCulture, $"{trained.Network.Name}: {accuracy:F2}"), trained.Model));
            }
            return Save(DecisionBoundary.Draw(drawn, data!), parsed.GetRequiredValue(target), output);
        });
        return command;
    }

    private static Argument<string> File() => new("file") { Description = "The .net file." };

    private static Option<string> Data() => new("--data")
    {
        Description = "The directory of the MNIST-format files whose test images are used.",
        DefaultValueFactory = _ => FashionMnist.DefaultDirectory,
        HelpName = "DIR",
    };

    // The file's directory is checked as the command line is read, before any time is spent on the picture.
    private static Option<string> Target()
    {
        var option = new Option<string>("--out") { Description = "The PNG file to write.", Required = true, HelpName = "PNG" };
        option.Validators.Add(result =>
        {
            try
            {
                OutputFiles.CheckDirectory(result.GetValueOrDefault<string>());
            }
            catch (CliException e)
            {
                result.AddError(e.Message);
            }
        });
        return option;
    }

    private static Dataset TestImages(Network network, string directory, InputScaling scaling)
    {
        var test = MnistFormat.LoadTest(directory, scaling.Mean, scaling.StandardDeviation, "MNIST-format",
            "Put the test files there (t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte), each gzip-compressed with a .gz suffix or plain.");
        DataChecks.CheckFits(network, test, directory);
        return test;
    }

    private static float[] TestSample(Dataset test, int index) =>
        index >= 0 && index < test.Count
            ? test.Sample(index).ToArray()
            : throw new CliException(string.Create(CultureInfo.InvariantCulture, $"--test-image {index}: the test set has images 0 to {test.Count - 1}"), ExitCodes.Usage);

    private static int Save(Picture picture, string path, TextWriter output)
    {
        OutputFiles.CheckDirectory(path);
        picture.Save(path);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{picture.Width}x{picture.Height} picture written to {path}"));
        return ExitCodes.Success;
    }
}
