using NetForge.Dsl.Model;

namespace NetForge.Dsl.Tests;

/// <summary>How written arguments bind to an op's argument list, their defaults, and NF2009 to NF2012.</summary>
public class ArgumentTests
{
    private static Layer Only(string input, string op) => Assert.Single(Source.Layers($"input {input}|{op}|loss mse"));

    [Theory]
    [InlineData("input [4]|dense(4, units2: 3)|loss mse", 3, 14, "dense has no argument 'units2'; it takes units, bias, init")]
    [InlineData("input [4]|relu(alpha: 1)|loss mse", 3, 10, "relu has no argument 'alpha'; it takes no arguments")]
    [InlineData("input [1, 8, 8]|conv2d(4, kernel: 3, dilation: 2)|loss mse", 3, 26, "conv2d has no argument 'dilation'; it takes filters, kernel, stride, padding, bias, init")]
    [InlineData("input [1, 8, 8]|maxpool(2, padding: 1)|loss mse", 3, 16, "maxpool has no argument 'padding'; it takes size, stride")]
    [InlineData("input [4]|dense(3)|loss mse(reduction: 2)", 4, 14, "mse has no argument 'reduction'; it takes l2")]
    public void NF2009_an_unknown_named_argument(string body, int line, int column, string message)
    {
        DiagnosticTests.AssertSingle(body, "NF2009", line, column, message);
    }

    [Theory]
    [InlineData("input [1, 8, 8]|conv2d(4)|loss mse", 3, 5, "conv2d(4) needs the argument 'kernel'")]
    [InlineData("input [4]|dense|loss mse", 3, 5, "dense needs the argument 'units'")]
    [InlineData("input [4]|relu -> dropout()|loss mse", 3, 13, "dropout needs the argument 'p'")]
    [InlineData("input [4]|add|loss mse", 3, 5, "add needs the argument 'label'")]
    [InlineData("input [4]|concat|loss mse", 3, 5, "concat needs the argument 'labels'")]
    [InlineData("input [4]|maxout|loss mse", 3, 5, "maxout needs the argument 'pieces'")]
    [InlineData("input [1, 8, 8]|avgpool(stride: 2)|loss mse", 3, 5, "avgpool(stride: 2) needs the argument 'size'")]
    public void NF2010_a_missing_required_argument_is_reported_at_the_op(string body, int line, int column, string message)
    {
        DiagnosticTests.AssertSingle(body, "NF2010", line, column, message);
    }

