using Microsoft.CodeAnalysis;

namespace NetForge.Generator.Tests;

public class RobustnessTests
{
    [Theory]
    [InlineData("network Lone {\n  input [10]\n  softmax\n  loss softmax_cross_entropy\n}\n")]
    [InlineData("network Tiny {\n  input [3]\n  relu\n  loss mse\n}\n")]
    [InlineData("network Flat {\n  input [2, 3, 3]\n  flatten\n  loss mse\n}\n")]
    [InlineData("network Zero {\n  input [4]\n  dense(3) -> leaky_relu(0)\n  loss hinge\n}\n")]
    public void Edge_networks_generate_code_that_compiles_or_a_diagnostic(string text)
    {
        var (result, output) = GeneratorHarness.Run([("edge.net", text)]);

        Assert.All(result.Results, r => Assert.Null(r.Exception));
        if (result.Diagnostics.IsEmpty)
            Assert.Empty(GeneratorHarness.Errors(output));
        else
            Assert.All(result.Diagnostics, d => Assert.StartsWith("NF", d.Id, StringComparison.Ordinal));
    }

    [Fact]
    public void Two_networks_whose_names_differ_only_in_case_both_generate()
    {
        const string text = "namespace Cases\nnetwork Mlp {\n  input [4]\n  dense(2)\n  loss mse\n}\nnetwork MLP {\n  input [4]\n  dense(3)\n  loss mse\n}\n";
        var (result, output) = GeneratorHarness.Run([("cases.net", text)]);

        Assert.Null(result.Results.Single().Exception);
        Assert.Equal(2, GeneratorHarness.Classes(result).Length);
        Assert.Empty(GeneratorHarness.Errors(output));
    }

    [Fact]
    public void A_non_constant_attribute_argument_is_reported_not_thrown()
    {
        const string source = """
            using NetForge;
            public static class Sizes { public static int Kernel = 3; }
            [Network(1, 8, 8)]
            [Conv2D(4, KernelHeight = Sizes.Kernel, KernelWidth = 3)]
            [Flatten]
            [Dense(2)]
            [Loss(LossKind.MeanSquaredError)]
            public partial class NotConstant;
            """;
        var (result, _) = GeneratorHarness.Run([], ("NotConstant.cs", source));

        Assert.Null(result.Results.Single().Exception);
        var diagnostic = Assert.Single(result.Diagnostics, d => d.Id == "NF3003");
        Assert.Equal(4, diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1);
    }

    [Fact]
    public void A_record_network_class_is_reported()
    {
        const string source = """
            using NetForge;
            [Network(4)]
            [Dense(2)]
            [Loss(LossKind.MeanSquaredError)]
            public partial record Recorded;
            """;
        var (result, _) = GeneratorHarness.Run([], ("Recorded.cs", source));

        Assert.Contains("a record", Assert.Single(result.Diagnostics, d => d.Id == "NF3002").GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Each_label_of_a_params_attribute_has_its_own_location()
    {
        const string source = """
            using NetForge;
            [Network(2, 4, 4)]
            [ReLU(Name = "a")]
            [Concat("a", "missing")]
            [Flatten]
            [Dense(2)]
            [Loss(LossKind.MeanSquaredError)]
            public partial class Joined;
            """;
        var (result, _) = GeneratorHarness.Run([], ("Joined.cs", source));

        var span = Assert.Single(result.Diagnostics, d => d.Id == "NF2006").Location.GetLineSpan();
        Assert.Equal((4, 14), (span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1));
    }

    [Fact]
    public void Many_random_networks_never_crash_the_generator_and_compile_when_they_check()
    {
        var random = new Random(7);
        string[] activations = ["relu", "leaky_relu(0.2)", "elu", "sigmoid", "tanh", "softmax"];
        string[] losses = ["softmax_cross_entropy", "hinge(margin: 0.5)", "mse"];
        var compiled = 0;
        for (var n = 0; n < 40; n++)
        {
            var lines = new List<string> { $"input [{random.Next(1, 40)}]" };
            for (var layer = random.Next(1, 5); layer > 0; layer--)
            {
                var units = random.Next(1, 30);
                lines.Add(random.Next(3) switch
                {
                    0 => $"dense({units})",
                    1 => $"dense({units}, bias: false) -> {activations[random.Next(activations.Length)]}",
                    _ => activations[random.Next(activations.Length)],
                });
            }
            lines.Add("loss " + losses[random.Next(losses.Length)]);
            var text = $"namespace Random{n}\nnetwork Net{n} {{\n" + string.Concat(lines.Select(l => "    " + l + "\n")) + "}\n";

            var (result, output) = GeneratorHarness.Run([("random.net", text)]);

            Assert.All(result.Results, r => Assert.Null(r.Exception));
            if (result.Diagnostics.IsEmpty)
            {
                Assert.True(GeneratorHarness.Errors(output).Length == 0, text + string.Join("\n", GeneratorHarness.Errors(output)));
                compiled++;
            }
        }
        Assert.True(compiled >= 20, $"only {compiled} of 40 random networks checked");
    }
}
