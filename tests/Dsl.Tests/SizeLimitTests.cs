using NetForge.Dsl.Model;
using NetForge.Dsl.Planning;

namespace NetForge.Dsl.Tests;

/// <summary>
/// NF2024 end to end: every size and count the checker accepts fits the int the generated code counts in, a
/// count past it is reported at the op (or the network) instead of wrapping, and FLOP counts saturate.
/// </summary>
public class SizeLimitTests
{
    private const string Past = ", more than 2147483647 values";

    private static string Labels(string label, int count) => string.Join(", ", Enumerable.Repeat(label, count));

    [Theory]
    [InlineData("input [1]|dense(2147483647)|loss mse", 3, 5, "dense(2147483647) needs 4294967294 parameters" + Past)]
    [InlineData("input [2]|dense(1073741824)|loss mse", 3, 5, "dense(1073741824) needs a weight of shape [1073741824, 2]" + Past)]
    [InlineData("input [1]|dense(8) -> dense(1073741824)|loss mse", 3, 17, "dense(1073741824) needs a weight of shape [1073741824, 8]" + Past)]
    [InlineData("input [1]|dense(1073741824)|loss mse", 3, 5, "dense(1073741824) needs 2147483648 parameters" + Past)]
    public void A_huge_dense_is_refused_at_the_op_for_its_weight_or_its_parameters(string body, int line, int column, string message)
    {
        DiagnosticTests.AssertSingle(body, "NF2024", line, column, message);
    }

    [Fact]
    public void A_dense_of_exactly_int_max_parameters_is_accepted_and_its_counts_are_exact()
    {
        var dense = Assert.Single(Source.Layers("input [1]|dense(2147483647, bias: false)|loss mse"));

        Assert.Equal(int.MaxValue, dense.ParameterCount);
        Assert.Equal(2L * int.MaxValue, dense.Flops);
    }

    [Fact]
    public void A_concat_of_many_labels_whose_total_passes_an_int_is_refused_at_the_concat()
    {
        var body = $"input [1000000]|a: relu|concat({Labels("a", 2148)})|loss mse";
        // The op is quoted by the arguments that fit in 80 characters.
        var quoted = $"concat({Labels("a", 23)}, ...)";

        DiagnosticTests.AssertSingle(body, "NF2024", 4, 5, quoted + " yields [2149000000]" + Past);
    }

    [Fact]
    public void A_concat_whose_int_sum_would_wrap_to_zero_reports_the_true_size()
    {
        var body = $"input [65536]|a: relu|b: relu|concat({Labels("a", 65534)}, b)|loss mse";

        var diagnostic = Assert.Single(Source.Diagnose(Source.Network(body)));

        Assert.Equal(("NF2024", 5, 5), (diagnostic.Id, diagnostic.Location.Line, diagnostic.Location.Column));
        Assert.EndsWith("yields [4294967296]" + Past, diagnostic.Message);
    }

    [Fact]
    public void A_concat_of_images_too_many_channels_or_too_many_values_is_refused()
    {
        var channels = Assert.Single(Source.Diagnose(Source.Network($"input [2000000, 1, 1]|a: relu|concat({Labels("a", 1100)})|loss mse")));
        Assert.Equal(("NF2024", 4, 5), (channels.Id, channels.Location.Line, channels.Location.Column));
        Assert.EndsWith("yields [2202000000, 1, 1]" + Past, channels.Message);

        var values = Assert.Single(Source.Diagnose(Source.Network($"input [1000, 1000, 2]|a: relu|x: relu|concat(x, {Labels("a", 1100)})|loss mse")));
        Assert.Equal(("NF2024", 5, 5), (values.Id, values.Location.Line, values.Location.Column));
        Assert.EndsWith("yields [1102000, 1000, 2]" + Past, values.Message);
    }

    [Fact]
    public void A_conv_whose_huge_kernel_matches_its_huge_padding_counts_its_flops_in_a_long()
    {
        var network = Source.Bind(Source.Network("input [1, 1, 1]|conv2d(1, kernel: 46340, padding: 46339)|loss mse"));

        var conv = Assert.Single(network.Layers);
        Assert.Equal(Shape.Image(1, 46340, 46340), conv.Output);
        Assert.Equal(2_147_395_601, conv.ParameterCount);
        Assert.Equal(9_222_615_725_798_720_000, conv.Flops);
        Assert.Equal(conv.Flops, network.Flops);
    }

    [Theory]
    [InlineData("input [1, 1, 1]|conv2d(1, kernel: 46340, padding: 46339)|maxpool(2)|loss mse", 4, 5,
        "maxpool(2) takes the outputs of the layers of network Net to 2684244500 values per sample" + Past)]
    [InlineData("input [1, 1, 1]|conv2d(1, kernel: 46340, padding: 46339) -> avgpool(2, stride: 1)|loss mse", 3, 49,
        "avgpool(2, stride: 1) takes the outputs of the layers of network Net to 4294698521 values per sample" + Past)]
    [InlineData("input [2147395600]|relu|relu|loss mse", 4, 5,
        "relu takes the outputs of the layers of network Net to 4294791200 values per sample" + Past)]
    [InlineData("input [2147483646]|relu|maxout(2)|loss mse", 4, 5,
        "maxout(2) takes the outputs of the layers of network Net to 3221225469 values per sample" + Past)]
    public void Layer_outputs_that_together_pass_an_int_are_refused_at_the_op_that_passes(string body, int line, int column, string message)
    {
        DiagnosticTests.AssertSingle(body, "NF2024", line, column, message);
    }