    [Theory]
    [InlineData("input [4]|dense(0)|loss mse", 3, 11, "argument 'units' of dense(0) must be a whole number >= 1, not 0")]
    [InlineData("input [4]|dense(-3)|loss mse", 3, 11, "argument 'units' of dense(-3) must be a whole number >= 1, not -3")]
    [InlineData("input [4]|dense(2.5)|loss mse", 3, 11, "argument 'units' of dense(2.5) must be a whole number >= 1, not 2.5")]
    [InlineData("input [4]|dense(1e2)|loss mse", 3, 11, "argument 'units' of dense(1e2) must be a whole number >= 1, not 1e2")]
    [InlineData("input [4]|dense(99999999999)|loss mse", 3, 11, "argument 'units' of dense(99999999999) must be a whole number >= 1, not 99999999999")]
    [InlineData("input [4]|dense(ten)|loss mse", 3, 11, "argument 'units' of dense(ten) must be a whole number >= 1, not ten")]
    [InlineData("input [4]|dense(4, bias: 3)|loss mse", 3, 14, "argument 'bias' of dense(4, bias: 3) must be true or false, not 3")]
    [InlineData("input [4]|dense(4, bias: yes)|loss mse", 3, 14, "argument 'bias' of dense(4, bias: yes) must be true or false, not yes")]
    [InlineData("input [4]|leaky_relu(alpha: -1)|loss mse", 3, 16, "argument 'alpha' of leaky_relu(alpha: -1) must be a number >= 0, not -1")]
    [InlineData("input [4]|elu(0)|loss mse", 3, 9, "argument 'alpha' of elu(0) must be a number > 0, not 0")]
    [InlineData("input [4]|elu(1e999)|loss mse", 3, 9, "argument 'alpha' of elu(1e999) must be a number > 0, not 1e999")]
    [InlineData("input [4]|dropout(1.0)|loss mse", 3, 13, "argument 'p' of dropout(1.0) must be a number >= 0 and < 1, not 1.0")]
    [InlineData("input [4]|dropout(-0.1)|loss mse", 3, 13, "argument 'p' of dropout(-0.1) must be a number >= 0 and < 1, not -0.1")]
    [InlineData("input [4]|dropout(true)|loss mse", 3, 13, "argument 'p' of dropout(true) must be a number >= 0 and < 1, not true")]
    [InlineData("input [4]|batchnorm(momentum: 1.5)|loss mse", 3, 15, "argument 'momentum' of batchnorm(momentum: 1.5) must be a number >= 0 and <= 1, not 1.5")]
    [InlineData("input [4]|batchnorm(epsilon: 0)|loss mse", 3, 15, "argument 'epsilon' of batchnorm(epsilon: 0) must be a number > 0, not 0")]
    [InlineData("input [4]|maxout(1)|loss mse", 3, 12, "argument 'pieces' of maxout(1) must be a whole number >= 2, not 1")]
    [InlineData("input [1, 8, 8]|conv2d(4, kernel: [3, 4, 5])|loss mse", 3, 15, "argument 'kernel' of conv2d(4, kernel: [3, 4, 5]) must be a whole number or a pair [height, width], each >= 1, not [3, 4, 5]")]
    [InlineData("input [1, 8, 8]|conv2d(4, kernel: [3, 0])|loss mse", 3, 15, "argument 'kernel' of conv2d(4, kernel: [3, 0]) must be a whole number or a pair [height, width], each >= 1, not [3, 0]")]
    [InlineData("input [1, 8, 8]|conv2d(4, kernel: 0)|loss mse", 3, 15, "argument 'kernel' of conv2d(4, kernel: 0) must be a whole number or a pair [height, width], each >= 1, not 0")]
    [InlineData("input [1, 8, 8]|conv2d(4, kernel: 3, stride: 0)|loss mse", 3, 26, "argument 'stride' of conv2d(4, kernel: 3, stride: 0) must be a whole number >= 1, not 0")]
    [InlineData("input [1, 8, 8]|conv2d(4, kernel: 3, padding: -1)|loss mse", 3, 26, "argument 'padding' of conv2d(4, kernel: 3, padding: -1) must be a whole number >= 0, not -1")]
    [InlineData("input [1, 8, 8]|maxpool(2, stride: 0)|loss mse", 3, 16, "argument 'stride' of maxpool(2, stride: 0) must be a whole number >= 1, not 0")]
    [InlineData("input [1, 8, 8]|maxpool([2, 2])|loss mse", 3, 13, "argument 'size' of maxpool([2, 2]) must be a whole number >= 1, not [2, 2]")]
    [InlineData("input [4]|add(3)|loss mse", 3, 9, "argument 'label' of add(3) must be a label, not 3")]
    [InlineData("input [4]|a: relu|concat(a, 3)|loss mse", 4, 15, "argument 'labels' of concat(a, 3) must be a label, not 3")]
    [InlineData("input [4]|dense(3)|loss hinge(margin: 0)", 4, 16, "argument 'margin' of hinge(margin: 0) must be a number > 0, not 0")]
    [InlineData("input [4]|dense(3)|loss mse(l2: -0.1)", 4, 14, "argument 'l2' of mse(l2: -0.1) must be a number >= 0, not -0.1")]
    public void NF2011_an_argument_of_the_wrong_kind_or_out_of_range(string body, int line, int column, string message)
    {
        DiagnosticTests.AssertSingle(body, "NF2011", line, column, message);
    }

