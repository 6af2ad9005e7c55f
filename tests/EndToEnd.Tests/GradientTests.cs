namespace NetForge.EndToEnd.Tests;

public class GradientTests
{
    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var name in Networks.Keys)
        {
            if (Smooth.Contains(name))
            {
                // A batch norm over [n] normalises each feature over the batch alone. Over a few samples a feature can
                // have almost no spread, and then a finite-difference step changes its statistics out of proportion.
                data.Add(name, 16);
                data.Add(name, 32);
            }
            else
            {
                data.Add(name, 1);
                data.Add(name, 5);
            }
        }
        return data;
    }

    /// <summary>Networks with dropout, batch norm or an L2 penalty, whose training loss is not the evaluation loss: their
    /// check differentiates the training loss, each time at the same step count so that dropout's mask is fixed.</summary>
    private static readonly HashSet<string> Trained = ["DropoutMaxout", "NormFlat", "NormImage", "NormFirst", "DropoutSkips", "L2Penalty"];

    /// <summary>Networks left at their initial weights rather than kept away from kinks: they are smooth, and a
    /// batch norm after tiny weights would magnify them until finite differences lose their accuracy.</summary>
    private static readonly HashSet<string> Smooth = ["NormFlat", "NormImage"];

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
        ["DropoutMaxout"] = () => new DropoutMaxout(16),
        ["NormFlat"] = () => new NormFlat(17),
        ["NormImage"] = () => new NormImage(18),
        ["NormFirst"] = () => new NormFirst(19),
        ["FlattenFirst"] = () => new FlattenFirst(22),
        ["DropoutSkips"] = () => new DropoutSkips(23),
        ["L2Penalty"] = () => new L2Penalty(24),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Generated_gradients_match_finite_differences(string name, int batch)
    {
        var network = Networks[name]();
        if (Smooth.Contains(name))
            GeneratedGradientCheck.VaryNormalisation(network);
        else
            GeneratedGradientCheck.KeepAwayFromKinks(network, seed: batch);
        var buffers = GeneratedGradientCheck.Batch(network, batch, seed: 10 + batch);

        var (error, where) = GeneratedGradientCheck.MaxError(network, buffers, training: Trained.Contains(name));

        Assert.True(error < 1e-3, $"{name}, batch {batch}: relative error {error:G3} at {where}");
    }

    [Fact]
    public void Every_network_of_the_gradient_file_is_checked()
    {
        var names = File.ReadLines(Path.Combine(SourceDirectory(), "models", "gradients.net"))
            .Where(line => line.StartsWith("network ", StringComparison.Ordinal))
            .Select(line => line.Split(' ')[1]);

        var missing = names.Where(n => !Networks.ContainsKey(n) && n is not nameof(MaxPooled) and not nameof(TiedMaxout)).ToList();
        Assert.True(missing.Count == 0, "not checked: " + string.Join(", ", missing));
    }

    /// <summary>
    /// At a tie the maxout's gradient goes to the first piece: the derivative from the side where that piece stays
    /// the larger, which a one-sided difference measures, while the second piece gets none.
    /// </summary>
    [Fact]
    public void Generated_maxout_sends_a_tie_s_gradient_to_the_first_piece()
    {
        var network = new TiedMaxout(20);
        var weight = network.Dense1Weight.Data;
        var bias = network.Dense1Bias.Data;
        // Rows 0 and 1 are the pieces of the first group: equal rows tie for every input. Rows 2 and 3 stay 1.5 apart.
        for (var i = 0; i < 3; i++)
        {
            weight[3 + i] = weight[i];
            weight[6 + i] = 0.05f;
            weight[9 + i] = -0.05f;
        }
        (bias[1], bias[2], bias[3]) = (bias[0], 0.6f, -0.9f);
        var buffers = GeneratedGradientCheck.Batch(network, 4, seed: 21);
        // Positive inputs, so that raising weight[0] makes the first piece the larger in every sample.
        for (var i = 0; i < 12; i++)
            buffers.Inputs[i] = 0.2f + Math.Abs(buffers.Inputs[i]);

        network.TrainStep(buffers);
        var gradient = buffers.Gradients[0].Data;

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(0f, gradient[3 + i]);
            Assert.NotEqual(0f, gradient[i]);
        }
        var original = weight[0];
        double At(float step)
        {
            weight[0] = original + step;
            return network.Evaluate(buffers);
        }
        const float h = 1e-2f;
        // (−3·f(x) + 4·f(x+h) − f(x+2h)) / 2h, exact to O(h²) from one side.
        var oneSided = (-3 * At(0) + 4 * At(h) - At(2 * h)) / (2 * h);
        weight[0] = original;
        Assert.True(Math.Abs(oneSided - gradient[0]) < 1e-3 * Math.Max(1, Math.Abs(oneSided)), $"analytic {gradient[0]:G6}, one-sided {oneSided:G6}");
    }

    private static string SourceDirectory([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

    [Fact]
    public void The_training_loss_check_fails_when_one_gradient_is_slightly_wrong()
    {
        var network = new NormFlat(17);
        GeneratedGradientCheck.VaryNormalisation(network);
        var buffers = GeneratedGradientCheck.Batch(network, 5, seed: 15);

        var (error, _) = GeneratedGradientCheck.MaxError(network, buffers, training: true, corrupt: (p, i, g) => p == 2 && i == 3 ? g * 1.01f + 1e-4f : g);

        Assert.True(error > 1e-3, $"a 1% error went unnoticed (max error {error:G3})");
    }

    /// <summary>
    /// Max pooling is piecewise: a step that changes which value of a window is largest breaks the finite
    /// difference. Here each filter is nearly a copy of its input (centre tap ±1, the others 0.005) and the
    /// input holds sixteen values 0.125 apart, so the values of a window stay at least 0.045 apart, while a
    /// stencil (two steps) moves any of them by at most 0.02.
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

        var (error, _) = GeneratedGradientCheck.MaxError(network, buffers, corrupt: (p, i, g) => p == 2 && i == 3 ? g * 1.01f + 1e-4f : g);

        Assert.True(error > 1e-3, $"a 1% error went unnoticed (max error {error:G3})");
    }
}
