using System.Text.RegularExpressions;
using Examples.FashionMnist;
using NetForge.Plots;
using StbImageSharp;

namespace NetForge.Cli.Tests;

/// <summary><c>netforge plot</c>: each picture is a PNG of the size it reports, and the same picture the API draws
/// from the same network and weights.</summary>
public sealed class PlotTests : IClassFixture<TrainTests.TrainedOnce>
{
    private static readonly string LeNet5File = NetForgeProcess.Example("FashionMnist", "models", "lenet5.net");

    private readonly TrainTests.TrainedOnce _trained;

    public PlotTests(TrainTests.TrainedOnce trained) => _trained = trained;

    [Fact]
    public void The_confusion_matrix_is_the_api_s_picture_of_the_trained_weights()
    {
        using var directory = new TemporaryDirectory();

        var result = NetForgeProcess.Run(directory.Path, "plot", "confusion", LeNet5File, "--weights", _trained.Weights, "--out", "confusion.png");

        var network = Trained();
        AssertSamePicture(ConfusionMatrixPicture.Draw(ConfusionMatrix.Of(network, FashionMnistSubset.Test), FashionMnist.ClassNames), result, directory.File("confusion.png"));
    }

    [Fact]
    public void The_filters_are_the_first_convolution_s_unless_a_layer_is_named()
    {
        using var directory = new TemporaryDirectory();

        var first = NetForgeProcess.Run(directory.Path, "plot", "filters", LeNet5File, "--weights", _trained.Weights, "--out", "conv1.png");
        var second = NetForgeProcess.Run(directory.Path, "plot", "filters", LeNet5File, "--weights", _trained.Weights, "--layer", "conv2", "--out", "conv2.png");
        var dense = NetForgeProcess.Run(directory.Path, "plot", "filters", LeNet5File, "--weights", _trained.Weights, "--layer", "dense1", "--out", "dense1.png");

        var network = Trained();
        AssertSamePicture(FilterPicture.Draw(network.Conv1Weight), first, directory.File("conv1.png"));
        AssertSamePicture(FilterPicture.Draw(network.Conv2Weight), second, directory.File("conv2.png"));
        Assert.Equal(1, dense.ExitCode);
        Assert.Equal(["netforge: network LeNet5 has no convolution 'dense1'; its convolutions are conv1, conv2"], dense.ErrorLines);
    }

    [Fact]
    public void The_occlusion_map_of_a_test_image_is_the_api_s_with_a_mid_grey_patch()
    {
        using var directory = new TemporaryDirectory();

        var result = NetForgeProcess.Run(directory.Path, "plot", "occlusion", LeNet5File, "--weights", _trained.Weights, "--test-image", "2", "--patch", "5", "--stride", "3", "--out", "occlusion.png");

        INetwork network = Trained();
        var sample = FashionMnistSubset.Test.Sample(2);
        var predicted = network.Classify(sample);
        var probabilities = new float[10];
        ClassProbabilities.Predict(network, sample, probabilities);
        var map = Occlusion.Map(network, sample, predicted, 5, 3, (128 / 255f - FashionMnist.Mean) / FashionMnist.StandardDeviation);
        var title = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{FashionMnist.ClassNames[predicted]}, p={probabilities[predicted]:F3}");
        AssertSamePicture(Occlusion.Draw(InputImage.Of(network.InputShape), sample, map, title), result, directory.File("occlusion.png"));
    }