    [Theory]
    [InlineData("input [4]|dense(10, 20)|loss mse", 3, 15, "dense(10, 20): dense takes 1 positional argument (units); 20 is one too many")]
    [InlineData("input [4]|relu(1)|loss mse", 3, 10, "relu(1): relu takes no positional argument; 1 is one too many")]
    [InlineData("input [4]|a: relu|add(a, a)|loss mse", 4, 12, "add(a, a): add takes 1 positional argument (label); a is one too many")]
    [InlineData("input [1, 8, 8]|conv2d(4, kernel: 3, 5)|loss mse", 3, 26, "conv2d(4, kernel: 3, 5): the positional argument 5 comes after a named one; write positional arguments first")]
    [InlineData("input [4]|dense(bias: false, 10)|loss mse", 3, 24, "dense(bias: false, 10): the positional argument 10 comes after a named one; write positional arguments first")]
    [InlineData("input [4]|dense(10, units: 20)|loss mse", 3, 15, "dense(10, units: 20): 'units' is given twice")]
    [InlineData("input [1, 8, 8]|conv2d(4, kernel: 3, kernel: 5)|loss mse", 3, 26, "conv2d(4, kernel: 3, kernel: 5): 'kernel' is given twice")]
    [InlineData("input [4]|leaky_relu(0.1, alpha: 0.2)|loss mse", 3, 21, "leaky_relu(0.1, alpha: 0.2): 'alpha' is given twice")]
    public void NF2012_too_many_misplaced_or_repeated_arguments(string body, int line, int column, string message)
    {
        DiagnosticTests.AssertSingle(body, "NF2012", line, column, message);
    }

    [Fact]
    public void Every_mistake_in_the_arguments_of_one_op_is_reported()
    {
        var diagnostics = Source.Diagnose(Source.Network("input [4]|dense(0, bias: 3, width: 2)|loss mse"));

        Assert.Equal(["NF2009", "NF2011", "NF2011"], diagnostics.Select(d => d.Id).Order());
        Assert.Equal([11, 14, 23], diagnostics.Select(d => d.Location.Column).Order());
    }

    [Fact]
    public void Omitted_arguments_take_the_defaults_of_the_spec()
    {
        var conv = Only("[1, 8, 8]", "conv2d(4, kernel: 3)");
        Assert.Equal(1, conv.Integer("stride"));
        Assert.Equal(0, conv.Integer("padding"));
        Assert.True(conv.Boolean("bias"));

        Assert.True(Only("[4]", "dense(2)").Boolean("bias"));
        Assert.Equal(0.01, Only("[4]", "leaky_relu").Real("alpha"));
        Assert.Equal(1.0, Only("[4]", "elu").Real("alpha"));
        var batchnorm = Only("[4]", "batchnorm");
        Assert.Equal(0.9, batchnorm.Real("momentum"));
        Assert.Equal(1e-5, batchnorm.Real("epsilon"));
    }

    [Fact]
    public void A_pool_stride_defaults_to_its_size()
    {
        Assert.Equal(3, Only("[1, 9, 9]", "maxpool(3)").Integer("stride"));
        Assert.Equal(1, Only("[1, 9, 9]", "avgpool(3, stride: 1)").Integer("stride"));
    }

    [Fact]
    public void Positional_and_named_spellings_bind_the_same()
    {
        var positional = Only("[4]", "leaky_relu(0.2)");
        var named = Only("[4]", "leaky_relu(alpha: 0.2)");

        Assert.Equal(positional.Arguments, named.Arguments);
        Assert.Equal(0.2, named.Real("alpha"));
        Assert.Equal(Only("[4]", "dense(3)").Arguments, Only("[4]", "dense(units: 3)").Arguments);
    }

