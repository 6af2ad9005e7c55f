using NetForge.Plots;

namespace NetForge.Cli.Tests;

/// <summary>Every kind of bad input gives one line on standard error that says what and where, and a non-zero exit code.</summary>
public sealed class BadInputTests : IClassFixture<TrainTests.TrainedOnce>
{
    private static readonly string LeNet5File = NetForgeProcess.Example("FashionMnist", "models", "lenet5.net");
    private static readonly string SpiralFile = NetForgeProcess.Example("Spiral", "spiral.net");

    private readonly TrainTests.TrainedOnce _trained;

    public BadInputTests(TrainTests.TrainedOnce trained) => _trained = trained;

    [Fact]
    public void Weights_of_another_network_name_the_tensor_and_both_shapes()
    {
        var result = NetForgeProcess.Run(_trained.Directory.Path, "export", SpiralFile, "--network", "SpiralNet", "--weights", "lenet5.safetensors", "--onnx", "spiral.onnx");

        var line = OneLine(result, 1);
        Assert.StartsWith("netforge: lenet5.safetensors: tensor 'dense1.weight' has shape [120, 400] in the file but [64, 2] in the network", line);
        Assert.False(File.Exists(_trained.Directory.File("spiral.onnx")));
    }

    [Fact]
    public void An_image_of_another_shape_names_both_sizes()
    {
        using var directory = new TemporaryDirectory();
        new Picture(100, 30, Rgb.White).Save(directory.File("wide.png"));

        var result = NetForgeProcess.Run(directory.Path, "predict", LeNet5File, "--weights", _trained.Weights, "wide.png");

        Assert.Equal("netforge: wide.png: the image is 100×30 but the network takes 28×28 images; crop it to that shape first", OneLine(result, 1));
    }

    [Fact]
    public void A_file_that_is_not_an_image_says_so()
    {
        using var directory = new TemporaryDirectory();
        directory.Write("notes.png", "not a picture");

        var result = NetForgeProcess.Run(directory.Path, "predict", LeNet5File, "--weights", _trained.Weights, "notes.png");

        Assert.StartsWith("netforge: notes.png: not a PNG or JPEG image this can read (", OneLine(result, 1));
    }

    [Fact]
    public void Missing_files_are_named()
    {
        using var directory = new TemporaryDirectory();
        directory.Write("x.idx", "");

        Assert.Equal("netforge: absent.net: no such file", OneLine(NetForgeProcess.Run(directory.Path, "train", "absent.net", "--out", "w.safetensors"), 1));
        Assert.Equal("netforge: absent.safetensors: no such weights file", OneLine(NetForgeProcess.Run(directory.Path, "predict", LeNet5File, "--weights", "absent.safetensors", "x.idx"), 1));
        Assert.Equal("netforge: absent.png: no such file", OneLine(NetForgeProcess.Run(directory.Path, "predict", LeNet5File, "--weights", _trained.Weights, "absent.png"), 1));
        Assert.StartsWith("netforge: MNIST-format directory '/absent' not found", OneLine(NetForgeProcess.Run(directory.Path, "train", LeNet5File, "--data", "/absent", "--out", "w.safetensors"), 1));
        Assert.Equal($"netforge: {Path.Combine("nowhere", "w.safetensors")}: its directory {Path.Combine(directory.Path, "nowhere")} does not exist",
            OneLine(NetForgeProcess.Run(directory.Path, "train", LeNet5File, "--out", Path.Combine("nowhere", "w.safetensors")), 1));
    }

