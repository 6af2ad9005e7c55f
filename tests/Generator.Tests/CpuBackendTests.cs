using NetForge.Dsl;
using NetForge.Dsl.Model;
using NetForge.Generator.Cpu;

namespace NetForge.Generator.Tests;

/// <summary>The CPU back-end has one entry per op and per loss, and reports what it cannot generate where it is written.</summary>
public class CpuBackendTests
{
    [Fact]
    public void Every_op_of_the_table_has_a_cpu_entry()
    {
        var missing = OpTable.Ops.Values.Where(op => !CpuOps.All.ContainsKey(op.Kind)).Select(op => op.Name).ToList();

        Assert.True(missing.Count == 0, "no CPU entry for " + string.Join(", ", missing));
        Assert.All(CpuOps.All, entry => Assert.Equal(entry.Key, entry.Value.Op));
    }

    [Fact]
    public void Every_loss_of_the_table_has_a_cpu_entry()
    {
        Assert.Equal(OpTable.Losses.Keys.Order(), CpuLoss.All.Keys.Order());
    }

    [Fact]
    public void A_back_end_without_an_op_reports_each_of_its_layers_where_it_is_written()
    {
        var text = "network Norm {\n  input [1, 8, 8]\n  batchnorm\n  flatten\n  dense(2) -> batchnorm(epsilon: 0.001)\n  loss softmax_cross_entropy\n}\n";
        var network = Assert.Single(ModelCompiler.CompileFile("norm.net", text)).Network!;
        var withoutBatchNorm = CpuOps.All.Where(e => e.Key != OpKind.BatchNorm).ToDictionary(e => e.Key, e => e.Value);

        var diagnostics = CpuOps.Check(network, withoutBatchNorm).ToList();

        Assert.Equal(["NF2022", "NF2022"], diagnostics.Select(d => d.Id));
        Assert.Equal([(3, 3), (5, 15)], diagnostics.Select(d => (d.Location.Line, d.Location.Column)));
        Assert.All(diagnostics, d => Assert.Equal("norm.net", d.Location.Path));
        Assert.StartsWith("batchnorm is checked but this version of NetForge has no kernels for it yet; the ops with kernels are dense, conv2d,", diagnostics[0].Message, StringComparison.Ordinal);
        Assert.DoesNotContain("batchnorm,", diagnostics[0].Message, StringComparison.Ordinal);
        Assert.StartsWith("batchnorm(epsilon: 0.001) is checked", diagnostics[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_network_of_every_op_generates_code_that_compiles()
    {
        var text = "network All {\n  input [2, 6, 6]\n  conv2d(4, kernel: 3, padding: 1) -> batchnorm -> relu\n  a: maxpool(2)\n  avgpool(1)\n  add(a)\n  b: flatten\n  dense(36) -> leaky_relu -> elu\n  add(b)\n  sigmoid -> tanh -> dropout(0.5) -> maxout(3)\n  c: dense(4)\n  concat(c)\n  softmax\n  loss softmax_cross_entropy\n}\n";
        var network = Assert.Single(ModelCompiler.CompileFile("all.net", text)).Network!;
        Assert.Equal(OpTable.Ops.Count, network.Layers.Select(l => l.Op).Distinct().Count());

        var (result, output) = GeneratorHarness.Run([("all.net", text)]);

        Assert.Empty(result.Diagnostics);
        Assert.Empty(GeneratorHarness.Errors(output));
    }

    /// <summary>
    /// The end-to-end tests check the generated backward of every network in gradients.net against finite
    /// differences; between them those networks must use every op and every loss.
    /// </summary>
    [Fact]
    public void Every_op_and_loss_has_a_gradient_check_through_generated_code()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "GradientNetworks", "gradients.net");
        var networks = ModelCompiler.CompileFile(path, File.ReadAllText(path)).Select(r => r.Network!).ToList();

        var used = networks.SelectMany(n => n.Layers).Select(l => l.Definition.Name)
            .Concat(networks.Select(n => n.Loss.Name)).ToHashSet();
        var missing = OpTable.Ops.Keys.Concat(OpTable.Losses.Keys).Where(name => !used.Contains(name)).ToList();
        Assert.True(missing.Count == 0, "no generated gradient check for " + string.Join(", ", missing));
    }
}
