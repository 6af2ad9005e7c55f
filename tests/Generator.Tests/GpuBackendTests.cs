using NetForge.Dsl;
using NetForge.Dsl.Model;
using NetForge.Generator.Gpu;

namespace NetForge.Generator.Tests;

/// <summary>The GPU back end has one entry per op and per loss, and its own check says what it cannot run.</summary>
public class GpuBackendTests
{
    [Fact]
    public void Every_op_of_the_table_has_a_gpu_entry()
    {
        var missing = OpTable.Ops.Values.Where(op => !GpuOps.All.ContainsKey(op.Kind)).Select(op => op.Name).ToList();

        Assert.True(missing.Count == 0, "no GPU entry for " + string.Join(", ", missing));
        Assert.All(GpuOps.All, entry => Assert.Equal(entry.Key, entry.Value.Op));
    }

    [Fact]
    public void Every_loss_of_the_table_has_a_gpu_entry()
    {
        Assert.Equal(OpTable.Losses.Keys.Order(), GpuLoss.All.Keys.Order());
    }

    [Fact]
    public void A_gpu_back_end_without_an_op_names_the_first_layer_that_needs_it()
    {
        var text = "network Norm {\n  input [1, 8, 8]\n  conv2d(2, kernel: 3)\n  batchnorm\n  flatten\n  dense(2) -> batchnorm\n  loss softmax_cross_entropy\n}\n";
        var network = Assert.Single(ModelCompiler.CompileFile("norm.net", text)).Network!;
        var withoutBatchNorm = GpuOps.All.Where(e => e.Key != OpKind.BatchNorm).ToDictionary(e => e.Key, e => e.Value);

        Assert.Null(GpuOps.Unsupported(network));
        var reason = GpuOps.Unsupported(network, withoutBatchNorm);

        Assert.NotNull(reason);
        Assert.StartsWith("layer batchnorm1 (batchnorm) has no GPU kernels yet; the ops with GPU kernels are dense, conv2d,", reason, StringComparison.Ordinal);
        Assert.DoesNotContain("batchnorm,", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_network_of_every_op_and_loss_gets_a_gpu_part_that_compiles_against_the_gpu_runtime()
    {
        const string file = """
            network All {
              input [2, 6, 6]
              conv2d(4, kernel: 3, padding: 1) -> batchnorm -> relu
              a: maxpool(2)
              avgpool(1)
              add(a)
              b: flatten
              dense(36) -> leaky_relu -> elu
              add(b)
              sigmoid -> tanh -> dropout(0.5) -> maxout(3)
              c: dense(4)
              concat(c)
              softmax
              loss softmax_cross_entropy(l2: 0.001)
            }

            network Hinged {
              input [5]
              dense(3)
              loss hinge(margin: 2)
            }

            network Regression {
              input [5]
              dense(2)
              loss mse
            }
            """;
        var (result, output) = GeneratorHarness.Run(GeneratorHarness.WithGpuRuntime(), [("models/all.net", file)]);

        Assert.Empty(result.Diagnostics);
        foreach (var name in new[] { "All", "Hinged", "Regression" })
            Assert.Contains("public sealed class OnDevice", GeneratorHarness.Generated(result, $"Consumer.{name}.Gpu.g.cs"));
        Assert.Empty(GeneratorHarness.Errors(output));
    }
}
