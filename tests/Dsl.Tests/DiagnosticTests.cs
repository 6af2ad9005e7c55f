namespace NetForge.Dsl.Tests;

/// <summary>The NF2xxx errors of meaning: each at its line and column, with the message it prints.</summary>
public class DiagnosticTests
{
    /// <summary>Checks that a network body yields exactly one diagnostic, with this id, place and message.</summary>
    internal static void AssertSingle(string body, string id, int line, int column, string message)
    {
        var diagnostic = Assert.Single(Source.Diagnose(Source.Network(body)));
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal((line, column), (diagnostic.Location.Line, diagnostic.Location.Column));
        Assert.Equal(message, diagnostic.Message);
    }

    [Theory]
    [InlineData("input [784]|dense(10) -> rleu|loss mse", 3, 18, "unknown op 'rleu'; did you mean 'relu'?")]
    [InlineData("input [784]|densse(10)|loss mse", 3, 5, "unknown op 'densse'; did you mean 'dense'?")]
    [InlineData("input [784]|Dense(10)|loss mse", 3, 5, "unknown op 'Dense'; did you mean 'dense'?")]
    [InlineData("input [1, 8, 8]|conv(4, kernel: 3)|loss mse", 3, 5, "unknown op 'conv'; did you mean 'conv2d'?")]
    [InlineData("input [784]|dense(10) -> relu -> batch_norm|loss mse", 3, 26, "unknown op 'batch_norm'; did you mean 'batchnorm'?")]
    [InlineData("input [784]|frobnicate|loss mse", 3, 5,
        "unknown op 'frobnicate'; the ops are dense, conv2d, maxpool, avgpool, flatten, relu, leaky_relu, elu, sigmoid, tanh, maxout, softmax, dropout, batchnorm, add, concat")]
    public void NF2001_an_unknown_op_is_reported_with_a_suggestion(string body, int line, int column, string message)
    {
        AssertSingle(body, "NF2001", line, column, message);
    }

    [Theory]
    [InlineData("input [784]|conv2d(6, kernel: 5)|loss mse", 3, 5, "conv2d(6, kernel: 5) needs an input of shape [c, h, w] but the previous layer yields [784]")]
    [InlineData("input [1, 8, 8]|flatten -> conv2d(4, kernel: 3)|loss mse", 3, 16, "conv2d(4, kernel: 3) needs an input of shape [c, h, w] but the previous layer yields [64]")]
    [InlineData("input [784]|maxpool(2)|loss mse", 3, 5, "maxpool(2) needs an input of shape [c, h, w] but the previous layer yields [784]")]
    [InlineData("input [784]|dense(64) -> avgpool(2)|loss mse", 3, 18, "avgpool(2) needs an input of shape [c, h, w] but the previous layer yields [64]")]
    [InlineData("input [1, 28, 28]|maxout(2)|loss mse", 3, 5, "maxout(2) needs an input of shape [n] but the previous layer yields [1, 28, 28]")]
    [InlineData("input [1, 28, 28]|softmax|loss mse", 3, 5, "softmax needs an input of shape [n] but the previous layer yields [1, 28, 28]")]
    public void NF2002_an_op_gets_an_input_of_the_wrong_rank(string body, int line, int column, string message)
    {
        AssertSingle(body, "NF2002", line, column, message);
    }

    [Theory]
    [InlineData("input [6, 2, 2]|conv2d(16, kernel: 5)|loss mse", 3, 5, "conv2d(16, kernel: 5) needs an input of at least 5x5 but the previous layer yields [6, 2, 2]")]
    [InlineData("input [1, 3, 3]|conv2d(4, kernel: 7, padding: 1)|loss mse", 3, 5, "conv2d(4, kernel: 7, padding: 1) needs an input of at least 5x5 but the previous layer yields [1, 3, 3]")]
    [InlineData("input [1, 8, 4]|conv2d(2, kernel: [3, 5])|loss mse", 3, 5, "conv2d(2, kernel: [3, 5]) needs an input of at least 3x5 but the previous layer yields [1, 8, 4]")]
    [InlineData("input [3, 4, 4]|maxpool(5)|loss mse", 3, 5, "maxpool(5) needs an input of at least 5x5 but the previous layer yields [3, 4, 4]")]
    [InlineData("input [3, 8, 4]|relu -> avgpool(6, stride: 1)|loss mse", 3, 13, "avgpool(6, stride: 1) needs an input of at least 6x6 but the previous layer yields [3, 8, 4]")]
    public void NF2003_a_window_larger_than_its_padded_input(string body, int line, int column, string message)
    {
        AssertSingle(body, "NF2003", line, column, message);
    }

