namespace NetForge.Dsl.Tests;

/// <summary>The output shape of every op, through the binder (so that ops without kernels are checked too).</summary>
public class ShapeInferenceTests
{
    /// <summary>The output of the last layer of a network with this input and this line of ops.</summary>
    private static string Output(string input, string chain) =>
        Source.Layers($"input {input}|{chain}|loss mse")[^1].Output.ToString();

    [Theory]
    [InlineData("[784]", "dense(256)", "[256]")]
    [InlineData("[1]", "dense(1)", "[1]")]
    [InlineData("[16, 5, 5]", "dense(120)", "[120]")]
    [InlineData("[784]", "dense(10, bias: false)", "[10]")]
    public void Dense_yields_its_units_from_a_flat_or_an_image_input(string input, string op, string output)
    {
        Assert.Equal(output, Output(input, op));
    }

    [Theory]
    [InlineData("[1, 28, 28]", "conv2d(6, kernel: 5, padding: 2)", "[6, 28, 28]")]
    [InlineData("[6, 14, 14]", "conv2d(16, kernel: 5)", "[16, 10, 10]")]
    [InlineData("[3, 32, 32]", "conv2d(8, kernel: 3, stride: 2, padding: 1)", "[8, 16, 16]")]
    [InlineData("[1, 28, 28]", "conv2d(4, kernel: 5, stride: 2, padding: 2)", "[4, 14, 14]")]
    [InlineData("[1, 8, 8]", "conv2d(2, kernel: 3, stride: 2)", "[2, 3, 3]")]
    [InlineData("[1, 9, 9]", "conv2d(2, kernel: 3, stride: 3)", "[2, 3, 3]")]
    [InlineData("[1, 10, 10]", "conv2d(4, kernel: [3, 5])", "[4, 8, 6]")]
    [InlineData("[1, 10, 10]", "conv2d(4, kernel: [3, 5], padding: 1)", "[4, 10, 8]")]
    [InlineData("[1, 10, 10]", "conv2d(4, kernel: [3, 5], stride: 2, padding: 2)", "[4, 6, 5]")]
    [InlineData("[2, 28, 14]", "conv2d(3, kernel: 3)", "[3, 26, 12]")]
    [InlineData("[1, 3, 3]", "conv2d(4, kernel: 5, padding: 1)", "[4, 1, 1]")]
    [InlineData("[1, 5, 5]", "conv2d(4, kernel: 5)", "[4, 1, 1]")]
    [InlineData("[3, 4, 4]", "conv2d(7, kernel: 1)", "[7, 4, 4]")]
    public void Conv2d_follows_the_output_size_formula(string input, string op, string output)
    {
        Assert.Equal(output, Output(input, op));
    }

    [Theory]
    [InlineData("[6, 28, 28]", "maxpool(2)", "[6, 14, 14]")]
    [InlineData("[1, 7, 7]", "maxpool(2)", "[1, 3, 3]")]
    [InlineData("[1, 7, 7]", "avgpool(2)", "[1, 3, 3]")]
    [InlineData("[1, 7, 7]", "maxpool(3, stride: 2)", "[1, 3, 3]")]
    [InlineData("[1, 5, 5]", "maxpool(3, stride: 1)", "[1, 3, 3]")]
    [InlineData("[2, 4, 4]", "avgpool(2, stride: 1)", "[2, 3, 3]")]
    [InlineData("[2, 8, 6]", "maxpool(2)", "[2, 4, 3]")]
    [InlineData("[3, 5, 5]", "avgpool(5)", "[3, 1, 1]")]
    [InlineData("[3, 9, 9]", "maxpool(2, stride: 3)", "[3, 3, 3]")]
    public void Pooling_floors_and_its_stride_defaults_to_its_size(string input, string op, string output)
    {
        Assert.Equal(output, Output(input, op));
    }

    [Theory]
    [InlineData("[16, 5, 5]", "[400]")]
    [InlineData("[1, 28, 28]", "[784]")]
    [InlineData("[10]", "[10]")]
    public void Flatten_multiplies_out_the_extents(string input, string output)
    {
        Assert.Equal(output, Output(input, "flatten"));
    }