    [Fact]
    public void A_malformed_network_stops_train_predict_and_export_at_its_first_error()
    {
        using var directory = new TemporaryDirectory();
        directory.Write("shape.net", "network Bad {\n    input [1, 28, 28]\n    conv2d(6, kernel: 50)\n    dense(10)\n    loss softmax_cross_entropy\n}\n");
        const string expected = "netforge: shape.net(3,5): error NF2003: conv2d(6, kernel: 50) needs an input of at least 50x50 but the previous layer yields [1, 28, 28]";

        Assert.Equal(expected, OneLine(NetForgeProcess.Run(directory.Path, "train", "shape.net", "--out", "w.safetensors"), 1));
        Assert.Equal(expected, OneLine(NetForgeProcess.Run(directory.Path, "predict", "shape.net", "--weights", _trained.Weights, "x.png"), 1));
        Assert.Equal(expected, OneLine(NetForgeProcess.Run(directory.Path, "export", "shape.net", "--weights", _trained.Weights, "--onnx", "x.onnx"), 1));
        Assert.False(File.Exists(directory.File("w.safetensors")));
    }

    [Fact]
    public void Data_that_does_not_fit_the_network_is_refused_before_training()
    {
        using var directory = new TemporaryDirectory();

        var result = NetForgeProcess.Run(directory.Path, "train", SpiralFile, "--network", "SpiralNet", "--out", "w.safetensors");

        Assert.Equal($"netforge: network SpiralNet takes inputs [2] (2 values) but the samples of {FashionMnist.DefaultDirectory} have 784", OneLine(result, 1));
        Assert.False(File.Exists(directory.File("w.safetensors")));
    }

    [Theory]
    [InlineData("--epochs", "0", "netforge: --epochs takes a whole number of at least 1, not '0' (see netforge train --help)")]
    [InlineData("--optimizer", "adagrad", "netforge: Argument 'adagrad' not recognized. Must be one of:")]
    [InlineData("--augment", "blur", "netforge: unknown augmentation 'blur' in --augment; use flip, translate:PIXELS, crop:PADDING, rotate:DEGREES or noise:STD")]
    [InlineData("--samples", "70000", "netforge: --samples 70000: the training set of /usr/share/datasets/fashion-mnist has 60000 images")]
    [InlineData("--samples", "10", "netforge: --batch 64: the training set has only 10 images, not one batch")]
    [InlineData("--lr", "0", "netforge: --lr takes a positive number such as 0.001, not '0' (see netforge train --help)")]
    [InlineData("--lr", "1,5", "netforge: --lr takes a positive number such as 0.001, not '1,5' (see netforge train --help)")]
    [InlineData("--std", "-1", "netforge: --std takes a positive number such as 0.001, not '-1' (see netforge train --help)")]
    [InlineData("--augment", ",", "netforge: --augment ',' names no stage")]
    [InlineData("--threads", "4096", "netforge: --threads 4096: this machine has ")]
    public void A_bad_training_option_is_one_line_with_exit_code_2(string option, string value, string expected)
    {
        using var directory = new TemporaryDirectory();

        var result = NetForgeProcess.Run(directory.Path, "train", LeNet5File, option, value, "--out", "w.safetensors");

        Assert.StartsWith(expected, OneLine(result, 2));
    }

    [Fact]
    public void An_occlusion_patch_larger_than_the_image_and_a_picture_in_a_missing_directory_are_refused_before_any_work()
    {
        using var directory = new TemporaryDirectory();

        var patch = NetForgeProcess.Run(directory.Path, "plot", "occlusion", LeNet5File, "--weights", _trained.Weights, "--test-image", "0", "--patch", "30", "--out", "o.png");
        var missing = NetForgeProcess.Run(directory.Path, "plot", "filters", LeNet5File, "--weights", _trained.Weights, "--out", Path.Combine("nowhere", "f.png"));

        Assert.Equal("netforge: --patch 30: the network's images are 28x28", OneLine(patch, 2));
        Assert.StartsWith($"netforge: {Path.Combine("nowhere", "f.png")}: its directory ", OneLine(missing, 2));
        Assert.EndsWith(" does not exist (see netforge plot filters --help)", OneLine(missing, 2));
    }

    private static string OneLine(NetForgeProcess.Result result, int exitCode)
    {
        Assert.True(result.ExitCode == exitCode, result.ToString());
        Assert.DoesNotContain("   at ", result.Error);
        return Assert.Single(result.ErrorLines);
    }
}
