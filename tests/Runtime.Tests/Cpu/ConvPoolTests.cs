using NetForge.Cpu;

namespace NetForge.Runtime.Tests.Cpu;

/// <summary>A convolution with its pooling fused gives the bits of the two layers run one after the other.</summary>
public class ConvPoolTests
{
    private static float[] Values(int length, Random random, float zeros = 0f)
    {
        var values = new float[length];
        for (var i = 0; i < length; i++)
            values[i] = random.NextDouble() < zeros ? 0f : (float)(random.NextDouble() * 2 - 1);
        return values;
    }

    public static TheoryData<string, int, int> Cases()
    {
        var cases = new TheoryData<string, int, int>();
        foreach (var kind in new[] { "max", "avg" })
        {
            foreach (var threads in new[] { 1, 2, 3 })
            {
                // LeNet-5's two layers at a training batch, large enough that the samples are split over the threads.
                cases.Add(kind + " lenet1", 64, threads);
                cases.Add(kind + " lenet2", 64, threads);
                // Single predictions, their convolution split over the threads where there is arithmetic enough, by filters
                // (each thread pooling its own planes) or by rows: LeNet-5's layers, windows with gaps between them, and an odd
                // height whose last row no window reads.
                cases.Add(kind + " lenet1", 1, threads);
                cases.Add(kind + " lenet2", 1, threads);
                cases.Add(kind + " gaps", 1, threads);
                cases.Add(kind + " odd", 1, threads);
                // Odd batches of random shapes.
                cases.Add(kind + " random", 5, threads);
            }
        }
        return cases;
    }

    private static (ConvShape Conv, PoolShape Pool) Shapes(string name, Random random)
    {
        if (name.EndsWith("lenet1", StringComparison.Ordinal))
            return (new ConvShape(1, 28, 28, 6, 5, 5, 1, 2), new PoolShape(6, 28, 28, 2, 2));
        if (name.EndsWith("lenet2", StringComparison.Ordinal))
            return (new ConvShape(6, 14, 14, 16, 5, 5, 1, 0), new PoolShape(16, 10, 10, 2, 2));
        if (name.EndsWith("gaps", StringComparison.Ordinal))
            return (new ConvShape(2, 30, 30, 8, 3, 3, 1, 1), new PoolShape(8, 30, 30, 2, 3));
        if (name.EndsWith("odd", StringComparison.Ordinal))
            return (new ConvShape(1, 27, 27, 6, 5, 5, 1, 2), new PoolShape(6, 27, 27, 2, 2));
        var kernel = random.Next(1, 6);
        var conv = new ConvShape(random.Next(1, 5), random.Next(kernel + 3, 17), random.Next(kernel + 3, 17), random.Next(1, 19), kernel, kernel,
            random.Next(1, 3), random.Next(0, 3));
        var size = random.Next(1, Math.Min(4, Math.Min(conv.OutputHeight, conv.OutputWidth) + 1));
        return (conv, new PoolShape(conv.Filters, conv.OutputHeight, conv.OutputWidth, size, random.Next(1, 4)));
    }

    // Each case runs several random draws; inputs have zeros so that ReLU's kink and the windows' ties are reached.
    [Theory]
    [MemberData(nameof(Cases))]
    public void The_fused_forward_and_backward_give_the_bits_of_the_layers_run_apart(string name, int batch, int threads)
    {
        var random = new Random(name.Length * 31 + batch * 7 + threads);
        var max = name.StartsWith("max", StringComparison.Ordinal);
        for (var draw = 0; draw < 4; draw++)
        {
            var (conv, pool) = Shapes(name, random);
            var x = Values(batch * conv.InputSize, random, zeros: 0.3f);
            var weight = Values(conv.WeightSize, random);
            var bias = Values(conv.Filters, random);
            var dy = Values(batch * pool.OutputSize, random, zeros: 0.1f);

            var apartActivated = new float[batch * conv.OutputSize];
            var apartPooled = new float[batch * pool.OutputSize];
            var apartGradient = new float[batch * conv.OutputSize];
            var (apartWeight, apartBias, apartInput) = (new float[conv.WeightSize], new float[conv.Filters], new float[batch * conv.InputSize]);
            var fusedActivated = new float[batch * conv.OutputSize];
            var fusedPooled = new float[batch * pool.OutputSize];
            var fusedGradient = new float[batch * conv.OutputSize];
            var (fusedWeight, fusedBias, fusedInput) = (new float[conv.WeightSize], new float[conv.Filters], new float[batch * conv.InputSize]);
            using (Workers.Enter(threads))
            {
                Conv2D.Forward(x, weight, bias, apartActivated, batch, conv, new Relu());
                if (max)
                {
                    MaxPool.Forward(apartActivated, apartPooled, batch, pool);
                    MaxPool.Backward(apartActivated, apartPooled, dy, apartGradient, batch, pool);
                    Conv2D.ForwardMaxPooled(x, weight, bias, fusedActivated, fusedPooled, batch, conv, new Relu(), pool);
                    Conv2D.BackwardMaxPooled(x, weight, fusedActivated, dy, fusedGradient, fusedWeight, fusedBias, fusedInput, batch, conv, new Relu(), pool);
                }
                else
                {
                    AvgPool.Forward(apartActivated, apartPooled, batch, pool);
                    AvgPool.Backward(dy, apartGradient, batch, pool);
                    Conv2D.ForwardAvgPooled(x, weight, bias, fusedActivated, fusedPooled, batch, conv, new Relu(), pool);
                    Conv2D.BackwardAvgPooled(x, weight, fusedActivated, dy, fusedGradient, fusedWeight, fusedBias, fusedInput, batch, conv, new Relu(), pool);
                }
                Conv2D.Backward(x, weight, apartActivated, apartGradient, apartWeight, apartBias, apartInput, batch, conv, new Relu());
            }

            Assert.Equal(apartActivated, fusedActivated);
            Assert.Equal(apartPooled, fusedPooled);
            Assert.Equal(apartGradient, fusedGradient);
            Assert.Equal(apartWeight, fusedWeight);
            Assert.Equal(apartBias, fusedBias);
            Assert.Equal(apartInput, fusedInput);
        }
    }

    [Fact]
    public void A_pooling_that_does_not_read_the_convolution_s_output_is_refused_by_name()
    {
        var conv = new ConvShape(1, 8, 8, 2, 3, 3, 1, 0);
        var wrong = new PoolShape(3, 6, 6, 2, 2);
        var error = Assert.Throws<ArgumentException>(() =>
            Conv2D.ForwardMaxPooled(new float[64], new float[18], new float[2], new float[72], new float[27], 1, conv, new Relu(), wrong));
        Assert.Equal("pool", error.ParamName);
        Assert.Contains("The pooling takes [3, 6, 6] but the convolution yields [2, 6, 6]", error.Message, StringComparison.Ordinal);
    }
}
