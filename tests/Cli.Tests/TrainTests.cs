using System.Globalization;
using System.Text.RegularExpressions;
using Examples.FashionMnist;
using NetForge.Plots;

namespace NetForge.Cli.Tests;

/// <summary>
/// <c>netforge train</c>, <c>predict</c> and <c>export</c> on a Fashion-MNIST subset: the command trains the very bits
/// the generator's class trains, and what it saves is what predict and export then use.
/// </summary>
public sealed class TrainTests : IClassFixture<TrainTests.TrainedOnce>
{
    private const int Samples = 640;
    private const int Seed = 3;

    private static readonly string LeNet5File = NetForgeProcess.Example("FashionMnist", "models", "lenet5.net");

    private readonly TrainedOnce _trained;

    public TrainTests(TrainedOnce trained) => _trained = trained;

    /// <summary>One epoch of LeNet-5 on the first 640 images (10 steps), trained by the command for all the tests.</summary>
    public sealed class TrainedOnce : IDisposable
    {
        public TrainedOnce()
        {
            Result = NetForgeProcess.Run(Directory.Path, "train", LeNet5File, "--samples", Count(Samples), "--seed", Count(Seed), "--threads", "2",
                "--out", "lenet5.safetensors", "--log", "log.csv");
            Weights = Directory.File("lenet5.safetensors");
        }

        internal TemporaryDirectory Directory { get; } = new();

        internal NetForgeProcess.Result Result { get; }

        public string Weights { get; }

        public void Dispose() => Directory.Dispose();
    }

    [Fact]
    public void It_trains_the_bits_the_generated_class_trains_with_the_same_seed_and_writes_a_line_and_a_log_record_an_epoch()
    {
        Assert.True(_trained.Result.ExitCode == 0, _trained.Result.ToString());
        var network = TrainedInProcess(epochs: 1);

        AssertSameWeights(network, _trained.Weights);
        var lines = _trained.Result.OutputLines;
        Assert.Matches(@"^Epoch 1/1  loss \d\.\d{4}  acc \d\.\d{4}  val_loss \d\.\d{4}  val_acc \d\.\d{4}  \d+\.\d{2} s$", lines[0]);
        var accuracy = network.Evaluate(FashionMnistSubset.Test).Accuracy;
        Assert.StartsWith(string.Create(CultureInfo.InvariantCulture, $"LeNet5: test accuracy {accuracy:F4}, loss "), lines[^1]);
        Assert.EndsWith(" on 10000 images; weights saved to lenet5.safetensors, the log to log.csv", lines[^1]);
        var log = File.ReadAllLines(_trained.Directory.File("log.csv"));
        Assert.Equal("epoch,loss,accuracy,val_loss,val_accuracy,learning_rate,seconds", log[0]);
        Assert.Matches(@"^1,[0-9.]+,[0-9.]+,[0-9.]+,0\.[0-9]+,0\.001,[0-9.]+$", log[1]);
        Assert.Equal(2, log.Length);
    }

    [Fact]
    public void Predict_classifies_idx_and_png_images_with_the_weights_train_wrote()
    {
        using var directory = new TemporaryDirectory();
        var idx = FashionMnistSubset.WriteTestImages(directory.File("first.idx"), 20);
        var exact = WritePng(directory.File("image3.png"), FashionMnistSubset.TestPixels(3), 1);
        var doubled = WritePng(directory.File("image3-large.png"), FashionMnistSubset.TestPixels(3), 2);
        var network = new LeNet5(seed: 0);
        network.LoadWeights(_trained.Weights);

        var result = NetForgeProcess.Run(directory.Path, "predict", LeNet5File, "--weights", _trained.Weights, "--top", "2", "first.idx", exact, doubled);

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.OutputLines;
        Assert.Equal(22, lines.Length);
        for (var i = 0; i < 20; i++)
        {
            var predicted = network.Classify(FashionMnistSubset.Test.Sample(i));
            Assert.StartsWith($"first.idx[{i}]: {FashionMnist.ClassNames[predicted]} (class {predicted}); {FashionMnist.ClassNames[predicted]} p=", lines[i]);
            Assert.Equal(2, Regex.Matches(lines[i], @" p=[01]\.\d{4}").Count);
        }
        // An image twice the input's size averages back to the same pixels, so it gets the same prediction.
        Assert.Equal(lines[3]["first.idx[3]".Length..], lines[20][exact.Length..]);
        Assert.Equal(lines[3]["first.idx[3]".Length..], lines[21][doubled.Length..]);
    }

