using NetForge.Dsl.Model;
using NetForge.Dsl.Syntax;

namespace NetForge.Dsl.Tests;

/// <summary>The <c>init:</c> argument of dense and conv2d: what each initialiser's scale is, and its mistakes.</summary>
public class InitializerTests
{
    private static Layer Only(string input, string op) => Assert.Single(Source.Layers($"input {input}|{op}|loss mse"));

    [Fact]
    public void Without_init_weights_and_biases_are_uniform_in_one_over_root_fan_in()
    {
        var layer = Only("[784]", "dense(4)");
        Assert.All(layer.Parameters, p => Assert.Equal(Initializer.UniformFanIn, p.Initializer));
        Assert.Equal(1 / Math.Sqrt(784), layer.Parameters[0].Scale, 15);
        Assert.Equal(1 / Math.Sqrt(784), layer.Parameters[1].Scale, 15);
    }

    [Theory]
    [InlineData("xavier_uniform", Initializer.XavierUniform, 6.0 / (784 + 4))]
    [InlineData("xavier_normal", Initializer.XavierNormal, 2.0 / (784 + 4))]
    [InlineData("he_uniform", Initializer.HeUniform, 6.0 / 784)]
    [InlineData("he_normal", Initializer.HeNormal, 2.0 / 784)]
    public void A_dense_initialiser_scales_by_its_fans_and_zeroes_the_bias(string name, Initializer kind, double variance)
    {
        var layer = Only("[784]", $"dense(4, init: {name})");
        var (weight, bias) = (layer.Parameters[0], layer.Parameters[1]);
        Assert.Equal(kind, weight.Initializer);
        Assert.Equal((784, 4), (weight.FanIn, weight.FanOut));
        Assert.Equal(Math.Sqrt(variance), weight.Scale, 15);
        Assert.Equal(Initializer.Zeros, bias.Initializer);
        Assert.Equal($"dense(4, init: {name})", layer.Text);
    }

    [Fact]
    public void A_convolution_counts_its_kernel_in_both_fans()
    {
        var weight = Only("[3, 28, 28]", "conv2d(6, kernel: 5, init: xavier_uniform)").Parameters[0];
        Assert.Equal((3 * 5 * 5, 6 * 5 * 5), (weight.FanIn, weight.FanOut));
        Assert.Equal(Math.Sqrt(6.0 / (75 + 150)), weight.Scale, 15);
    }

    [Theory]
    [InlineData("normal(std: 0.01)")]
    [InlineData("normal(0.01)")]
    public void Normal_takes_its_standard_deviation_named_or_positional(string init)
    {
        var layer = Only("[8]", $"dense(4, init: {init})");
        Assert.Equal(Initializer.Normal, layer.Parameters[0].Initializer);
        Assert.Equal(0.01, layer.Parameters[0].Std);
        Assert.Equal(0.01, layer.Parameters[0].Scale);
        Assert.Equal($"dense(4, init: {init})", layer.Text);
    }

    [Fact]
    public void Zeros_starts_weight_and_bias_at_zero()
    {
        var layer = Only("[8]", "dense(4, init: zeros)");
        Assert.All(layer.Parameters, p => Assert.Equal((Initializer.Zeros, 0.0), (p.Initializer, p.Scale)));
    }

    [Fact]
    public void A_layer_without_a_bias_has_only_the_initialised_weight()
    {
        var layer = Only("[8]", "dense(4, bias: false, init: he_uniform)");
        Assert.Equal(Initializer.HeUniform, Assert.Single(layer.Parameters).Initializer);
    }

    [Fact]
    public void An_initialisers_name_is_not_taken_for_a_label()
    {
        var layers = Source.Layers("input [8]|he_normal: relu|dense(8, init: he_normal)|add(he_normal)|loss mse");
        Assert.Equal(Initializer.HeNormal, layers[1].Parameters[0].Initializer);
        Assert.Equal(["he_normal"], layers[2].Labels("label"));
    }

    [Fact]
    public void A_call_value_prints_as_written()
    {
        var value = ValueSyntax.Call("normal", [new ArgumentSyntax("std", ValueSyntax.Real(0.01), SourceLocation.None)]);
        Assert.Equal("normal(std: 0.01)", value.ToString());
    }

    [Theory]
    [InlineData("dense(4, init: he)", 14,
        "argument 'init' of dense(4, init: he) must be one of uniform_fan_in, xavier_uniform, xavier_normal, he_uniform, he_normal, normal(std), zeros, not he")]
    [InlineData("dense(4, init: 3)", 14,
        "argument 'init' of dense(4, init: 3) must be one of uniform_fan_in, xavier_uniform, xavier_normal, he_uniform, he_normal, normal(std), zeros, not 3")]
    [InlineData("dense(4, init: uniform(1))", 14,
        "argument 'init' of dense(4, init: uniform(1)) must be one of uniform_fan_in, xavier_uniform, xavier_normal, he_uniform, he_normal, normal(std), zeros, not uniform(1)")]
    [InlineData("dense(4, init: normal(std: -1))", 27, "argument 'std' of normal(std: -1) must be a number > 0, not -1")]
    [InlineData("dense(4, init: normal(std: 0))", 27, "argument 'std' of normal(std: 0) must be a number > 0, not 0")]
    public void NF2011_an_initialiser_that_is_not_one_or_a_wrong_value_of_its_own(string op, int column, string message)
    {
        DiagnosticTests.AssertSingle($"input [8]|{op}|loss mse", "NF2011", 3, column, message);
    }

    [Fact]
    public void NF2010_normal_needs_its_standard_deviation()
    {
        DiagnosticTests.AssertSingle("input [8]|dense(4, init: normal)|loss mse", "NF2010", 3, 14, "normal needs the argument 'std'");
    }

    [Theory]
    [InlineData("dense(4, init: he_normal(std: 1))", 30, "he_normal has no argument 'std'; it takes no arguments")]
    [InlineData("relu(init: he_normal)", 10, "relu has no argument 'init'; it takes no arguments")]
    public void NF2009_an_initialiser_or_an_op_that_takes_no_such_argument(string op, int column, string message)
    {
        DiagnosticTests.AssertSingle($"input [8]|{op}|loss mse", "NF2009", 3, column, message);
    }

    [Fact]
    public void NF2012_normal_takes_one_positional_argument()
    {
        DiagnosticTests.AssertSingle("input [8]|dense(4, init: normal(0.01, 2))|loss mse", "NF2012", 3, 33,
            "normal(0.01, 2): normal takes 1 positional argument (std); 2 is one too many");
    }

    [Fact]
    public void NF1001_an_initialisers_argument_cannot_be_a_call()
    {
        var diagnostic = Assert.Single(Source.Diagnose(Source.Network("input [8]|dense(4, init: normal(std: normal(1)))|loss mse")));
        Assert.Equal("NF1001", diagnostic.Id);
        Assert.Equal((3, 38), (diagnostic.Location.Line, diagnostic.Location.Column));
        Assert.Equal("syntax error: unexpected '('; expected ',' or ')'", diagnostic.Message);
    }
}
