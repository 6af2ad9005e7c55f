using System.Globalization;
using System.Text.Json;

namespace NetForge.Runtime.Tests.Training;

/// <summary>
/// Every optimizer against PyTorch 1.13 on the same gradients: ten steps of each configuration that
/// Training/Reference/optimizers_reference.py ran, its outputs committed so that the tests need no Python. Each
/// optimizer is built from the arguments PyTorch was given, with NetForge's defaults for the rest, so that the
/// defaults are checked too.
/// </summary>
public class PyTorchOptimizerTests
{
    private const double Tolerance = 1e-6;

    private static readonly JsonElement Reference = Load();

    private static JsonElement Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Training", "Reference", "optimizers.json")));
        return document.RootElement.Clone();
    }

    public static TheoryData<string> Configurations()
    {
        var data = new TheoryData<string>();
        foreach (var configuration in Reference.GetProperty("optimizers").EnumerateObject())
            data.Add(configuration.Name);
        return data;
    }

    private static Tensor ToTensor(JsonElement element, string name)
    {
        var shape = element.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var tensor = new Tensor(name, shape);
        var i = 0;
        foreach (var value in element.GetProperty("data").EnumerateArray())
            tensor.Data[i++] = value.GetSingle();
        return tensor;
    }

    private static Tensor[] Tensors(JsonElement list, string suffix) =>
        list.EnumerateArray().Select((e, i) => ToTensor(e, (i == 0 ? "dense1.weight" : "dense1.bias") + suffix)).ToArray();

    private static float Argument(JsonElement arguments, string name, float fallback) =>
        arguments.TryGetProperty(name, out var value) ? value.GetSingle() : fallback;

    /// <summary>The optimizer PyTorch's arguments describe, with NetForge's own defaults for those not given.</summary>
    private static IOptimizer Create(string configuration, JsonElement a)
    {
        var kind = configuration.Split('_')[0];
        float? lr = a.TryGetProperty("lr", out var rate) ? rate.GetSingle() : null;
        var betas = a.TryGetProperty("betas", out var b) ? b.EnumerateArray().Select(x => x.GetSingle()).ToArray() : null;
        return kind switch
        {
            "sgd" => new Sgd(lr!.Value, Argument(a, "momentum", 0f), a.TryGetProperty("nesterov", out var n) && n.GetBoolean(), Argument(a, "weight_decay", 0f)),
            "adam" => lr is null && betas is null && a.EnumerateObject().Count() == 0
                ? new Adam()
                : new Adam(lr!.Value, betas?[0] ?? 0.9f, betas?[1] ?? 0.999f, Argument(a, "eps", 1e-8f), Argument(a, "weight_decay", 0f)),
            "adamw" => lr is null ? new AdamW() : new AdamW(lr.Value, weightDecay: Argument(a, "weight_decay", 1e-2f)),
            "rmsprop" => lr is null
                ? new RmsProp()
                : new RmsProp(lr.Value, Argument(a, "alpha", 0.99f), Argument(a, "eps", 1e-8f), Argument(a, "weight_decay", 0f), Argument(a, "momentum", 0f)),
            "adagrad" => lr is null
                ? new AdaGrad()
                : new AdaGrad(lr.Value, Argument(a, "lr_decay", 0f), Argument(a, "weight_decay", 0f), Argument(a, "eps", 1e-10f)),
            _ => throw new ArgumentOutOfRangeException(nameof(configuration), configuration, "no optimizer of that name"),
        };
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Ten_steps_give_pytorch_s_parameters(string configuration)
    {
        var entry = Reference.GetProperty("optimizers").GetProperty(configuration);
        var optimizer = Create(configuration, entry.GetProperty("arguments"));
        var parameters = Tensors(Reference.GetProperty("initial"), "");
        var steps = Reference.GetProperty("gradients").EnumerateArray().ToArray();
        var after = entry.GetProperty("after").EnumerateArray().ToArray();
        Assert.Equal(10, steps.Length);

        for (var step = 0; step < steps.Length; step++)
        {
            optimizer.Step(parameters, Tensors(steps[step], ".grad"));
            var expected = Tensors(after[step], "");
            for (var t = 0; t < parameters.Length; t++)
                AssertClose(expected[t].Data, parameters[t].Data, string.Create(CultureInfo.InvariantCulture, $"{configuration}, step {step + 1}, {parameters[t].Name}"));
        }
    }

    [Fact]
    public void Clipping_by_global_norm_gives_pytorch_s_norm_and_gradients()
    {
        foreach (var case_ in Reference.GetProperty("clipping").EnumerateArray())
        {
            var gradients = Tensors(case_.GetProperty("gradients"), ".grad");
            var norm = GradientClipping.ClipByGlobalNorm(gradients, case_.GetProperty("max_norm").GetSingle());

            var expectedNorm = case_.GetProperty("norm").GetDouble();
            Assert.True(Math.Abs(norm - expectedNorm) <= Tolerance * Math.Max(1, expectedNorm), $"norm {norm}, PyTorch {expectedNorm}");
            var clipped = Tensors(case_.GetProperty("clipped"), ".grad");
            for (var t = 0; t < gradients.Length; t++)
                AssertClose(clipped[t].Data, gradients[t].Data, $"clipped {gradients[t].Name}");
        }
    }

    [Fact]
    public void Clipping_caps_the_global_norm_and_leaves_small_gradients_alone()
    {
        var gradients = new[] { new Tensor("a", 40), new Tensor("b", 3) };
        for (var i = 0; i < 40; i++)
            gradients[0].Data[i] = 0.5f * MathF.Cos(i);
        gradients[1].Data[2] = 7f;

        var before = GradientClipping.ClipByGlobalNorm(gradients, 2f);
        var after = Math.Sqrt(gradients.Sum(g => g.Data.Sum(x => (double)x * x)));

        Assert.True(before > 7, $"norm before {before}");
        Assert.InRange(after, 2 - 1e-5, 2);
        var small = new[] { new Tensor("c", 2) };
        small[0].Data[0] = 0.3f;
        Assert.Equal(0.3, GradientClipping.ClipByGlobalNorm(small, 1f), 6);
        Assert.Equal(0.3f, small[0].Data[0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipByGlobalNorm(small, 0f));
    }

    private static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            var error = Math.Abs(expected[i] - actual[i]) / Math.Max(1, Math.Abs(expected[i]));
            Assert.True(error <= Tolerance, string.Create(CultureInfo.InvariantCulture, $"{what}[{i}]: {actual[i]:G9}, PyTorch {expected[i]:G9} (error {error:E2})"));
        }
    }
}
