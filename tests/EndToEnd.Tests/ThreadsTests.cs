using Examples.FashionMnist;

namespace NetForge.EndToEnd.Tests;

/// <summary>Training on several threads gives the bits of one thread.</summary>
public class ThreadsTests(FashionMnistData data) : IClassFixture<FashionMnistData>
{
    private float[][] Trained(INetwork network, int threads)
    {
        var options = new TrainerOptions { BatchSize = 64, Seed = 3, Log = null, Threads = threads };
        new Trainer(network, new Adam(1e-3f), options).Fit(data.Train.Take(1_280), epochs: 1, validation: data.Test.Take(200));
        return network.Parameters.Select(p => (float[])p.Data.Clone()).ToArray();
    }

    [Fact]
    public void The_mlp_trains_the_same_bits_on_one_two_and_three_threads()
    {
        var alone = Trained(new Mlp(seed: 0), threads: 1);

        Assert.Equal(alone, Trained(new Mlp(seed: 0), threads: 2));
        Assert.Equal(alone, Trained(new Mlp(seed: 0), threads: 3));
    }

    [Fact]
    public void LeNet5_trains_the_same_bits_on_one_and_two_threads()
    {
        Assert.Equal(Trained(new LeNet5(seed: 0), threads: 1), Trained(new LeNet5(seed: 0), threads: 2));
    }

    [Fact]
    public void A_thread_count_below_one_is_refused_with_the_option()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer(new Mlp(seed: 0), new Adam(), new TrainerOptions { Threads = 0 }));
        Assert.StartsWith("TrainerOptions.Threads is 0; it must be at least 1.", error.Message, StringComparison.Ordinal);
    }
}
