using NetForge.Cpu;

namespace NetForge.Runtime.Tests.Training;

/// <summary>An optimizer step shared out over worker threads gives the bits of one thread.</summary>
public class SplitOptimizerTests
{
    private static Tensor Values(string name, int length, int seed)
    {
        var random = new Random(seed);
        var tensor = new Tensor(name, length);
        for (var i = 0; i < length; i++)
            tensor.Data[i] = (float)random.NextDouble() - 0.5f;
        return tensor;
    }

    // Large enough to be split, and not a multiple of any vector width, so that the scalar tail is exercised too.
    [Theory]
    [InlineData("adam", 2)]
    [InlineData("adam", 3)]
    [InlineData("adamw", 2)]
    public void Adam_on_two_or_three_threads_gives_the_bits_of_one(string kind, int threads)
    {
        float[] Trained(int workers)
        {
            IOptimizer optimizer = kind == "adam" ? new Adam(1e-3f, weightDecay: 1e-2f) : new AdamW(1e-3f);
            var parameter = Values("w", 100_003, 1);
            using var scope = Workers.Enter(workers);
            for (var step = 0; step < 3; step++)
                optimizer.Step([parameter], [Values("w.grad", 100_003, 2 + step)]);
            return parameter.Data;
        }

        Assert.Equal(Trained(1), Trained(threads));
    }
}