    [Fact]
    public void The_patches_of_a_feature_map_are_found_through_a_probe_cut_after_the_layer()
    {
        using var directory = new TemporaryDirectory();

        var result = NetForgeProcess.Run(directory.Path, "plot", "patches", LeNet5File, "--weights", _trained.Weights, "--layer", "relu2", "--channel", "5", "--images", "300", "--out", "patches.png");
        var flat = NetForgeProcess.Run(directory.Path, "plot", "patches", LeNet5File, "--weights", _trained.Weights, "--layer", "dense1", "--out", "x.png");
        var channel = NetForgeProcess.Run(directory.Path, "plot", "patches", LeNet5File, "--weights", _trained.Weights, "--layer", "conv1", "--channel", "6", "--out", "x.png");

        Assert.True(result.ExitCode == 0, result.ToString());
        var decoded = AssertPictureFile(result, directory.File("patches.png"));
        Assert.True(decoded.Width >= 3 * 14 * 5, decoded.Width.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(["netforge: layer dense1 yields [120], not feature maps; choose a convolution, or a layer after one and before the flatten"], flat.ErrorLines);
        Assert.Equal(2, channel.ExitCode);
        Assert.Equal(["netforge: --channel 6: layer conv1 has feature maps 0 to 5"], channel.ErrorLines);
    }

    [Fact]
    public void The_learning_curves_are_drawn_from_the_csv_log_and_from_json_lines()
    {
        using var directory = new TemporaryDirectory();
        directory.Write("log.jsonl",
            "{\"epoch\":1,\"loss\":0.6,\"accuracy\":0.78,\"val_loss\":0.5,\"val_accuracy\":0.82,\"learning_rate\":0.001,\"seconds\":1.5}\n" +
            "{\"epoch\":2,\"loss\":0.4,\"accuracy\":0.85,\"val_loss\":0.42,\"val_accuracy\":0.85,\"learning_rate\":0.001,\"seconds\":1.4}\n");
        directory.Write("log.csv", "epoch,loss,accuracy,val_loss,val_accuracy,learning_rate,seconds\n1,0.6,0.78,0.5,0.82,0.001,1.5\n2,0.4,0.85,0.42,0.85,0.001,1.4\n");
        directory.Write("broken.csv", "epoch,loss,accuracy,val_loss,val_accuracy,learning_rate,seconds\n1,0.6,x,0.5,0.82,0.001,1.5\n");

        var json = NetForgeProcess.Run(directory.Path, "plot", "curves", "log.jsonl", "--out", "json.png");
        var csv = NetForgeProcess.Run(directory.Path, "plot", "curves", "log.csv", "--out", "csv.png");
        var broken = NetForgeProcess.Run(directory.Path, "plot", "curves", "broken.csv", "--out", "broken.png");

        EpochFigures[] epochs = [new(1, 0.6, 0.78, 0.5, 0.82), new(2, 0.4, 0.85, 0.42, 0.85)];
        AssertSamePicture(LearningCurves.Draw(epochs), json, directory.File("json.png"));
        AssertSamePicture(LearningCurves.Draw(epochs), csv, directory.File("csv.png"));
        Assert.Equal(["netforge: broken.csv(2): accuracy is 'x', not a number"], broken.ErrorLines);
        Assert.False(File.Exists(directory.File("broken.png")));
    }

    [Fact]
    public void The_decision_boundary_is_the_api_s_picture_of_networks_trained_on_the_points_file()
    {
        using var directory = new TemporaryDirectory();
        var report = Examples.Spiral.SpiralTraining.Run(pointsPerArm: 40, epochs: 200);
        report.LinearClassifier.SaveWeights(directory.File("linear.safetensors"));
        report.TanhNetwork.SaveWeights(directory.File("tanh.safetensors"));
        var lines = Enumerable.Range(0, report.Points.Count).Select(i => string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{report.Points.Sample(i)[0]:R},{report.Points.Sample(i)[1]:R},{report.Points.Label(i)}"));
        File.WriteAllLines(directory.File("spiral.csv"), ["x,y,label", .. lines]);
        var spiral = NetForgeProcess.Example("Spiral", "spiral.net");

        var result = NetForgeProcess.Run(directory.Path, "plot", "boundary", spiral, "--points", "spiral.csv",
            "--panel", "LinearClassifier=linear.safetensors", "--panel", "SpiralNet=tanh.safetensors", "--out", "spiral.png");
        var bad = NetForgeProcess.Run(directory.Path, "plot", "boundary", spiral, "--points", "spiral.csv", "--panel", "SpiralNet", "--out", "x.png");

        var expected = DecisionBoundary.Draw(
        [
            (string.Create(System.Globalization.CultureInfo.InvariantCulture, $"LinearClassifier: {report.Linear:F2}"), report.LinearClassifier),
            (string.Create(System.Globalization.CultureInfo.InvariantCulture, $"SpiralNet: {report.Network:F2}"), report.TanhNetwork),
        ], report.Points);
        AssertSamePicture(expected, result, directory.File("spiral.png"));
        Assert.Equal(2, bad.ExitCode);
        Assert.Equal(["netforge: --panel SpiralNet: give a network and its weights as NAME=WEIGHTS"], bad.ErrorLines);
    }

    private LeNet5 Trained()
    {
        var network = new LeNet5(seed: 0);
        network.LoadWeights(_trained.Weights);
        return network;
    }

    private static void AssertSamePicture(Picture expected, NetForgeProcess.Result result, string path)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        var decoded = AssertPictureFile(result, path);
        Assert.Equal((expected.Width, expected.Height), (decoded.Width, decoded.Height));
        for (var y = 0; y < expected.Height; y++)
        {
            for (var x = 0; x < expected.Width; x++)
            {
                var at = (y * expected.Width + x) * 3;
                Assert.True(expected[x, y] == new Rgb(decoded.Data[at], decoded.Data[at + 1], decoded.Data[at + 2]), $"pixel ({x}, {y}) differs");
            }
        }
    }

    /// <summary>The file decodes as a PNG of the size the command reported.</summary>
    private static ImageResult AssertPictureFile(NetForgeProcess.Result result, string path)
    {
        var line = Assert.Single(result.OutputLines);
        var size = Regex.Match(line, @"^(\d+)x(\d+) picture written to ");
        Assert.True(size.Success, line);
        var decoded = ImageResult.FromMemory(File.ReadAllBytes(path), ColorComponents.RedGreenBlue);
        Assert.Equal((int.Parse(size.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(size.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)), (decoded.Width, decoded.Height));
        return decoded;
    }
}