    [Fact]
    public void NF2003_the_lenet5_example_of_the_spec_prints_as_documented()
    {
        const string text = """
            network LeNet5 {
                input [1, 28, 28]
                conv2d(6, kernel: 5, padding: 2) -> relu -> maxpool(2)
                maxpool(7)
                conv2d(16, kernel: 5) -> relu -> maxpool(2)
                flatten
                dense(10)
                loss softmax_cross_entropy
            }
            """;

        var diagnostic = Assert.Single(ModelCompiler.CompileFile("lenet5.net", text).SelectMany(r => r.Diagnostics));

        Assert.Equal("lenet5.net(5,5): error NF2003: conv2d(16, kernel: 5) needs an input of at least 5x5 but the previous layer yields [6, 2, 2]", diagnostic.ToString());
    }

    [Fact]
    public void NF2004_the_residual_example_of_the_spec_prints_as_documented()
    {
        const string text = """
            # A residual block whose shortcut no longer fits
            namespace Examples.Residual

            network ResidualTiny {
                input [1, 28, 28]
                stem: conv2d(16, kernel: 3, padding: 1) -> relu
                conv2d(16, kernel: 3, padding: 1) -> batchnorm -> relu
                conv2d(16, kernel: 3, padding: 1, stride: 2) -> batchnorm
                add(stem) -> relu
                maxpool(2)
                flatten
                dense(10)
                loss softmax_cross_entropy
            }
            """;

        var diagnostic = Assert.Single(ModelCompiler.CompileFile("resnet.net", text).SelectMany(r => r.Diagnostics));

        Assert.Equal("resnet.net(9,5): error NF2004: add(stem) needs the shape of 'stem', [16, 28, 28], but the previous layer yields [16, 14, 14]", diagnostic.ToString());
    }

    [Theory]
    [InlineData("input [4]|a: dense(8)|dense(4)|add(a)|loss mse", 5, 5, "add(a) needs the shape of 'a', [8], but the previous layer yields [4]")]
    [InlineData("input [1, 8, 8]|a: conv2d(4, kernel: 3, padding: 1)|flatten -> add(a)|loss mse", 4, 16, "add(a) needs the shape of 'a', [4, 8, 8], but the previous layer yields [256]")]
    public void NF2004_add_of_two_different_shapes(string body, int line, int column, string message)
    {
        AssertSingle(body, "NF2004", line, column, message);
    }

    [Theory]
    [InlineData("input [1, 8, 8]|a: conv2d(4, kernel: 3)|conv2d(4, kernel: 5)|concat(a)|loss mse", 5, 5,
        "concat(a) cannot join 'a', [4, 6, 6], to the previous layer's [4, 2, 2]: their heights and widths differ")]
    [InlineData("input [1, 8, 8]|a: conv2d(4, kernel: 3)|flatten|concat(a)|loss mse", 5, 5,
        "concat(a) cannot join 'a', [4, 6, 6], to the previous layer's [144]: one is flat and the other is not")]
    [InlineData("input [1, 8, 8]|a: relu|b: flatten|dense(3) -> concat(b, a)|loss mse", 5, 17,
        "concat(b, a) cannot join 'a', [1, 8, 8], to the previous layer's [3]: one is flat and the other is not")]
    public void NF2005_concat_of_different_sizes_or_ranks(string body, int line, int column, string message)
    {
        AssertSingle(body, "NF2005", line, column, message);
    }

