using System.Globalization;
using System.Text.RegularExpressions;
using NetForge.Dsl;

namespace NetForge.Cli.Tests;

/// <summary><c>netforge summary</c>: a Keras-style table whose totals are the generated class's and the language's.</summary>
public class SummaryTests
{
    [Fact]
    public void LeNet5_s_table_has_a_row_a_layer_and_totals_equal_to_the_generated_class_s_parameters_and_the_language_s_flops()
    {
        var path = NetForgeProcess.Example("FashionMnist", "models", "lenet5.net");
        var network = ModelCompiler.CompileFile(path, File.ReadAllText(path)).Single().Network!;

        var result = NetForgeProcess.Run(NetForgeProcess.RepositoryRoot(), "summary", path, "--batch", "32");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.OutputLines;
        Assert.Equal("Network LeNet5, input [1, 28, 28]", lines[0]);
        Assert.Matches(@"^Layer +Op +Output shape +Params +FLOPs/sample$", lines[2]);
        Assert.Matches(@"^conv1 +conv2d\(6, kernel: 5, padding: 2\) +\[6, 28, 28\] +156 +235,200$", lines[4]);
        Assert.Equal(network.Layers.Count, lines.Count(l => Regex.IsMatch(l, @"^[a-z]+[0-9]+ ")));
        Assert.Equal(Examples.FashionMnist.LeNet5.ParameterCount, Number(lines, "Total params: "));
        Assert.Equal(Examples.FashionMnist.LeNet5.ParameterCount, Number(lines, "Trainable params: "));
        Assert.Equal(0, Number(lines, "Non-trainable params: "));
        Assert.Equal(network.Flops, Number(lines, "FLOPs per sample (forward): "));
        Assert.Equal(network.Layers.Sum(l => l.Flops), network.Flops);
        Assert.Contains(lines, l => l.StartsWith("Training step memory at batch 32 with Adam: ", StringComparison.Ordinal));
    }

    [Fact]
    public void Batch_normalisation_s_running_statistics_are_counted_as_not_trainable()
    {
        var path = NetForgeProcess.Example("FashionMnist", "models", "vgg-bn.net");

        var result = NetForgeProcess.Run(NetForgeProcess.RepositoryRoot(), "summary", path);

        Assert.True(result.ExitCode == 0, result.ToString());
        var network = new Examples.FashionMnist.VggBnNet(seed: 0);
        Assert.Equal(network.Parameters.Sum(p => (long)p.Data.Length), Number(result.OutputLines, "Trainable params: "));
        Assert.Equal(network.State.Sum(s => (long)s.Data.Length), Number(result.OutputLines, "Non-trainable params: "));
        Assert.True(Number(result.OutputLines, "Non-trainable params: ") > 0);
    }

    [Fact]
    public void A_file_of_several_networks_shows_each_or_the_one_named()
    {
        var path = NetForgeProcess.Example("Spiral", "spiral.net");

        var all = NetForgeProcess.Run(NetForgeProcess.RepositoryRoot(), "summary", path);
        var one = NetForgeProcess.Run(NetForgeProcess.RepositoryRoot(), "summary", path, "--network", "LinearClassifier");
        var none = NetForgeProcess.Run(NetForgeProcess.RepositoryRoot(), "summary", path, "--network", "Missing");

        Assert.Equal(["Network SpiralNet, input [2]", "Network LinearClassifier, input [2]"], all.OutputLines.Where(l => l.StartsWith("Network ", StringComparison.Ordinal)));
        Assert.Equal(["Network LinearClassifier, input [2]"], one.OutputLines.Where(l => l.StartsWith("Network ", StringComparison.Ordinal)));
        Assert.Equal(1, none.ExitCode);
        Assert.Equal([$"netforge: {path}: declares no network 'Missing'; it declares SpiralNet, LinearClassifier"], none.ErrorLines);
    }

    [Fact]
    public void A_malformed_file_gives_its_first_error_on_one_line_with_exit_code_1()
    {
        using var directory = new TemporaryDirectory();
        directory.Write("two.net", "network Two {\n    input [784]\n    dense(0)\n    dropout(1.5)\n    loss softmax_cross_entropy\n}\n");

        var result = NetForgeProcess.Run(directory.Path, "summary", "two.net");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["netforge: two.net(3,11): error NF2011: argument 'units' of dense(0) must be a whole number >= 1, not 0 (and 1 more: netforge check two.net)"], result.ErrorLines);
        Assert.Empty(result.Output);
    }

    private static long Number(string[] lines, string prefix)
    {
        var line = Assert.Single(lines, l => l.StartsWith(prefix, StringComparison.Ordinal));
        return long.Parse(line[prefix.Length..].Split(' ')[0], NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
    }
}
