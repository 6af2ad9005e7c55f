using System.Text;
using System.Text.RegularExpressions;
using NetForge.Dsl.Binding;
using NetForge.Dsl.Diagnostics;
using NetForge.Dsl.Planning;

namespace NetForge.Dsl.Tests;

/// <summary>The front-end never throws: any text yields networks or diagnostics with a place.</summary>
public class RobustnessTests
{
    private static readonly string[] Fragments =
    [
        "(", ")", "[", "]", "{", "}", ":", ",", "->", "-", ">", "#", "//", "/", ".", "\n", "\r\n", "\r", "\t", " ", "  ",
        "0", "-1", "7", "2.5", "1e-5", "1e999", "1.5E+3", "99999999999999999999", "2147483648",
        "relu", "softmax", "dense", "conv2d", "maxpool(2)", "maxout(3)", "batchnorm", "dropout(0.5)", "flatten",
        "input", "loss", "network", "namespace", "stem", "x", "add(stem)", "concat(stem, stem)", "stem: ",
        "kernel: [3, 5]", "kernel: 99", "stride: 0", "padding: 7", "bias: false", "true", "[1, 2]", "[0]",
        "é", "\0", "\"", "'", "\u00a0", "λ", "\uFEFF",
    ];

    private static readonly Regex Id = new("^NF[12][0-9]{3}$");

    public static TheoryData<int> Seeds => new(Enumerable.Range(1, 8));

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Mutations_of_the_examples_yield_networks_or_placed_diagnostics(int seed)
    {
        var random = new Random(seed);
        var examples = new[] { SpecExamples.LeNet5AndMlp, SpecExamples.ResidualTiny, SpecExamples.LeNet5AndMlp + "\n" + SpecExamples.ResidualTiny };
        var ids = new HashSet<string>();
        for (var i = 0; i < 50; i++)
        {
            var text = examples[random.Next(examples.Length)];
            var mutations = random.Next(1, 5);
            for (var m = 0; m < mutations; m++)
                text = Mutate(text, random);
            ids.UnionWith(Check(text).Select(d => d.Id));
        }
        // The mutations reach both the parser's and the binder's errors.
        Assert.Contains("NF1001", ids);
        Assert.Contains(ids, id => id.StartsWith("NF20", StringComparison.Ordinal) && id != "NF2022");
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Random_strings_of_the_language_s_pieces_yield_networks_or_placed_diagnostics(int seed)
    {
        var random = new Random(1000 + seed);
        for (var i = 0; i < 25; i++)
        {
            var text = new StringBuilder();
            if (random.Next(2) == 0)
                text.Append("network N {\n input [1, 8, 8]\n");
            var count = random.Next(0, 40);
            for (var j = 0; j < count; j++)
                text.Append(Fragments[random.Next(Fragments.Length)]);
            if (random.Next(2) == 0)
                text.Append("\n loss mse\n}\n");
            Check(text.ToString());
        }
    }

    [Theory]
    [InlineData("network N {\n input [99999999999999999999]\n loss mse\n}")]
    [InlineData("network N {\n input [-99999999999999999999]\n loss mse\n}")]
    [InlineData("network N {\n input [65536, 65536, 65536]\n flatten\n loss mse\n}")]
    [InlineData("network N {\n input [4]\n dense(99999999999999999999)\n loss mse\n}")]
    [InlineData("network N {\n input [4]\n leaky_relu(1e999)\n loss mse\n}")]
    [InlineData("network N {\n input [1, 4, 4]\n conv2d(1, kernel: [99999999999, 1])\n loss mse\n}")]
    [InlineData("network N {\n input [1, 4, 4]\n maxpool(2, stride: 99999999999)\n loss mse\n}")]
    [InlineData("\uFEFFnetwork N {\n input [4]\n loss mse\n}")]
    [InlineData("network N {\0\n}")]
    public void Extreme_texts_yield_placed_diagnostics(string text)
    {
        var diagnostics = Check(text);

        Assert.NotEmpty(diagnostics);
    }

    private static string Mutate(string text, Random random)
    {
        var at = random.Next(text.Length + 1);
        switch (random.Next(6))
        {
            case 0:
                return text.Remove(at, Math.Min(random.Next(1, 12), text.Length - at));
            case 1:
            case 2:
                return text.Insert(at, Fragments[random.Next(Fragments.Length)]);
            case 3:
                var from = random.Next(text.Length);
                return text.Insert(at, text.Substring(from, Math.Min(random.Next(1, 30), text.Length - from)));
            case 4:
                var lines = text.Split('\n').ToList();
                int a = random.Next(lines.Count), b = random.Next(lines.Count);
                (lines[a], lines[b]) = (lines[b], lines[a]);
                return string.Join("\n", lines);
            default:
                return text.Substring(0, at);
        }
    }

    /// <summary>Runs a text through every stage and checks the outcome; returns every diagnostic.</summary>
    private static List<Diagnostic> Check(string text)
    {
        var diagnostics = new List<Diagnostic>();
        var lineCount = text.Count(c => c == '\n') + 1;
        foreach (var result in ModelCompiler.CompileFile(Source.Path, text).Concat(BindWithoutKernelCheck(text)))
        {
            if (result.Network is { } network)
            {
                Assert.Empty(result.Diagnostics);
                Assert.NotNull(Planner.Plan(network));
                continue;
            }
            Assert.NotEmpty(result.Diagnostics);
            foreach (var diagnostic in result.Diagnostics)
            {
                var where = $"{diagnostic} in\n{text}";
                Assert.True(Id.IsMatch(diagnostic.Id), where);
                Assert.True(diagnostic.Location.Line >= 1 && diagnostic.Location.Line <= lineCount, where);
                Assert.True(diagnostic.Location.Column >= 1, where);
                Assert.True(diagnostic.Location.Start >= 0 && diagnostic.Location.Start + diagnostic.Location.Length <= text.Length, where);
                Assert.False(string.IsNullOrWhiteSpace(diagnostic.Message), where);
                diagnostics.Add(diagnostic);
            }
        }
        return diagnostics;
    }

    private static IEnumerable<BindResult> BindWithoutKernelCheck(string text)
    {
        var parsed = Source.Parse(text);
        return parsed.Diagnostics.Count > 0 ? [] : NetworkBinder.BindAll(parsed.Networks);
    }
}
