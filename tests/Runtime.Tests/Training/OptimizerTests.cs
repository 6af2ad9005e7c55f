namespace NetForge.Runtime.Tests.Training;

public class OptimizerTests
{
    private static Tensor Filled(string name, params float[] values)
    {
        var t = new Tensor(name, values.Length);
        values.CopyTo(t.Data, 0);
        return t;
    }

    private static void Step(IOptimizer optimizer, Tensor parameter, params float[] gradient) =>
        optimizer.Step([parameter], [Filled(parameter.Name + ".grad", gradient)]);

    // Long enough for the vector loop and the scalar tail on any vector width.
    private static float[] Ramp(int length, float scale, float offset) =>
        Enumerable.Range(0, length).Select(i => offset + scale * MathF.Sin(1.7f * i)).ToArray();

    [Fact]
    public void Sgd_without_momentum_subtracts_the_scaled_gradient()
    {
        var p = Filled("w", 1f, -2f);
        var sgd = new Sgd(0.1f);

        Step(sgd, p, 0.5f, 0.25f);

        Assert.Equal(0.95f, p.Data[0], 1e-6f);
        Assert.Equal(-2.025f, p.Data[1], 1e-6f);
    }

    [Fact]
    public void Sgd_momentum_follows_pytorch()
    {
        // v1 = 1, p1 = 1 - 0.1·1 = 0.9; v2 = 0.9·1 + 1 = 1.9, p2 = 0.71; v3 = 0.9·1.9 - 2 = -0.29, p3 = 0.739.
        var p = Filled("w", 1f);
        var sgd = new Sgd(0.1f, momentum: 0.9f);

        Step(sgd, p, 1f);
        Assert.Equal(0.9f, p.Data[0], 1e-6f);
        Step(sgd, p, 1f);
        Assert.Equal(0.71f, p.Data[0], 1e-6f);
        Step(sgd, p, -2f);
        Assert.Equal(0.739f, p.Data[0], 1e-6f);
    }

    [Fact]
    public void Sgd_momentum_matches_the_scalar_formula_on_a_long_tensor()
    {
        var initial = Ramp(37, 1f, 0.5f);
        var p = Filled("w", initial);
        var sgd = new Sgd(0.05f, momentum: 0.8f);
        var expected = initial.Select(x => (double)x).ToArray();
        var velocity = new double[37];

        for (var step = 1; step <= 4; step++)
        {
            var g = Ramp(37, step, -0.1f * step);
            Step(sgd, p, g);
            for (var i = 0; i < 37; i++)
            {
                velocity[i] = 0.8 * velocity[i] + g[i];
                expected[i] -= 0.05 * velocity[i];
            }
        }

        for (var i = 0; i < 37; i++)
            Assert.Equal(expected[i], p.Data[i], 1e-4);
    }

    [Fact]
    public void Adam_follows_pytorch_for_three_steps()
    {
        // t=1: m = 0.05, v = 0.00025, p = 1 - (0.1/0.1)·0.05/(√0.00025/√0.001 + 1e-8) = 0.9
        // t=2: m = -0.055, v = 0.00124975, p = 0.9 - (0.1/0.19)·(-0.055)/(√0.00124975/√0.001999 + 1e-8) = 0.93661035
        // t=3: m = 0.1505, v = 0.0052485, p = 0.89464479
        var p = Filled("w", 1f);
        var adam = new Adam(0.1f);

        Step(adam, p, 0.5f);
        Assert.Equal(0.9f, p.Data[0], 1e-5f);
        Step(adam, p, -1f);
        Assert.Equal(0.93661035f, p.Data[0], 1e-5f);
        Step(adam, p, 2f);
        Assert.Equal(0.89464479f, p.Data[0], 1e-5f);
        Assert.Equal(3, adam.StepCount);
    }

    [Fact]
    public void Adam_matches_the_scalar_formula_on_a_long_tensor()
    {
        const double lr = 0.01, b1 = 0.8, b2 = 0.99, eps = 1e-6;
        var initial = Ramp(37, 2f, 0f);
        var p = Filled("w", initial);
        var adam = new Adam((float)lr, (float)b1, (float)b2, (float)eps);
        var expected = initial.Select(x => (double)x).ToArray();
        var m = new double[37];
        var v = new double[37];

        for (var t = 1; t <= 5; t++)
        {
            var g = Ramp(37, 0.3f * t, 0.05f * t);
            Step(adam, p, g);
            for (var i = 0; i < 37; i++)
            {
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                var denominator = Math.Sqrt(v[i]) / Math.Sqrt(1 - Math.Pow(b2, t)) + eps;
                expected[i] -= lr / (1 - Math.Pow(b1, t)) * m[i] / denominator;
            }
        }

        for (var i = 0; i < 37; i++)
            Assert.Equal(expected[i], p.Data[i], 1e-4);
    }

