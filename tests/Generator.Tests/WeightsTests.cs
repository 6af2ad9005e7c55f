using Microsoft.CodeAnalysis;

namespace NetForge.Generator.Tests;

/// <summary>
/// A network that names a weights file: the header file the build writes for each weights file reaches the generator
/// as an additional file, and each way the weights can fail the network is an error at the <c>weights</c> line.
/// </summary>
public class WeightsTests
{
    private const string ModelPath = "/project/models/tiny.net";
    private const string WeightsPath = "/project/models/tiny.safetensors";

    // dense1.weight [3, 4], dense1.bias [3]: 48 + 12 bytes.
    private const string Model = """
        namespace Consumer

        network Tiny {
            input [4]
            weights "tiny.safetensors"
            dense(3)
            loss softmax_cross_entropy
        }
        """;

    private const string Tensors = """
        "dense1.weight":{"dtype":"F32","shape":[3,4],"data_offsets":[0,48]},"dense1.bias":{"dtype":"F32","shape":[3],"data_offsets":[48,60]}
        """;

    /// <summary>The header file the build writes for a weights file with this header.</summary>
    private static (string, string) Header(string header, long? dataLength = null, string source = WeightsPath)
    {
        var length = 8 + header.Length + (dataLength ?? 60);
        return (source + ".0.netforge-weights",
            $"netforge-weights 1\nsource={source}\nresource=NetForge.Weights/models/tiny.safetensors\nlength={length}\nheaderLength={header.Length}\nheader={header}");
    }

    private static (string, string) Valid => Header("{" + Tensors + "}");

    private static GeneratorDriverRunResult Run(params (string, string)[] files) =>
        GeneratorHarness.Run(files).Result;