    [Theory]
    [InlineData("input [4]|dense(4)|add(skip)|loss mse", "NF2006", 4, 9, "add(skip) refers to 'skip', which no line of network Net defines")]
    [InlineData("input [4]|a: dense(4)|concat(a, b)|loss mse", "NF2006", 4, 15, "concat(a, b) refers to 'b', which no line of network Net defines")]
    [InlineData("input [4]|a: dense(4)|a: dense(4)|loss mse", "NF2007", 4, 5, "label 'a' is already defined on line 3")]
    [InlineData("input [4]|a: dense(4)|relu|  a : dense(4)|loss mse", "NF2007", 5, 5, "label 'a' is already defined on line 3")]
    [InlineData("input [4]|add(later)|later: dense(4)|loss mse", "NF2008", 3, 9, "add(later) refers to 'later', which is defined later, on line 4; a label can only refer to an earlier line")]
    [InlineData("input [4]|a: dense(4) -> add(a)|loss mse", "NF2008", 3, 24, "add(a) refers to 'a', the label of its own line; a label can only refer to an earlier line")]
    public void NF2006_to_NF2008_labels_must_exist_be_unique_and_refer_back(string body, string id, int line, int column, string message)
    {
        AssertSingle(body, id, line, column, message);
    }

    [Theory]
    [InlineData("dense(4)|loss mse", "NF2013", 1, 9, "network Net has no 'input' line; its first line must be, e.g., 'input [784]'")]
    [InlineData("dense(4)|input [4]|loss mse", "NF2014", 2, 5, "the first line of network Net must be its 'input'; it is on line 3")]
    [InlineData("input [4]|dense(4)|input [4]|loss mse", "NF2014", 4, 5, "network Net already has an input, on line 2")]
    [InlineData("input [4]|dense(4)", "NF2015", 1, 9, "network Net has no 'loss' line; end it with, e.g., 'loss softmax_cross_entropy'")]
    [InlineData("input [4]|loss mse|dense(4)", "NF2016", 3, 5, "the loss must be the last line of network Net")]
    [InlineData("input [4]|dense(4)|loss mse|loss mse", "NF2016", 5, 5, "network Net already has a loss, on line 4")]
    [InlineData("input [4]|dense(4)|loss cross_entropy", "NF2017", 4, 10, "unknown loss 'cross_entropy'; the losses are softmax_cross_entropy, hinge, mse")]
    [InlineData("input [4]|dense(4)|loss relu", "NF2017", 4, 10, "unknown loss 'relu'; the losses are softmax_cross_entropy, hinge, mse")]
    public void NF2013_to_NF2017_input_and_loss_lines(string body, string id, int line, int column, string message)
    {
        AssertSingle(body, id, line, column, message);
    }

    [Theory]
    [InlineData("input [1, 2]|relu|loss mse", "input shape [1, 2] must be [features] or [channels, height, width]")]
    [InlineData("input [1, 2, 3, 4]|relu|loss mse", "input shape [1, 2, 3, 4] must be [features] or [channels, height, width]")]
    [InlineData("input [0]|relu|loss mse", "input shape [0] must have positive extents")]
    [InlineData("input [3, -1, 4]|relu|loss mse", "input shape [3, -1, 4] must have positive extents")]
    [InlineData("input [3000000000]|relu|loss mse", "input shape [3000000000] holds more than 2147483647 values")]
    [InlineData("input [2048, 2048, 1024]|relu|loss mse", "input shape [2048, 2048, 1024] holds more than 2147483647 values")]
    public void NF2018_an_input_shape_that_is_not_n_or_c_h_w(string body, string message)
    {
        AssertSingle(body, "NF2018", 2, 5, message);
    }

    [Theory]
    [InlineData("input [4]|loss mse")]
    [InlineData("input [4]|# only a comment|loss softmax_cross_entropy")]
    public void NF2023_a_network_without_layers(string body)
    {
        AssertSingle(body, "NF2023", 1, 9, "network Net has no layers; put at least one line between 'input' and 'loss'");
    }

    [Theory]
    [InlineData("input [784]|dense(3000000)|loss mse", 3, 5, "dense(3000000) needs a weight of shape [3000000, 784], more than 2147483647 values")]
    [InlineData("input [1, 4, 4]|conv2d(2, kernel: 3, padding: 2000000000)|loss mse", 3, 5, "conv2d(2, kernel: 3, padding: 2000000000) yields an output of 4000000002x4000000002, more than 2147483647 values")]
    [InlineData("input [40000]|dense(40000)|dense(40000)|loss mse", 1, 9, "network Net has 3200080000 parameters, more than 2147483647 values")]
    public void NF2024_a_tensor_too_large_for_an_int(string body, int line, int column, string message)
    {
        AssertSingle(body, "NF2024", line, column, message);
    }

