using Microsoft.CodeAnalysis;

namespace NetForge.Generator.Tests;

public class DiagnosticTests
{
    private static Diagnostic Single(GeneratorDriverRunResult result, string id)
    {
        Assert.All(result.Results, r => Assert.Null(r.Exception));
        return Assert.Single(result.Diagnostics, d => d.Id == id);
    }

    private static void AssertAt(Diagnostic diagnostic, string path, int line, int column)
    {
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal(path, span.Path);
        Assert.Equal((line, column), (span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1));
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
    }

    [Fact]
    public void A_malformed_file_reports_at_its_place_and_the_other_networks_still_generate()
    {
        const string broken = """
            network Broken {
                input [784]
                dense(256) relu
                loss softmax_cross_entropy
            }
            """;
        var (result, output) = GeneratorHarness.Run(
            [("models/broken.net", broken), ("models/mlp.net", Models.MlpFile)],
            ("MlpFromAttributes.cs", Models.MlpAttributes));

        AssertAt(Single(result, "NF1001"), "models/broken.net", 3, 16);
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "CS8785");
        var hints = GeneratorHarness.Classes(result).Select(s => s.HintName).Order().ToArray();
        Assert.Equal(["Examples.FashionMnist.Mlp.g.cs", "Examples.FashionMnist.MlpFromAttributes.g.cs"], hints);
        Assert.DoesNotContain(GeneratorHarness.Errors(output), e => e.Contains("NF", StringComparison.Ordinal) && !e.Contains("NF1001", StringComparison.Ordinal));
    }

    [Fact]
    public void A_shape_error_in_one_network_of_a_file_leaves_the_others_generated()
    {
        const string text = """
            network Good {
                input [4]
                dense(3)
                loss softmax_cross_entropy
            }

            network Bad {
                input [4]
                dense(1)
                loss softmax_cross_entropy
            }
            """;
        var (result, _) = GeneratorHarness.Run([("two.net", text)]);

        AssertAt(Single(result, "NF2020"), "two.net", 10, 10);
        Assert.Equal("Consumer.Good.g.cs", GeneratorHarness.Classes(result).Single().HintName);
    }

    [Fact]
    public void A_network_declared_twice_in_one_namespace_is_reported_at_the_second()
    {
        const string again = """
            namespace Examples.FashionMnist

            network Mlp {
                input [4]
                dense(3)
                loss softmax_cross_entropy
            }
            """;
        var (result, _) = GeneratorHarness.Run([("a/mlp.net", Models.MlpFile), ("b/mlp.net", again)]);

        var diagnostic = Single(result, "NF2019");
        Assert.Contains("Examples.FashionMnist.Mlp", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Single(GeneratorHarness.Classes(result));
    }

    [Fact]
    public void Without_a_namespace_line_the_class_goes_into_the_root_namespace()
    {
        var (result, output) = GeneratorHarness.Run([("tiny.net", "network Tiny {\n  input [2]\n  dense(2)\n  loss softmax_cross_entropy\n}\n")]);

        Assert.Contains("namespace Consumer;", GeneratorHarness.Generated(result, "Consumer.Tiny.g.cs"), StringComparison.Ordinal);
        Assert.NotNull(output.GetTypeByMetadataName("Consumer.Tiny"));
    }

    [Fact]
    public void A_network_class_that_is_not_partial_is_reported_at_its_name()
    {
        const string source = """
            using NetForge;
            [Network(4)]
            [Dense(2)]
            [Loss(LossKind.SoftmaxCrossEntropy)]
            public class Whole;
            """;
        var (result, _) = GeneratorHarness.Run([], ("Whole.cs", source));

        AssertAt(Single(result, "NF3001"), "Whole.cs", 5, 14);
    }

    [Theory]
    [InlineData("public static partial class Outer { [Network(4)] [Dense(2)] [Loss(LossKind.SoftmaxCrossEntropy)] public partial class Inner; }", "Inner", "nested in Outer")]
    [InlineData("[Network(4)] [Dense(2)] [Loss(LossKind.SoftmaxCrossEntropy)] public partial class Generic<T>;", "Generic", "generic")]
    [InlineData("[Network(4)] [Dense(2)] [Loss(LossKind.SoftmaxCrossEntropy)] public abstract partial class Abstract;", "Abstract", "abstract")]
    public void A_network_class_that_cannot_take_generated_members_is_reported_at_its_name(string declaration, string name, string problem)
    {
        var (result, _) = GeneratorHarness.Run([], ("Odd.cs", "using NetForge;\n" + declaration));

        var diagnostic = Single(result, "NF3002");
        AssertAt(diagnostic, "Odd.cs", 2, declaration.IndexOf("class " + name, StringComparison.Ordinal) + "class ".Length + 1);
        Assert.Contains(problem, diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_half_given_non_square_kernel_is_reported_at_the_attribute()
    {
        const string source = """
            using NetForge;
            [Network(1, 8, 8)]
            [Conv2D(4, KernelHeight = 3)]
            [Flatten]
            [Dense(2)]
            [Loss(LossKind.SoftmaxCrossEntropy)]
            public partial class HalfKernel;
            """;
        var (result, _) = GeneratorHarness.Run([], ("HalfKernel.cs", source));

        AssertAt(Single(result, "NF3003"), "HalfKernel.cs", 3, 2);
    }

    [Fact]
    public void Layers_on_two_partial_declarations_are_reported()
    {
        const string source = """
            using NetForge;
            [Network(4)]
            [Dense(3)]
            public partial class Split;

            [Dense(2)]
            [Loss(LossKind.SoftmaxCrossEntropy)]
            public partial class Split;
            """;
        var (result, _) = GeneratorHarness.Run([], ("Split.cs", source));

        AssertAt(Single(result, "NF3004"), "Split.cs", 4, 22);
    }

    [Fact]
    public void A_meaning_error_in_an_attribute_points_at_the_attribute_argument()
    {
        const string source = """
            using NetForge;
            [Network(784)]
            [Dense(0, Activation = Activation.ReLU)]
            [Dense(10)]
            [Loss(LossKind.SoftmaxCrossEntropy)]
            public partial class ZeroUnits;
            """;
        var (result, _) = GeneratorHarness.Run([], ("ZeroUnits.cs", source));

        var diagnostic = Single(result, "NF2011");
        AssertAt(diagnostic, "ZeroUnits.cs", 3, 8);
        Assert.Contains("dense(0)", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Init = Init.Normal", "NF2010", 11, "normal needs the argument 'std'")]
    [InlineData("InitStd = 0.5", "NF2009", 11, "uniform_fan_in has no argument 'std'; it takes no arguments")]
    [InlineData("Init = Init.HeNormal, InitStd = 0.5", "NF2009", 33, "he_normal has no argument 'std'; it takes no arguments")]
    [InlineData("Init = Init.Normal, InitStd = -1.0", "NF2011", 31, "argument 'std' of normal(std: -1.0) must be a number > 0, not -1.0")]
    public void An_initialiser_mistake_in_an_attribute_points_at_its_argument(string arguments, string id, int column, string message)
    {
        var source = $$"""
            using NetForge;
            [Network(8)]
            [Dense(4, {{arguments}})]
            [Loss(LossKind.MeanSquaredError)]
            public partial class Initialised;
            """;
        var (result, _) = GeneratorHarness.Run([], ("Initialised.cs", source));

        var diagnostic = Single(result, id);
        AssertAt(diagnostic, "Initialised.cs", 3, column);
        Assert.Equal(message, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_shape_error_in_an_attribute_network_points_at_the_attribute()
    {
        const string source = """
            using NetForge;
            [Network(784)]
            [Dense(10)]
            [Maxout(3)]
            [Loss(LossKind.SoftmaxCrossEntropy)]
            public partial class Uneven;
            """;
        var (result, _) = GeneratorHarness.Run([], ("Uneven.cs", source));

        AssertAt(Single(result, "NF2021"), "Uneven.cs", 4, 2);
    }

    [Fact]
    public void A_convolution_shape_error_in_the_attribute_form_points_at_the_attribute()
    {
        const string source = """
            using NetForge;
            [Network(1, 8, 8)]
            [Conv2D(6, Kernel = 5, Activation = Activation.ReLU)]
            [MaxPool(2)]
            [Conv2D(16, Kernel = 5)]
            [Flatten]
            [Dense(10)]
            [Loss(LossKind.SoftmaxCrossEntropy)]
            public partial class TooSmall;
            """;
        var (result, _) = GeneratorHarness.Run([], ("TooSmall.cs", source));

        var diagnostic = Single(result, "NF2003");
        AssertAt(diagnostic, "TooSmall.cs", 5, 2);
        Assert.Equal("conv2d(16, kernel: 5) needs an input of at least 5x5 but the previous layer yields [6, 2, 2]", diagnostic.GetMessage());
    }

    [Fact]
    public void An_add_of_another_shape_in_the_attribute_form_names_the_label()
    {
        const string source = """
            using NetForge;
            [Network(1, 28, 28)]
            [Conv2D(16, Kernel = 3, Padding = 1, Activation = Activation.ReLU, Name = "stem")]
            [MaxPool(2)]
            [Add("stem")]
            [Flatten]
            [Dense(10)]
            [Loss(LossKind.SoftmaxCrossEntropy)]
            public partial class Mismatch;
            """;
        var (result, _) = GeneratorHarness.Run([], ("Mismatch.cs", source));

        var diagnostic = Single(result, "NF2004");
        AssertAt(diagnostic, "Mismatch.cs", 5, 2);
        Assert.Equal("add(stem) needs the shape of 'stem', [16, 28, 28], but the previous layer yields [16, 14, 14]", diagnostic.GetMessage());
    }
}