    [Theory]
    [InlineData("relu")]
    [InlineData("sigmoid")]
    [InlineData("tanh")]
    [InlineData("leaky_relu")]
    [InlineData("leaky_relu(alpha: 0.2)")]
    [InlineData("elu")]
    [InlineData("elu(0.5)")]
    [InlineData("dropout(0.5)")]
    [InlineData("dropout(0)")]
    [InlineData("batchnorm")]
    [InlineData("batchnorm(momentum: 0.99, epsilon: 1e-3)")]
    public void Elementwise_ops_keep_flat_and_image_shapes(string op)
    {
        Assert.Equal("[10]", Output("[10]", op));
        Assert.Equal("[3, 8, 6]", Output("[3, 8, 6]", op));
    }

    [Fact]
    public void Softmax_keeps_a_flat_shape()
    {
        Assert.Equal("[10]", Output("[784]", "dense(10) -> softmax"));
    }

    [Theory]
    [InlineData("[12]", "maxout(4)", "[3]")]
    [InlineData("[12]", "maxout(2)", "[6]")]
    [InlineData("[12]", "maxout(12)", "[1]")]
    [InlineData("[784]", "dense(512) -> maxout(pieces: 4)", "[128]")]
    public void Maxout_divides_the_features_by_its_pieces(string input, string chain, string output)
    {
        Assert.Equal(output, Output(input, chain));
    }

    [Fact]
    public void Add_keeps_the_shape_it_is_given()
    {
        var layers = Source.Layers("input [3, 8, 8]|stem: conv2d(4, kernel: 3, padding: 1)|relu -> conv2d(4, kernel: 3, padding: 1)|add(stem)|loss mse");

        Assert.Equal("[4, 8, 8]", layers[^1].Input.ToString());
        Assert.Equal("[4, 8, 8]", layers[^1].Output.ToString());
    }

    [Theory]
    [InlineData("input [3, 8, 8]|a: conv2d(4, kernel: 3, padding: 1)|conv2d(6, kernel: 1)|concat(a)", "[10, 8, 8]")]
    [InlineData("input [3, 8, 8]|a: conv2d(4, kernel: 3)|b: conv2d(2, kernel: 1)|conv2d(5, kernel: 1) -> concat(a, b)", "[11, 6, 6]")]
    [InlineData("input [8]|a: dense(3)|dense(5)|concat(a)", "[8]")]
    [InlineData("input [8]|a: dense(2)|b: dense(3)|dense(4) -> concat(a, b)", "[9]")]
    [InlineData("input [8]|a: dense(2)|concat(a, a)", "[6]")]
    public void Concat_adds_up_channels_or_features(string body, string output)
    {
        Assert.Equal(output, Source.Layers(body + "|loss mse")[^1].Output.ToString());
    }

    [Fact]
    public void Concat_counts_the_channels_of_the_labelled_output_not_its_input()
    {
        var layers = Source.Layers("input [1, 8, 8]|a: conv2d(4, kernel: 3, padding: 1) -> relu|conv2d(2, kernel: 1)|concat(a)|loss mse");

        Assert.Equal("[6, 8, 8]", layers[^1].Output.ToString());
    }

    [Fact]
    public void Each_layer_takes_the_output_of_the_one_before()
    {
        var network = Source.Bind(SpecExamples.ResidualTiny);

        Assert.Equal(network.Input, network.Layers[0].Input);
        for (var i = 1; i < network.Layers.Count; i++)
            Assert.Equal(network.Layers[i - 1].Output, network.Layers[i].Input);
        Assert.Equal(network.Layers[^1].Output, network.Output);
    }

    [Theory]
    [InlineData("[784]", true, false)]
    [InlineData("[3, 32, 32]", false, true)]
    public void The_input_shape_is_flat_or_image_like(string input, bool flat, bool image)
    {
        var shape = Source.Bind(Source.Network($"input {input}|relu|loss mse")).Input;

        Assert.Equal((flat, image), (shape.IsFlat, shape.IsImage));
        Assert.Equal(input, shape.ToString());
    }

    [Fact]
    public void Mse_accepts_any_output_shape()
    {
        Assert.Equal("mse", Source.Bind(Source.Network("input [3, 8, 8]|conv2d(3, kernel: 3, padding: 1)|loss mse")).Loss.Name);
        Assert.Equal("mse", Source.Bind(Source.Network("input [4]|dense(1)|loss mse")).Loss.Name);
    }
}
