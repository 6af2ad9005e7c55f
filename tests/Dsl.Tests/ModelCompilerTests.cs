namespace NetForge.Dsl.Tests;

public class ModelCompilerTests
{
    [Fact]
    public void The_benchmark_mlp_compiles_with_its_parameter_count()
    {
        const string text = """
            namespace Examples.FashionMnist

            network Mlp {
                input [784]
                dense(256) -> relu
                dense(128) -> relu
                dense(10)
                loss softmax_cross_entropy
            }
            """;
        var result = Assert.Single(ModelCompiler.CompileFile("mlp.net", text));
        Assert.Empty(result.Diagnostics);
        var network = Assert.IsType<Model.Network>(result.Network);
        Assert.Equal(235_146, network.ParameterCount);
        Assert.Equal("Examples.FashionMnist", network.Namespace);
        Assert.Equal("[10]", network.Output.ToString());
    }
}