    [Fact]
    public void Named_arguments_may_come_in_any_order()
    {
        var a = Only("[1, 8, 8]", "conv2d(4, kernel: 3, stride: 2, padding: 1, bias: false)");
        var b = Only("[1, 8, 8]", "conv2d(4, bias: false, padding: 1, stride: 2, kernel: 3)");

        Assert.Equal(a.Arguments, b.Arguments);
        Assert.Equal(a.Output, b.Output);
    }

    [Fact]
    public void A_kernel_is_a_square_size_or_a_height_and_width_pair()
    {
        Assert.Equal((3, 3), Only("[1, 8, 8]", "conv2d(4, kernel: 3)").Pair("kernel"));
        Assert.Equal((3, 5), Only("[1, 8, 8]", "conv2d(4, kernel: [3, 5])").Pair("kernel"));
    }

    [Fact]
    public void Whole_numbers_are_accepted_where_a_real_is_expected()
    {
        Assert.Equal(1.0, Only("[4]", "elu(1)").Real("alpha"));
        Assert.Equal(0.0, Only("[4]", "dropout(0)").Real("p"));
    }

    [Fact]
    public void Real_arguments_read_every_spelling_of_a_number()
    {
        Assert.Equal(1.5e-3, Only("[4]", "batchnorm(epsilon: 1.5E-3)").Real("epsilon"));
        Assert.Equal(1e-5, Only("[4]", "batchnorm(epsilon: 1e-5)").Real("epsilon"));
        Assert.Equal(0.25, Only("[4]", "leaky_relu(alpha: 25e-2)").Real("alpha"));
    }

    [Fact]
    public void Concat_takes_one_or_more_labels_in_order()
    {
        var layers = Source.Layers("input [4]|a: dense(2)|b: dense(3)|concat(b, a)|loss mse");

        Assert.Equal(["b", "a"], layers[2].Labels("labels"));
    }

    [Fact]
    public void The_margin_of_hinge_is_1_unless_written()
    {
        var network = Source.Bind(Source.Network("input [4]|dense(3)|loss hinge"));
        Assert.Equal("hinge", network.Loss.Name);
        Assert.Equal(1.0, network.Loss.Margin);

        var wider = Source.Bind(Source.Network("input [4]|dense(3)|loss hinge(margin: 2)"));
        Assert.Equal(2.0, wider.Loss.Margin);
        Assert.Equal("hinge(margin: 2)", wider.Loss.Text);
        Assert.Equal(2.5, Source.Bind(Source.Network("input [4]|dense(3)|loss hinge(2.5)")).Loss.Margin);
    }

    [Fact]
    public void Every_loss_takes_a_named_l2_that_covers_the_weights_of_dense_layers_and_convolutions()
    {
        Assert.Equal(0.0, Source.Bind(Source.Network("input [4]|dense(3)|loss softmax_cross_entropy")).Loss.L2);
        Assert.Equal(1e-4, Source.Bind(Source.Network("input [4]|dense(3)|loss softmax_cross_entropy(l2: 1e-4)")).Loss.L2);
        Assert.Equal(0.5, Source.Bind(Source.Network("input [4]|dense(3)|loss mse(l2: 0.5)")).Loss.L2);
        var hinge = Source.Bind(Source.Network("input [1, 4, 4]|conv2d(2, kernel: 3)|batchnorm|flatten|dense(3)|loss hinge(2, l2: 0.01)"));
        Assert.Equal((2.0, 0.01), (hinge.Loss.Margin, hinge.Loss.L2));
        var regularised = hinge.Layers.SelectMany(l => l.Parameters.Where(p => p.Regularised).Select(p => l.Name + "." + p.Role));
        Assert.Equal(["conv1.weight", "dense1.weight"], regularised);
    }

    [Fact]
    public void NF2012_l2_is_never_positional()
    {
        DiagnosticTests.AssertSingle("input [4]|dense(3)|loss softmax_cross_entropy(0.1)", "NF2012", 4, 32,
            "softmax_cross_entropy(0.1): softmax_cross_entropy takes no positional argument; 0.1 is one too many");
    }
}