    [Fact]
    public void The_log_goes_beside_the_weights_unless_placed_elsewhere_and_json_lines_are_written_for_a_jsonl_path()
    {
        using var directory = new TemporaryDirectory();

        var beside = NetForgeProcess.Run(directory.Path, "train", LeNet5File, "--samples", "128", "--out", "small.safetensors");
        var json = NetForgeProcess.Run(directory.Path, "train", LeNet5File, "--samples", "128", "--out", "other.safetensors", "--log", "other.jsonl");

        Assert.True(beside.ExitCode == 0, beside.ToString());
        Assert.EndsWith("weights saved to small.safetensors, the log to small.log.csv", beside.OutputLines[^1]);
        Assert.Equal(2, File.ReadAllLines(directory.File("small.log.csv")).Length);
        Assert.True(json.ExitCode == 0, json.ToString());
        Assert.Matches(@"^\{""epoch"":1,""loss"":[0-9.]+,""accuracy"":[0-9.]+,""val_loss"":[0-9.]+,""val_accuracy"":[0-9.]+,""learning_rate"":0\.001,""seconds"":[0-9.E-]+\}$",
            Assert.Single(File.ReadAllLines(directory.File("other.jsonl"))));
    }

    [Fact]
    public void Weights_that_record_no_scaling_get_fashion_mnist_s_with_a_note_unless_the_options_give_one()
    {
        using var directory = new TemporaryDirectory();
        FashionMnistSubset.WriteTestImages(directory.File("first.idx"), 10);
        // Written by the main job with SaveWeights, which records no scaling.
        var shipped = NetForgeProcess.Example("Models", "lenet5.safetensors");
        var model = NetForgeProcess.Example("Models", "lenet5.net");
        var network = new LeNet5(seed: 0);
        network.LoadWeights(shipped);

        var assumed = NetForgeProcess.Run(directory.Path, "predict", model, "--weights", shipped, "--top", "1", "first.idx");
        var given = NetForgeProcess.Run(directory.Path, "predict", model, "--weights", shipped, "--top", "1", "--mean", "0.5", "--std", "0.25", "--classes", "a,b", "first.idx");

        Assert.True(assumed.ExitCode == 0, assumed.ToString());
        Assert.Equal(["netforge: note: the weights record no input scaling, so Fashion-MNIST's is used (--mean 0.286 --std 0.353)"], assumed.ErrorLines);
        Assert.True(given.ExitCode == 0, given.ToString());
        Assert.Empty(given.Error);
        for (var i = 0; i < 10; i++)
        {
            var expected = network.Classify(FashionMnistSubset.Test.Sample(i));
            Assert.StartsWith($"first.idx[{i}]: {FashionMnist.ClassNames[expected]} (class {expected}); ", assumed.OutputLines[i]);
            var rescaled = network.Classify(FashionMnistSubset.TestPixels(i).Select(p => (p / 255f - 0.5f) / 0.25f).ToArray());
            var name = rescaled < 2 ? "ab"[rescaled].ToString() : rescaled.ToString(CultureInfo.InvariantCulture);
            Assert.StartsWith($"first.idx[{i}]: {name} (class {rescaled}); ", given.OutputLines[i]);
        }
    }

    [Fact]
    public void Predict_reads_a_jpeg_as_the_grey_pixels_its_decoder_gives()
    {
        using var directory = new TemporaryDirectory();
        var pixels = FashionMnistSubset.TestPixels(5);
        using (var file = File.Create(directory.File("image5.jpg")))
            new StbImageWriteSharp.ImageWriter().WriteJpg(pixels, 28, 28, StbImageWriteSharp.ColorComponents.Grey, file, 90);
        var decoded = StbImageSharp.ImageResult.FromMemory(File.ReadAllBytes(directory.File("image5.jpg")), StbImageSharp.ColorComponents.Grey).Data;
        var network = new LeNet5(seed: 0);
        network.LoadWeights(_trained.Weights);
        var predicted = network.Classify(decoded.Select(p => (p / 255f - FashionMnist.Mean) / FashionMnist.StandardDeviation).ToArray());

        var result = NetForgeProcess.Run(directory.Path, "predict", LeNet5File, "--weights", _trained.Weights, "image5.jpg");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith($"image5.jpg: {FashionMnist.ClassNames[predicted]} (class {predicted}); ", Assert.Single(result.OutputLines));
        Assert.NotEqual(pixels, decoded);
    }