    [Fact]
    public void Adam_minimises_a_quadratic()
    {
        // f(p) = Σ (p_i - c_i)², whose gradient is 2 (p - c).
        var centre = Ramp(11, 3f, 1f);
        var p = new Tensor("p", 11);
        var gradient = new Tensor("p.grad", 11);
        var adam = new Adam(0.05f);

        for (var step = 0; step < 1500; step++)
        {
            for (var i = 0; i < 11; i++)
                gradient.Data[i] = 2 * (p.Data[i] - centre[i]);
            adam.Step([p], [gradient]);
        }

        for (var i = 0; i < 11; i++)
            Assert.Equal(centre[i], p.Data[i], 1e-2f);
    }

    [Fact]
    public void The_learning_rate_can_change_between_steps()
    {
        var p = Filled("w", 1f);
        var sgd = new Sgd(0.1f);

        Step(sgd, p, 1f);
        sgd.LearningRate = 0.5f;
        Step(sgd, p, 1f);

        Assert.Equal(0.4f, p.Data[0], 1e-6f);
        Assert.Throws<ArgumentOutOfRangeException>(() => sgd.LearningRate = -1f);
    }

    /// <summary>One of each optimizer, every option that adds state or a term switched on.</summary>
    public static TheoryData<string> Every() => ["sgd", "sgd-nesterov", "adam", "adamw", "rmsprop", "rmsprop-momentum", "adagrad"];