    private static Diagnostic Single(GeneratorDriverRunResult result, string id)
    {
        Assert.All(result.Results, r => Assert.Null(r.Exception));
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "CS8785");
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(id, diagnostic.Id);
        return diagnostic;
    }

    private static void AssertAtWeightsLine(Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal(ModelPath, span.Path);
        Assert.Equal((5, 5), (span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1));
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
    }

    private static string[] Hints(GeneratorDriverRunResult result) =>
        GeneratorHarness.Classes(result).Select(s => s.HintName).Order().ToArray();

    [Fact]
    public void A_file_that_fits_gives_the_class_Pretrained()
    {
        var (result, output) = GeneratorHarness.Run([(ModelPath, Model), Valid]);

        Assert.Empty(result.Diagnostics);
        Assert.Equal(["Consumer.Tiny.Pretrained.g.cs", "Consumer.Tiny.g.cs"], Hints(result));
        Assert.Empty(GeneratorHarness.Errors(output));
        Snapshot.Match(GeneratorHarness.Generated(result, "Consumer.Tiny.Pretrained.g.cs"), "TinyPretrained");
    }

    [Fact]
    public void NF2030_a_file_that_is_not_among_the_build_s_weights_files()
    {
        var result = Run((ModelPath, Model), Header("{" + Tensors + "}", source: "/project/other.safetensors"));

        var diagnostic = Single(result, "NF2030");
        AssertAtWeightsLine(diagnostic);
        Assert.Contains("weights file 'tiny.safetensors' is not part of the build: no NetForgeWeights item is /project/models/tiny.safetensors", diagnostic.GetMessage());
        Assert.Equal(["Consumer.Tiny.g.cs"], Hints(result));
    }

    public static TheoryData<string, long, string> BrokenHeaders() => new()
    {
        { "{" + Tensors, 60, "invalid JSON" },
        { "[" + Tensors + "]", 60, "does not start with '{'" },
        { "{" + Tensors.Replace("\"F32\",\"shape\":[3]", "\"F31\",\"shape\":[3]") + "}", 60, "tensor 'dense1.bias' has the unknown dtype 'F31'" },
        { "{" + Tensors.Replace("[48,60]", "[52,64]") + "}", 64, "tensor 'dense1.bias' starts at byte 52 of the data, leaving a gap" },
        { "{" + Tensors.Replace("[48,60]", "[40,52]") + "}", 52, "tensor 'dense1.bias' starts at byte 40 of the data, overlapping" },
        { "{" + Tensors.Replace("[3,4]", "[3,3]") + "}", 60, "tensor 'dense1.weight' has shape [3, 3] of F32, which is not the 48 bytes" },
        { "{" + Tensors + "}", 61, "the tensors take 60 bytes, but 61 follow the header" },
        { "{" + Tensors + "}", 59, "the tensors take 60 bytes, but 59 follow the header" },
    };

    [Theory]
    [MemberData(nameof(BrokenHeaders))]
    public void NF2031_a_file_that_breaks_the_format(string header, long dataLength, string message)
    {
        var diagnostic = Single(Run((ModelPath, Model), Header(header, dataLength)), "NF2031");

        AssertAtWeightsLine(diagnostic);
        Assert.Contains("weights file 'tiny.safetensors' is not a valid safetensors file: " , diagnostic.GetMessage());
        Assert.Contains(message, diagnostic.GetMessage());
    }

    [Fact]
    public void NF2031_a_file_the_build_could_not_read_reports_why()
    {
        var sidecar = (WeightsPath + ".0.netforge-weights",
            $"netforge-weights 1\nsource={WeightsPath}\nresource=r\nerror=the header length 200000000 is over the limit of 100000000 bytes\n");

        var diagnostic = Single(Run((ModelPath, Model), sidecar), "NF2031");

        AssertAtWeightsLine(diagnostic);
        Assert.EndsWith("the header length 200000000 is over the limit of 100000000 bytes", diagnostic.GetMessage());
    }

    [Fact]
    public void NF2032_a_tensor_the_file_lacks()
    {
        var header = """{"dense1.weight":{"dtype":"F32","shape":[3,4],"data_offsets":[0,48]}}""";
        var diagnostic = Single(Run((ModelPath, Model), Header(header, 48)), "NF2032");

        AssertAtWeightsLine(diagnostic);
        Assert.Equal("weights file 'tiny.safetensors' has no tensor 'dense1.bias' [3], which network Tiny needs", diagnostic.GetMessage());
    }

    [Fact]
    public void NF2033_a_tensor_the_network_does_not_have()
    {
        var header = "{" + Tensors + ""","dense2.bias":{"dtype":"F32","shape":[2],"data_offsets":[60,68]}}""";
        var diagnostic = Single(Run((ModelPath, Model), Header(header, 68)), "NF2033");

        AssertAtWeightsLine(diagnostic);
        Assert.Equal("weights file 'tiny.safetensors' has tensor 'dense2.bias' [2], which network Tiny does not have", diagnostic.GetMessage());
    }

    [Fact]
    public void NF2034_a_tensor_of_another_shape()
    {
        var header = """{"dense1.weight":{"dtype":"F32","shape":[4,3],"data_offsets":[0,48]},"dense1.bias":{"dtype":"F32","shape":[3],"data_offsets":[48,60]}}""";
        var result = Run((ModelPath, Model), Header(header));

        var diagnostic = Single(result, "NF2034");
        AssertAtWeightsLine(diagnostic);
        Assert.Equal("tensor 'dense1.weight' is [3, 4] in network Tiny but [4, 3] in weights file 'tiny.safetensors'", diagnostic.GetMessage());
        Assert.Equal(["Consumer.Tiny.g.cs"], Hints(result));
    }

    [Fact]
    public void NF2034_a_tensor_that_is_not_floating_point()
    {
        var header = "{" + Tensors.Replace("\"F32\",\"shape\":[3]", "\"I32\",\"shape\":[3]") + "}";
        var diagnostic = Single(Run((ModelPath, Model), Header(header)), "NF2034");

        Assert.Equal("tensor 'dense1.bias' is float in network Tiny but I32 in weights file 'tiny.safetensors'", diagnostic.GetMessage());
    }

    [Fact]
    public void F16_BF16_and_F64_tensors_are_accepted()
    {
        var header = """{"dense1.weight":{"dtype":"F64","shape":[3,4],"data_offsets":[0,96]},"dense1.bias":{"dtype":"BF16","shape":[3],"data_offsets":[96,102]}}""";
        var result = Run((ModelPath, Model), Header(header, 102));

        Assert.Empty(result.Diagnostics);
        Assert.Contains("Consumer.Tiny.Pretrained.g.cs", Hints(result));
    }

    [Theory]
    [InlineData("    weights \"tiny.safetensors\"\n    weights \"tiny.safetensors\"\n", 6, "network Tiny already names its weights file, on line 5")]
    [InlineData("    weights \"  \"\n", 5, "the weights file's path is empty")]
    public void NF2029_a_second_weights_line_or_an_empty_path(string lines, int line, string message)
    {
        var model = $"namespace Consumer\n\nnetwork Tiny {{\n    input [4]\n{lines}    dense(3)\n    loss softmax_cross_entropy\n}}\n";
        var diagnostic = Single(Run((ModelPath, model), Valid), "NF2029");

        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal((line, 5), (span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1));
        Assert.Equal("weights cannot be used: " + message, diagnostic.GetMessage());
    }

    [Theory]
    [InlineData("    weights tiny.safetensors\n", 13, "expected '\"'")]
    [InlineData("    weights \"tiny.safetensors\n", 30, "expected '\"'")]
    public void A_weights_line_without_a_quoted_path_is_a_syntax_error(string line, int column, string message)
    {
        var model = $"network Tiny {{\n    input [4]\n{line}    dense(3)\n    loss mse\n}}\n";
        var diagnostic = Single(Run((ModelPath, model)), "NF1001");

        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal((3, column), (span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1));
        Assert.Contains(message, diagnostic.GetMessage());
    }

    [Fact]
    public void The_attribute_form_names_its_file_relative_to_its_source_file_and_is_checked_at_the_argument()
    {
        const string source = """
            using NetForge;

            namespace Consumer;

            [Network(4, Weights = "tiny.safetensors")]
            [Dense(3)]
            [Loss(LossKind.SoftmaxCrossEntropy)]
            public partial class Tiny;
            """;
        var (fits, output) = GeneratorHarness.Run([Valid], ("/project/models/Tiny.cs", source));
        Assert.Empty(fits.Diagnostics);
        Assert.Contains("Consumer.Tiny.Pretrained.g.cs", Hints(fits));
        Assert.Empty(GeneratorHarness.Errors(output));

        var header = """{"dense1.weight":{"dtype":"F32","shape":[3,5],"data_offsets":[0,60]}}""";
        var (misfit, _) = GeneratorHarness.Run([Header(header)], ("/project/models/Tiny.cs", source));
        var diagnostics = misfit.Diagnostics.OrderBy(d => d.Id).ToArray();
        Assert.Equal(["NF2032", "NF2034"], diagnostics.Select(d => d.Id));
        var span = diagnostics[0].Location.GetLineSpan();
        Assert.Equal(("/project/models/Tiny.cs", 5, 13), (span.Path, span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1));
    }

    [Fact]
    public void A_header_file_that_netforge_did_not_write_is_an_invalid_file()
    {
        var diagnostic = Single(Run((ModelPath, Model), (WeightsPath + ".0.netforge-weights", "something else")), "NF2030");

        Assert.Contains("is not part of the build", diagnostic.GetMessage());
    }
}