    [Theory]
    [InlineData("class", "it is a C# keyword")]
    [InlineData("Buffers", "the generated class has a member of that name")]
    [InlineData("Cpu", "the generated class has a member of that name")]
    public void NF2025_a_name_that_cannot_name_the_class(string name, string problem)
    {
        var diagnostic = Assert.Single(Source.Diagnose(Source.Network("input [4]|dense(2)|loss mse", name)));

        Assert.Equal(("NF2025", 1, 9), (diagnostic.Id, diagnostic.Location.Line, diagnostic.Location.Column));
        Assert.Equal($"'{name}' cannot name a network: {problem}", diagnostic.Message);
    }

    [Theory]
    [InlineData("input [4]|dense(2) -> elu(1e-50)|loss mse", 3, 21, "argument 'alpha' of elu(1e-50) must be a number > 0, not 1e-50")]
    [InlineData("input [4]|dense(2) -> leaky_relu(1e39)|loss mse", 3, 28, "argument 'alpha' of leaky_relu(1e39) must be a number >= 0, not 1e39")]
    public void NF2011_a_real_that_does_not_survive_the_conversion_to_float(string body, int line, int column, string message)
    {
        AssertSingle(body, "NF2011", line, column, message);
    }

    [Fact]
    public void NF2019_two_networks_of_the_same_name_in_one_file()
    {
        var text = Source.Network("input [4]|relu|loss mse", "Twin") + "\n" + Source.Network("input [8]|relu|loss mse", "Twin");

        var diagnostic = Assert.Single(Source.Diagnose(text));

        Assert.Equal("NF2019", diagnostic.Id);
        Assert.Equal((7, 9), (diagnostic.Location.Line, diagnostic.Location.Column));
        Assert.Equal("network Twin is already declared at test.net(1,9)", diagnostic.Message);
    }

    [Theory]
    [InlineData("input [4]|dense(1)|loss softmax_cross_entropy", 4, 10,
        "loss softmax_cross_entropy needs a flat output of at least two classes, [n] with n >= 2, but the last layer yields [1]")]
    [InlineData("input [1, 4, 4]|conv2d(2, kernel: 3)|loss hinge", 4, 10,
        "loss hinge needs a flat output of at least two classes, [n] with n >= 2, but the last layer yields [2, 2, 2]")]
    [InlineData("input [1, 4, 4]|relu|loss   hinge(margin: 2)", 4, 12,
        "loss hinge(margin: 2) needs a flat output of at least two classes, [n] with n >= 2, but the last layer yields [1, 4, 4]")]
    [InlineData("input [1, 4, 4]|sigmoid|loss softmax_cross_entropy", 4, 10,
        "loss softmax_cross_entropy needs a flat output of at least two classes, [n] with n >= 2, but the last layer yields [1, 4, 4]")]
    public void NF2020_a_loss_that_does_not_fit_the_output(string body, int line, int column, string message)
    {
        AssertSingle(body, "NF2020", line, column, message);
    }

    [Theory]
    [InlineData("input [10]|maxout(3)|loss mse", 3, 5, "maxout(3) needs a feature count divisible by 3 but the previous layer yields [10]")]
    [InlineData("input [784]|dense(9) -> maxout(pieces: 2)|loss mse", 3, 17, "maxout(pieces: 2) needs a feature count divisible by 2 but the previous layer yields [9]")]
    public void NF2021_maxout_pieces_that_do_not_divide_the_features(string body, int line, int column, string message)
    {
        AssertSingle(body, "NF2021", line, column, message);
    }

    [Fact]
    public void A_diagnostic_carries_the_path_it_was_given()
    {
        var diagnostic = Assert.Single(Assert.Single(ModelCompiler.CompileFile("models/mlp.net", Source.Network("input [4]|dense(0)|loss mse"))).Diagnostics);

        Assert.Equal("models/mlp.net", diagnostic.Location.Path);
        Assert.StartsWith("models/mlp.net(3,11): error NF2011: ", diagnostic.ToString());
    }
}
