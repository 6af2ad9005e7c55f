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