    [Fact]
    public void Pooling_after_the_huge_conv_down_to_one_value_is_accepted_and_the_network_sums_its_flops()
    {
        var network = Source.Bind(Source.Network("input [1, 1, 1]|conv2d(1, kernel: 46340, padding: 46339)|maxpool(46340)|loss mse"));

        Assert.Equal(Shape.Image(1, 1, 1), network.Output);
        Assert.Equal(2_147_395_600, network.Layers[1].Flops);
        Assert.Equal(9_222_615_727_946_115_600, network.Flops);
    }

    [Fact]
    public void Flatten_holds_no_values_of_its_own_so_it_does_not_count_towards_the_outputs()
    {
        var network = Source.Bind(Source.Network("input [1, 46340, 46340]|flatten|maxout(46340)|loss mse"));

        Assert.Equal(Shape.Flat(46340), network.Output);
        Assert.Equal(2_147_395_600, network.Flops);
    }

    [Fact]
    public void A_maxout_of_an_int_max_input_is_accepted()
    {
        var maxout = Assert.Single(Source.Layers("input [2147483647]|maxout(2147483647)|loss mse"));

        Assert.Equal(Shape.Flat(1), maxout.Output);
        Assert.Equal(int.MaxValue, maxout.Flops);
    }

    [Theory]
    [InlineData("input [1, 1, 1]|conv2d(1, kernel: 32768, padding: 16384)|conv2d(1, kernel: 32768, padding: 16383)|loss mse", "2147483650")]
    [InlineData("input [1, 1, 1]|conv2d(1, kernel: 32768, padding: 16384, bias: false)|conv2d(1, kernel: 32768, padding: 16383, bias: false)|loss mse", "2147483648")]
    public void A_network_whose_layers_each_fit_but_whose_parameters_do_not_is_refused_at_the_network(string body, string parameters)
    {
        DiagnosticTests.AssertSingle(body, "NF2024", 1, 9, $"network Net has {parameters} parameters" + Past);
    }

    [Fact]
    public void A_network_of_exactly_int_max_parameters_is_accepted()
    {
        // 2^30 weights, then 32767 x 32769 = 2^30 - 1 more.
        var network = Source.Bind(Source.Network(
            "input [1, 1, 1]|conv2d(1, kernel: 32768, padding: 16384, bias: false)|conv2d(1, kernel: [32767, 32769], padding: 16384, bias: false)|loss mse"));

        Assert.Equal(int.MaxValue, network.ParameterCount);
    }

    [Fact]
    public void Flop_counts_saturate_at_long_max_instead_of_wrapping_or_throwing()
    {
        Assert.Equal(long.MaxValue, Saturating.Multiply(2, int.MaxValue, int.MaxValue, 3));
        Assert.Equal(long.MaxValue, Saturating.Multiply(long.MaxValue, 2));
        Assert.Equal(0, Saturating.Multiply(long.MaxValue, long.MaxValue, 0));
        Assert.Equal(6, Saturating.Multiply(1, 2, 3));
        Assert.Equal(long.MaxValue, Saturating.Add(long.MaxValue - 1, 2));
        Assert.Equal(long.MaxValue - 1, Saturating.Add(long.MaxValue - 3, 2));

        var network = Source.Bind(Source.Network("input [4]|dense(4)|relu|dense(2)|loss mse"));
        var huge = network with { Layers = network.Layers.Select(l => l with { Flops = long.MaxValue / 2 }).ToEquatableArray() };
        Assert.Equal(long.MaxValue, huge.Flops);
    }

    public static TheoryData<string> Extremes => new(
        "input [1]|dense(2147483647)|loss mse",
        "input [1, 1, 1]|conv2d(2147483647, kernel: 2147483647, padding: 2147483647)|loss mse",
        "input [1, 1, 1]|conv2d(1, kernel: [2147483647, 1], padding: 1073741823)|maxpool(2147483647)|loss mse",
        "input [1, 1, 1]|conv2d(1, kernel: 46340, padding: 46339)|maxpool(1, stride: 1)|avgpool(2)|loss mse",
        "input [46340, 1, 46340]|conv2d(46340, kernel: [1, 46340])|loss mse",
        "input [2147483647]|maxout(2147483647)|maxout(2)|loss mse",
        "input [2147483647]|maxout(2)|loss mse",
        "input [2147483647]|batchnorm|softmax|dropout(0.5)|loss mse",
        "input [2147483647]|a: relu|concat(a, a)|loss mse",
        $"input [65536]|a: relu|concat({Labels("a", 70000)})|loss mse",
        "input [2147483647]|dense(1)|dense(2147483647)|dense(2147483647, bias: false)|loss softmax_cross_entropy",
        "input [1, 2147483647, 1]|maxpool(1, stride: 2147483647)|flatten|dense(2147483647)|loss hinge");

    [Theory]
    [MemberData(nameof(Extremes))]
    public void Nothing_throws_and_every_accepted_count_fits(string body)
    {
        var text = Source.Network(body);
        var results = ModelCompiler.CompileFile(Source.Path, text).Concat(Dsl.Binding.NetworkBinder.BindAll(Source.Parse(text).Networks));

        foreach (var result in results)
        {
            if (result.Network is not { } network)
            {
                Assert.All(result.Diagnostics, d => Assert.True(d.Location.Line >= 1, d.ToString()));
                continue;
            }
            Assert.InRange(network.Layers.Sum(l => (long)l.Output.Size), 0, int.MaxValue);
            Assert.InRange(network.Layers.Sum(l => (long)l.ParameterCount), 0, int.MaxValue);
            Assert.InRange(network.ParameterCount, 0, int.MaxValue);
            Assert.InRange(network.Flops, 0, long.MaxValue);
            Assert.All(network.Layers, l => Assert.InRange(l.Flops, 0, long.MaxValue));
            Assert.NotNull(Planner.Plan(network));
        }
    }
}
