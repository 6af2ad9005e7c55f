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

    private static IOptimizer Create(string kind) => kind switch
    {
        "adam" => new Adam(1e-3f, weightDecay: 1e-2f),
        "adamw" => new AdamW(1e-3f),
        "sgd" => new Sgd(0.05f, weightDecay: 1e-2f),
        "momentum" => new Sgd(0.05f, momentum: 0.9f),
        "nesterov" => new Sgd(0.05f, momentum: 0.9f, nesterov: true, weightDecay: 1e-2f),
        "rmsprop" => new RmsProp(1e-3f),
        "rmsprop-momentum" => new RmsProp(1e-3f, momentum: 0.9f, weightDecay: 1e-2f),
        _ => new AdaGrad(weightDecay: 1e-2f),
    };

    public static TheoryData<string, int> Cases()
    {
        var cases = new TheoryData<string, int>();
        foreach (var kind in new[] { "adam", "adamw", "sgd", "momentum", "nesterov", "rmsprop", "rmsprop-momentum", "adagrad" })
        {
            cases.Add(kind, 2);
            cases.Add(kind, 3);
        }
        return cases;
    }

    // Tensors large enough to be split, and lengths that are not multiples of any vector width, so that the values past
    // the last whole block are exercised too; tensors smaller than a block, one of a single value, and a frozen one that
    // must keep its values.
    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_optimizer_on_two_or_three_threads_gives_the_bits_of_one(string kind, int threads)
    {
        int[] lengths = [100_003, 7, 1, 20_001, 33, 4_096, 15];
        float[][] Trained(int workers)
        {
            var optimizer = Create(kind);
            var parameters = lengths.Select((length, i) => Values($"p{i}", length, i)).ToArray();
            parameters[5].Frozen = true;
            using var scope = Workers.Enter(workers);
            for (var step = 0; step < 3; step++)
                optimizer.Step(parameters, lengths.Select((length, i) => Values($"p{i}.grad", length, 100 * step + i)).ToArray());
            return parameters.Select(p => p.Data).ToArray();
        }

        var alone = Trained(1);
        var split = Trained(threads);
        Assert.Equal(Values("p5", lengths[5], 5).Data, alone[5]);
        for (var t = 0; t < lengths.Length; t++)
            Assert.Equal(alone[t], split[t]);
    }

    // Every value of every tensor is updated exactly once, whatever the lengths and the number of parts.
    [Fact]
    public void A_split_step_updates_every_value_of_every_tensor_once()
    {
        var random = new Random(4);
        for (var trial = 0; trial < 40; trial++)
        {
            var lengths = Enumerable.Range(0, random.Next(1, 8)).Select(_ => random.Next(0, 3) == 0 ? random.Next(1, 40) : random.Next(1, 30_000)).ToArray();
            if (lengths.Sum() < ParameterSplit.SplitLength)
                lengths[0] += ParameterSplit.SplitLength;
            var parameters = lengths.Select((length, i) => new Tensor($"p{i}", length)).ToArray();
            var counts = lengths.Select(length => new int[length]).ToArray();
            using var scope = Workers.Enter(random.Next(2, 5));
            ParameterSplit? cache = null;
            ParameterSplit.Run(ref cache, parameters, new CountUpdates(counts));
            Assert.NotNull(cache);
            foreach (var count in counts)
                Assert.All(count, updates => Assert.Equal(1, updates));
        }
    }

    private readonly struct CountUpdates(int[][] counts) : ITensorUpdate
    {
        public void Update(int tensor, int start, int count)
        {
            for (var i = start; i < start + count; i++)
                Interlocked.Increment(ref counts[tensor][i]);
        }
    }
}