    private static IOptimizer Create(string name) => name switch
    {
        "sgd" => new Sgd(0.01f, 0.9f, weightDecay: 0.01f),
        "sgd-nesterov" => new Sgd(0.01f, 0.9f, nesterov: true),
        "adam" => new Adam(weightDecay: 0.01f),
        "adamw" => new AdamW(),
        "rmsprop" => new RmsProp(weightDecay: 0.01f),
        "rmsprop-momentum" => new RmsProp(momentum: 0.9f),
        "adagrad" => new AdaGrad(learningRateDecay: 0.01f),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    private static (Tensor[] Parameters, Tensor[] Gradients) Problem()
    {
        Tensor[] parameters = [new("w", 30, 20), new("b", 30)];
        Tensor[] gradients = [new("w.grad", 30, 20), new("b.grad", 30)];
        for (var t = 0; t < 2; t++)
        {
            Ramp(parameters[t].Length, 0.3f, 0.1f).CopyTo(parameters[t].Data, 0);
            Ramp(gradients[t].Length, 0.5f, -0.05f).CopyTo(gradients[t].Data, 0);
        }
        return (parameters, gradients);
    }

    [Theory]
    [MemberData(nameof(Every))]
    public void A_captured_state_restored_into_a_new_optimizer_continues_bit_for_bit(string name)
    {
        var (parameters, gradients) = Problem();
        var optimizer = Create(name);
        for (var i = 0; i < 3; i++)
            optimizer.Step(parameters, gradients);
        var copies = parameters.Select(p => { var c = new Tensor(p.Name, p.Shape.ToArray()); p.Data.CopyTo(c.Data, 0); return c; }).ToArray();

        var restored = Create(name);
        restored.RestoreState(optimizer.CaptureState(parameters), copies);
        for (var i = 0; i < 3; i++)
        {
            optimizer.Step(parameters, gradients);
            restored.Step(copies, gradients);
        }

        for (var t = 0; t < parameters.Length; t++)
            Assert.True(parameters[t].Data.AsSpan().SequenceEqual(copies[t].Data), $"{name}: {parameters[t].Name} differs");
    }

    // Without weight decay, so that a zero gradient leaves the state nothing but its decay, and steps enough for the
    // slowest decay (Adam's β₂ = 0.999) to pass the whole subnormal range, some 16,000 steps wide.
    public static TheoryData<string, int> Decaying() => new()
    {
        { "sgd-momentum", 1_500 }, { "adam", 100_000 }, { "adamw", 100_000 }, { "rmsprop", 12_000 }, { "rmsprop-momentum", 12_000 },
    };

    [Theory]
    [MemberData(nameof(Decaying))]
    public void State_that_decays_below_the_normal_floats_becomes_zero_and_is_never_subnormal(string name, int steps)
    {
        IOptimizer optimizer = name switch
        {
            "sgd-momentum" => new Sgd(0.01f, 0.9f),
            "adam" => new Adam(),
            "adamw" => new AdamW(weightDecay: 0.1f),
            "rmsprop" => new RmsProp(),
            _ => new RmsProp(momentum: 0.9f),
        };
        var parameter = Filled("w", Ramp(37, 0.3f, 0.1f));
        Step(optimizer, parameter, Ramp(37, 0.5f, -0.05f));
        var zero = new float[37];
        var subnormal = 0;
        for (var step = 1; step < steps; step++)
        {
            Step(optimizer, parameter, zero);
            // Every tenth step: the narrowest subnormal range, of a decay by 0.9, is some 150 steps wide.
            if (step % 10 == 0)
                subnormal += optimizer.CaptureState([parameter]).Tensors.Sum(t => t.Data.Count(float.IsSubnormal));
        }

        Assert.Equal(0, subnormal);
        Assert.All(optimizer.CaptureState([parameter]).Tensors, t => Assert.All(t.Data, value => Assert.Equal(0f, value)));
    }

    [Fact]
    public void A_state_of_another_optimizer_is_refused()
    {
        var (parameters, gradients) = Problem();
        var adam = new Adam();
        adam.Step(parameters, gradients);

        var error = Assert.Throws<ArgumentException>(() => new AdamW().RestoreState(adam.CaptureState(parameters), parameters));
        Assert.Contains("belongs to Adam, not to AdamW", error.Message);
    }

    [Theory]
    [MemberData(nameof(Every))]
    public void Later_steps_of_every_optimizer_allocate_nothing(string name)
    {
        var (parameters, gradients) = Problem();
        var optimizer = Create(name);
        optimizer.Step(parameters, gradients);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 50; i++)
            optimizer.Step(parameters, gradients);
        GradientClipping.ClipByGlobalNorm(gradients, 1f);

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Later_steps_allocate_nothing(bool adam)
    {
        IOptimizer optimizer = adam ? new Adam() : new Sgd(0.01f, 0.9f);
        Tensor[] parameters = [new("w", 30, 20), new("b", 30)];
        Tensor[] gradients = [new("w.grad", 30, 20), new("b.grad", 30)];
        optimizer.Step(parameters, gradients);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 50; i++)
            optimizer.Step(parameters, gradients);

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Parameters_must_keep_their_number_and_shapes(bool adam)
    {
        IOptimizer optimizer = adam ? new Adam() : new Sgd(0.01f, 0.9f);
        optimizer.Step([new Tensor("w", 2, 3), new Tensor("b", 2)], [new Tensor("w.grad", 2, 3), new Tensor("b.grad", 2)]);

        var count = Assert.Throws<ArgumentException>(() => optimizer.Step([new Tensor("w", 2, 3)], [new Tensor("w.grad", 2, 3)]));
        Assert.Contains("2 parameters", count.Message);
        var shape = Assert.Throws<ArgumentException>(() =>
            optimizer.Step([new Tensor("w", 3, 2), new Tensor("b", 2)], [new Tensor("w.grad", 3, 2), new Tensor("b.grad", 2)]));
        Assert.Contains("[3, 2]", shape.Message);
        Assert.Contains("[2, 3]", shape.Message);
    }

    [Fact]
    public void A_gradient_must_match_its_parameter()
    {
        var e = Assert.Throws<ArgumentException>(() => new Adam().Step([new Tensor("w", 4)], [new Tensor("w.grad", 5)]));
        Assert.Contains("w.grad", e.Message);
    }

    [Fact]
    public void Hyperparameters_are_validated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(beta1: 1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(beta2: -0.1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd(float.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd(0.1f, momentum: -1f));
        Assert.Contains("Nesterov momentum needs a positive momentum", Assert.Throws<ArgumentException>(() => new Sgd(0.1f, nesterov: true)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd(0.1f, weightDecay: -0.1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RmsProp(alpha: 1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdaGrad(epsilon: float.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdamW(weightDecay: float.PositiveInfinity));
    }
}
