namespace NetForge.Runtime.Tests.Training;

/// <summary>Frozen parameters: every optimizer and gradient clipping leave them out.</summary>
public class FreezingTests
{
    public static TheoryData<string> Optimizers => new() { "sgd", "nesterov", "adam", "adamw", "rmsprop", "rmsprop-momentum", "adagrad" };

    private static IOptimizer Create(string name) => name switch
    {
        "sgd" => new Sgd(0.1f, weightDecay: 0.01f),
        "nesterov" => new Sgd(0.1f, momentum: 0.9f, nesterov: true, weightDecay: 0.01f),
        "adam" => new Adam(0.01f, weightDecay: 0.01f),
        "adamw" => new AdamW(0.01f),
        "rmsprop" => new RmsProp(weightDecay: 0.01f),
        "rmsprop-momentum" => new RmsProp(momentum: 0.9f),
        "adagrad" => new AdaGrad(weightDecay: 0.01f),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static Tensor Ramp(string name, int length, float offset)
    {
        var tensor = new Tensor(name, length);
        for (var i = 0; i < length; i++)
            tensor.Data[i] = offset + MathF.Sin(1.3f * i);
        return tensor;
    }

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void A_frozen_parameter_keeps_its_values_and_the_others_step_as_without_it(string optimizer)
    {
        var frozen = Ramp("a", 21, 0.5f);
        var trained = Ramp("b", 37, -0.25f);
        var alone = Ramp("b", 37, -0.25f);
        var before = (float[])frozen.Data.Clone();
        frozen.Frozen = true;
        var (withFrozen, withoutIt) = (Create(optimizer), Create(optimizer));
        for (var step = 0; step < 5; step++)
        {
            var gradientA = Ramp("a.grad", 21, step);
            var gradientB = Ramp("b.grad", 37, -step);
            withFrozen.Step([frozen, trained], [gradientA, gradientB]);
            withoutIt.Step([alone], [gradientB]);
        }

        Assert.Equal(before, frozen.Data);
        Assert.Equal(alone.Data, trained.Data);
    }

    [Fact]
    public void Clipping_leaves_a_frozen_parameters_gradient_out_of_the_norm_and_unscaled()
    {
        var (a, b) = (new Tensor("a", 1), new Tensor("b", 1));
        a.Frozen = true;
        var (gradientA, gradientB) = (new Tensor("a.grad", 1), new Tensor("b.grad", 1));
        gradientA.Data[0] = 100f;
        gradientB.Data[0] = 4f;

        var norm = GradientClipping.ClipByGlobalNorm([a, b], [gradientA, gradientB], maxNorm: 2f);

        Assert.Equal(4, norm, 6);
        Assert.Equal(100f, gradientA.Data[0]);
        Assert.Equal(2f, gradientB.Data[0], 1e-5f);
    }

    [Fact]
    public void Clipping_refuses_lists_of_different_lengths()
    {
        var error = Assert.Throws<ArgumentException>(() => GradientClipping.ClipByGlobalNorm([new Tensor("a", 1)], [], 1f));
        Assert.StartsWith("There are 1 parameters but 0 gradients.", error.Message, StringComparison.Ordinal);
    }
}
