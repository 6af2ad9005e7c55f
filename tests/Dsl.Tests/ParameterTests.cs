using NetForge.Dsl.Model;

namespace NetForge.Dsl.Tests;

/// <summary>Parameter tensors, parameter counts and forward FLOPs.</summary>
public class ParameterTests
{
    private static Layer Only(string input, string op) => Assert.Single(Source.Layers($"input {input}|{op}|loss mse"));

    private static string Describe(Parameter p) => $"{p.Role} {p.Shape} fan-in {p.FanIn} {p.Initializer}";

    [Fact]
    public void Dense_has_a_weight_of_units_by_inputs_and_a_bias()
    {
        Assert.Equal(
            ["weight [256, 784] fan-in 784 UniformFanIn", "bias [256] fan-in 784 UniformFanIn"],
            Only("[784]", "dense(256)").Parameters.Select(Describe));
    }

    [Fact]
    public void Dense_after_an_image_flattens_it_implicitly()
    {
        var dense = Only("[16, 5, 5]", "dense(120)");

        Assert.Equal(["weight [120, 400] fan-in 400 UniformFanIn", "bias [120] fan-in 400 UniformFanIn"], dense.Parameters.Select(Describe));
        Assert.Equal(48_120, dense.ParameterCount);
    }

    [Fact]
    public void Dense_without_bias_has_only_a_weight()
    {
        Assert.Equal(["weight [10, 784] fan-in 784 UniformFanIn"], Only("[784]", "dense(10, bias: false)").Parameters.Select(Describe));
    }

    [Fact]
    public void Conv2d_has_a_weight_of_filters_by_channels_by_kernel_and_a_bias()
    {
        Assert.Equal(
            ["weight [16, 6, 5, 5] fan-in 150 UniformFanIn", "bias [16] fan-in 150 UniformFanIn"],
            Only("[6, 14, 14]", "conv2d(16, kernel: 5)").Parameters.Select(Describe));
        Assert.Equal(
            ["weight [4, 3, 3, 5] fan-in 45 UniformFanIn"],
            Only("[3, 10, 10]", "conv2d(4, kernel: [3, 5], bias: false)").Parameters.Select(Describe));
    }

    [Fact]
    public void Batchnorm_has_a_scale_of_ones_and_a_shift_of_zeros_per_channel()
    {
        Assert.Equal(
            ["weight [16] fan-in 1 Ones", "bias [16] fan-in 1 Zeros"],
            Only("[16, 8, 8]", "batchnorm").Parameters.Select(Describe));
        Assert.Equal(
            ["weight [10] fan-in 1 Ones", "bias [10] fan-in 1 Zeros"],
            Only("[10]", "batchnorm").Parameters.Select(Describe));
    }

    [Theory]
    [InlineData("[10]", "relu")]
    [InlineData("[10]", "leaky_relu")]
    [InlineData("[10]", "elu")]
    [InlineData("[10]", "sigmoid")]
    [InlineData("[10]", "tanh")]
    [InlineData("[10]", "softmax")]
    [InlineData("[10]", "dropout(0.5)")]
    [InlineData("[10]", "maxout(2)")]
    [InlineData("[2, 4, 4]", "maxpool(2)")]
    [InlineData("[2, 4, 4]", "avgpool(2)")]
    [InlineData("[2, 4, 4]", "flatten")]
    public void Ops_without_weights_have_no_parameters(string input, string op)
    {
        var layer = Only(input, op);

        Assert.Empty(layer.Parameters);
        Assert.Equal(0, layer.ParameterCount);
    }

    [Fact]
    public void Add_and_concat_have_no_parameters()
    {
        var layers = Source.Layers("input [4]|a: relu|add(a) -> concat(a)|loss mse");

        Assert.All(layers, l => Assert.Empty(l.Parameters));
    }

    [Fact]
    public void The_mlp_has_235146_parameters_layer_by_layer()
    {
        var network = Source.Bind(Source.Network("input [784]|dense(256) -> relu|dense(128) -> relu|dense(10)|loss softmax_cross_entropy"));

        Assert.Equal([200_960, 0, 32_896, 0, 1_290], network.Layers.Select(l => l.ParameterCount));
        Assert.Equal(235_146, network.ParameterCount);
    }

    [Fact]
    public void Lenet5_has_61706_parameters_layer_by_layer()
    {
        var network = Source.Bind(Source.Network(
            "input [1, 28, 28]|conv2d(6, kernel: 5, padding: 2) -> relu -> maxpool(2)|conv2d(16, kernel: 5) -> relu -> maxpool(2)"
            + "|flatten|dense(120) -> relu|dense(84) -> relu|dense(10)|loss softmax_cross_entropy"));

        Assert.Equal([156, 0, 0, 2_416, 0, 0, 0, 48_120, 0, 10_164, 0, 850], network.Layers.Select(l => l.ParameterCount));
        Assert.Equal(61_706, network.ParameterCount);
    }

    [Theory]
    [InlineData("[784]", "dense(256)", 2L * 784 * 256)]
    [InlineData("[16, 5, 5]", "dense(120)", 2L * 400 * 120)]
    [InlineData("[784]", "dense(10, bias: false)", 2L * 784 * 10)]
    public void Dense_costs_two_flops_per_input_and_output_pair(string input, string op, long flops)
    {
        Assert.Equal(flops, Only(input, op).Flops);
    }

    [Theory]
    [InlineData("[1, 28, 28]", "conv2d(6, kernel: 5, padding: 2)", 2L * (6 * 28 * 28) * 1 * 5 * 5)]
    [InlineData("[6, 14, 14]", "conv2d(16, kernel: 5)", 2L * (16 * 10 * 10) * 6 * 5 * 5)]
    [InlineData("[3, 10, 10]", "conv2d(4, kernel: [3, 5], stride: 2)", 2L * (4 * 4 * 3) * 3 * 3 * 5)]
    public void Conv2d_costs_two_flops_per_output_value_and_kernel_tap(string input, string op, long flops)
    {
        Assert.Equal(flops, Only(input, op).Flops);
    }

    [Fact]
    public void The_network_flops_are_the_sum_of_its_layers()
    {
        var network = Source.Bind(Source.Network("input [784]|dense(256) -> relu|dense(10)|loss softmax_cross_entropy"));

        Assert.Equal(2L * 784 * 256 + 256 + 2L * 256 * 10, network.Flops);
        Assert.Equal(network.Layers.Sum(l => l.Flops), network.Flops);
    }
}