    [Fact]
    public void Resuming_from_a_checkpoint_ends_with_the_bits_of_a_run_that_never_stopped()
    {
        using var directory = new TemporaryDirectory();
        string[] common = [LeNet5File, "--samples", Count(Samples), "--seed", Count(Seed), "--log", "log.csv"];

        var first = NetForgeProcess.Run(directory.Path, ["train", .. common, "--epochs", "1", "--checkpoint", "run.checkpoint", "--out", "one.safetensors"]);
        var resumed = NetForgeProcess.Run(directory.Path, ["train", .. common, "--epochs", "2", "--resume", "run.checkpoint", "--out", "two.safetensors"]);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Equal("resumed from run.checkpoint after epoch 1", resumed.OutputLines[0]);
        Assert.StartsWith("Epoch 2/2  loss ", resumed.OutputLines[1]);
        AssertSameWeights(TrainedInProcess(epochs: 2), directory.File("two.safetensors"));
        var log = File.ReadAllLines(directory.File("log.csv"));
        Assert.Equal(3, log.Length);
        Assert.StartsWith("1,", log[1]);
        Assert.StartsWith("2,", log[2]);
    }

    [Fact]
    public void Export_writes_an_onnx_model_that_onnx_runtime_runs_to_the_network_s_outputs()
    {
        using var directory = new TemporaryDirectory();
        var network = new LeNet5(seed: 0);
        network.LoadWeights(_trained.Weights);

        var result = NetForgeProcess.Run(directory.Path, "export", LeNet5File, "--weights", _trained.Weights, "--onnx", "lenet5.onnx");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["LeNet5: ONNX model written to lenet5.onnx"], result.OutputLines);
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(directory.File("lenet5.onnx"));
        const int count = 8;
        var inputs = new float[count * 784];
        for (var i = 0; i < count; i++)
            FashionMnistSubset.Test.Sample(i).CopyTo(inputs.AsSpan(i * 784));
        using var tensor = Microsoft.ML.OnnxRuntime.OrtValue.CreateTensorValueFromMemory(inputs, [count, 1, 28, 28]);
        using var outputs = session.Run(new Microsoft.ML.OnnxRuntime.RunOptions(), ["input"], [tensor], ["output"]);
        var onnx = outputs[0].GetTensorDataAsSpan<float>().ToArray();
        var expected = new float[10];
        for (var i = 0; i < count; i++)
        {
            network.Predict(FashionMnistSubset.Test.Sample(i), expected);
            for (var c = 0; c < 10; c++)
                Assert.True(Math.Abs(expected[c] - onnx[i * 10 + c]) <= 1e-4f * Math.Max(1, Math.Abs(expected[c])), $"sample {i} class {c}: {expected[c]} against {onnx[i * 10 + c]}");
        }
    }

    private static LeNet5 TrainedInProcess(int epochs)
    {
        var network = new LeNet5(seed: Seed);
        var trainer = new Trainer(network, new Adam(1e-3f), new TrainerOptions { BatchSize = 64, Seed = Seed, Threads = 1, Log = null });
        trainer.Fit(FashionMnistSubset.Train.Take(Samples), epochs);
        return network;
    }

    private static void AssertSameWeights(INetwork network, string path)
    {
        var file = SafetensorsFile.Read(path);
        foreach (var tensor in network.Parameters.Concat(network.State))
        {
            Assert.True(file.TryGetTensor(tensor.Name, out var stored), tensor.Name);
            var values = new float[stored.ElementCount];
            stored.CopyTo(values);
            Assert.True(values.AsSpan().SequenceEqual(tensor.Data), $"{tensor.Name} differs from the generated class's");
        }
    }

    /// <summary>Writes grey pixels as a PNG, each pixel as a block of <paramref name="scale"/> × <paramref name="scale"/>.</summary>
    internal static string WritePng(string path, byte[] pixels, int scale)
    {
        var picture = new Picture(28 * scale, 28 * scale, Rgb.Black);
        for (var y = 0; y < 28; y++)
        {
            for (var x = 0; x < 28; x++)
                picture.Fill(x * scale, y * scale, scale, scale, Rgb.Grey(pixels[y * 28 + x]));
        }
        picture.Save(path);
        return path;
    }

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
}
