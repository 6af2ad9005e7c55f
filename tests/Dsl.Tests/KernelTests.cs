using NetForge.Dsl.Binding;

namespace NetForge.Dsl.Tests;

/// <summary>NF2022: the compiler refuses ops that check but have no CPU kernels yet.</summary>
public class KernelTests
{
    private const string WithKernels = "the ops with kernels are dense, conv2d, maxpool, avgpool, flatten, relu, leaky_relu, elu, sigmoid, tanh, softmax, add, concat";

    [Theory]
    [InlineData("input [16]|dense(8)|maxout(2)|loss mse", 4, 5, "maxout(2)")]
    [InlineData("input [16]|dense(8) -> dropout(0.5) -> relu|loss mse", 3, 17, "dropout(0.5)")]
    [InlineData("input [16]|dense(8)|batchnorm|loss mse", 4, 5, "batchnorm")]
    public void An_op_without_kernels_is_reported_where_it_is_written(string body, int line, int column, string op)
    {
        var result = Assert.Single(ModelCompiler.CompileFile("net.net", Source.Network(body)));

        Assert.Null(result.Network);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("NF2022", diagnostic.Id);
        Assert.Equal((line, column), (diagnostic.Location.Line, diagnostic.Location.Column));
        Assert.Equal($"{op} is checked but this version of NetForge has no kernels for it yet; {WithKernels}", diagnostic.Message);
    }

    [Fact]
    public void Every_layer_without_kernels_is_reported()
    {
        var result = Assert.Single(ModelCompiler.CompileFile(Source.Path, SpecExamples.ResidualTiny));

        Assert.All(result.Diagnostics, d => Assert.Equal("NF2022", d.Id));
        Assert.Equal(
            ["batchnorm", "batchnorm"],
            result.Diagnostics.Select(d => d.Message.Substring(0, d.Message.IndexOfAny(['(', ' ']))));
    }

    [Fact]
    public void The_binder_alone_accepts_ops_without_kernels()
    {
        var result = NetworkBinder.Bind(Source.ParseOne(SpecExamples.ResidualTiny));

        Assert.Empty(result.Diagnostics);
        Assert.NotNull(result.Network);
    }

    [Fact]
    public void A_network_of_ops_with_kernels_compiles()
    {
        var result = Assert.Single(ModelCompiler.CompileFile(Source.Path,
            Source.Network("input [32]|dense(16) -> leaky_relu|dense(16) -> elu|dense(16) -> sigmoid|dense(16) -> tanh|dense(4) -> softmax|loss mse")));

        Assert.Empty(result.Diagnostics);
        Assert.NotNull(result.Network);
    }

    [Fact]
    public void Compile_checks_kernels_for_syntax_built_by_another_front_end()
    {
        var syntax = Source.ParseOne(Source.Network("input [1, 8, 8]|maxpool(2)|flatten|dense(4) -> dropout(0.2) -> maxout(2)|loss hinge"));

        var result = ModelCompiler.Compile(syntax);

        Assert.Equal(["NF2022", "NF2022"], result.Diagnostics.Select(d => d.Id));
        Assert.Null(result.Network);
    }

    [Fact]
    public void Errors_of_meaning_come_before_the_kernel_check()
    {
        var result = Assert.Single(ModelCompiler.CompileFile(Source.Path, Source.Network("input [1, 8, 8]|conv2d(4)|loss mse")));

        Assert.Equal("NF2010", Assert.Single(result.Diagnostics).Id);
    }
}
