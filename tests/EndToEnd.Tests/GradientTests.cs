namespace NetForge.EndToEnd.Tests;

public class GradientTests
{
    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var name in Networks.Keys)
        {
            data.Add(name, 1);
            data.Add(name, 5);
        }
        return data;
    }

    private static readonly Dictionary<string, Func<INetwork>> Networks = new()
    {
        ["ReluMlp"] = () => new ReluMlp(1),
        ["LeakyElu"] = () => new LeakyElu(2),
        ["SigmoidTanh"] = () => new SigmoidTanh(3),
        ["Chained"] = () => new Chained(4),
        ["Wide"] = () => new Wide(5),
        ["NoBias"] = () => new NoBias(6),
        ["SoftmaxHead"] = () => new SoftmaxHead(7),
        ["SoftmaxHinge"] = () => new SoftmaxHinge(8),
        ["ConvTanh"] = () => new ConvTanh(9),
        ["ConvNoBias"] = () => new ConvNoBias(10),
        ["ResidualConv"] = () => new ResidualConv(11),
        ["ConcatBranches"] = () => new ConcatBranches(12),
        ["DoubleSkip"] = () => new DoubleSkip(13),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Generated_gradients_match_finite_differences(string name, int batch)
    {
        var network = Networks[name]();
        GeneratedGradientCheck.KeepAwayFromKinks(network, seed: batch);
        var buffers = GeneratedGradientCheck.Batch(network, batch, seed: 10 + batch);

        var (error, where) = GeneratedGradientCheck.MaxError(network, buffers);

        Assert.True(error < 1e-3, $"{name}, batch {batch}: relative error {error:G3} at {where}");
    }

    /// <summary>
    /// Max pooling is piecewise: a step that changes which value of a window is largest breaks the finite
    /// difference. Here each filter is nearly a copy of its input (centre tap ±1, the others 0.005) and the
    /// input holds sixteen values 0.125 apart, so the values of a window stay at least 0.045 apart, while a
    /// step moves any of them by at most 0.01.
    /// </summary>
    [Fact]
    public void Generated_max_pooling_gradients_match_finite_differences()
    {
        var network = new MaxPooled(14);
        var weights = network.Conv1Weight.Data;
        weights.AsSpan().Fill(0.005f);
        weights[4] = 1f;
        weights[9 + 4] = -1f;
        var buffers = GeneratedGradientCheck.Batch(network, 1, seed: 15);
        int[] order = [5, 12, 0, 9, 14, 3, 7, 10, 1, 15, 6, 11, 13, 2, 8, 4];
        for (var i = 0; i < 16; i++)
            buffers.Inputs[i] = -1f + order[i] * 0.125f;

        var (error, where) = GeneratedGradientCheck.MaxError(network, buffers);

        Assert.True(error < 1e-3, $"MaxPooled: relative error {error:G3} at {where}");
    }

    [Fact]
    public void The_check_fails_when_one_gradient_is_slightly_wrong()
    {
        var network = new ReluMlp(1);
        GeneratedGradientCheck.KeepAwayFromKinks(network, seed: 1);
        var buffers = GeneratedGradientCheck.Batch(network, 5, seed: 15);

        var (error, _) = GeneratedGradientCheck.MaxError(network, buffers, (p, i, g) => p == 2 && i == 3 ? g * 1.01f + 1e-4f : g);

        Assert.True(error > 1e-3, $"a 1% error went unnoticed (max error {error:G3})");
    }
}
