using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace NetForge.Dsl.Tests;

/// <summary>Timing tests run alone, so that the other tests do not share their cores.</summary>
[CollectionDefinition(nameof(Timing), DisableParallelization = true)]
public sealed class Timing;

/// <summary>Checking is linear in the size of a file and the number of its mistakes.</summary>
[Collection(nameof(Timing))]
public class ScaleTests
{
    private const long MaxBytes = 500_000_000;
    private static readonly TimeSpan MaxTime = TimeSpan.FromSeconds(2);

    /// <summary>
    /// About 1 MB with 10,002 errors: 9,000 networks with one each, a network of 1,000 lines with one each, and one
    /// argument list with 5,000 unknown labels and another with 5,000 repeated arguments. <paramref name="scale"/>
    /// divides the counts, for a warm-up run.
    /// </summary>
    private static string ManyErrors(int scale = 1)
    {
        var text = new StringBuilder("namespace Examples.Big\n\n");
        for (var i = 0; i < 9000 / scale; i++)
            text.Append("network N").Append(i.ToString(CultureInfo.InvariantCulture))
                .Append(" {\n    input [8]\n    dense(16) -> relu\n    dense(16) -> relu\n    dense(0)\n    loss mse\n}\n");
        text.Append("network Lines {\n    input [8]\n");
        for (var i = 0; i < 1000 / scale; i++)
            text.Append("    rleu\n");
        text.Append("    loss mse\n}\nnetwork Lists {\n    input [8]\n    a: relu\n    concat(a");
        for (var i = 0; i < 5000 / scale; i++)
            text.Append(", b").Append(i.ToString(CultureInfo.InvariantCulture));
        text.Append(")\n    dense(4");
        for (var i = 0; i < 5000 / scale; i++)
            text.Append(", bias: true");
        return text.Append(")\n    loss mse\n}\n").ToString();
    }

    private static (IReadOnlyList<Binding.BindResult> Results, TimeSpan Time, long Bytes) Measure(string text)
    {
        // A run on a smaller file first, so that the measure is of checking and not of compiling the checker.
        ModelCompiler.CompileFile("warm-up.net", ManyErrors(scale: 20));
        var before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var results = ModelCompiler.CompileFile("big.net", text);
        clock.Stop();
        var bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        return (results, Best(clock.Elapsed, () => ModelCompiler.CompileFile("big.net", text)), bytes);
    }

    /// <summary>
    /// The best of up to ten runs, stopping at the first under the bound: other test assemblies, and the builds of the
    /// next ones, may share the cores (a CI run once took 2,051 ms for what takes some 300 ms alone). A superlinear
    /// checker takes tens of seconds here in every run, so the bound still catches it.
    /// </summary>
    private static TimeSpan Best(TimeSpan first, Action run)
    {
        var best = first;
        for (var tries = 1; tries < 10 && best >= MaxTime; tries++)
        {
            var clock = Stopwatch.StartNew();
            run();
            best = TimeSpan.FromTicks(Math.Min(best.Ticks, clock.Elapsed.Ticks));
        }
        return best;
    }

    [Fact]
    public void A_1_MB_file_with_10_000_errors_checks_in_under_2_s_and_500_MB()
    {
        var text = ManyErrors();
        Assert.InRange(text.Length, 1_000_000, 1_100_000);

        var (results, time, bytes) = Measure(text);

        Assert.True(time < MaxTime, $"{time.TotalMilliseconds:F0} ms");
        Assert.True(bytes < MaxBytes, $"{bytes / 1_000_000} MB");
        var diagnostics = results.SelectMany(r => r.Diagnostics).ToList();
        Assert.Equal(10_002, diagnostics.Count);
        Assert.Equal(("NF2011", 7, 11), (diagnostics[0].Id, diagnostics[0].Location.Line, diagnostics[0].Location.Column));
        var lists = diagnostics.Skip(10_000).ToList();
        Assert.Equal(("NF2006", 64010, 15), (lists[0].Id, lists[0].Location.Line, lists[0].Location.Column));
        Assert.EndsWith("refers to 'b0', 'b1', 'b2' and 4,997 more, which no line of network Lists defines", lists[0].Message);
        Assert.Equal(("NF2012", 64011, 26), (lists[1].Id, lists[1].Location.Line, lists[1].Location.Column));
        Assert.EndsWith("'bias' is given 5,000 times", lists[1].Message);
        Assert.True(diagnostics.Sum(d => (long)d.Message.Length) < 2_000_000, "messages stay short");
    }

    [Fact]
    public void A_syntax_error_at_the_end_of_a_1_MB_file_is_found_in_under_2_s_and_500_MB()
    {
        var text = ManyErrors() + "network Broken {\n    input [4\n}\n";

        var (results, time, bytes) = Measure(text);

        Assert.True(time < MaxTime, $"{time.TotalMilliseconds:F0} ms");
        Assert.True(bytes < MaxBytes, $"{bytes / 1_000_000} MB");
        var diagnostic = Assert.Single(Assert.Single(results).Diagnostics);
        Assert.Equal(("NF1001", 64015, 13), (diagnostic.Id, diagnostic.Location.Line, diagnostic.Location.Column));
    }

    [Fact]
    public void A_namespace_of_200_000_segments_checks_in_under_2_s()
    {
        var text = "namespace " + string.Join(".", Enumerable.Repeat("a", 200_000)) + "\n" + Source.Network("input [4]|dense(2)|loss mse");

        var clock = Stopwatch.StartNew();
        var result = Assert.Single(ModelCompiler.CompileFile("long.net", text));
        clock.Stop();
        var time = Best(clock.Elapsed, () => ModelCompiler.CompileFile("long.net", text));

        Assert.True(time < MaxTime, $"{time.TotalMilliseconds:F0} ms");
        Assert.Equal(399_999, result.Network!.Namespace!.Length);
    }
}
