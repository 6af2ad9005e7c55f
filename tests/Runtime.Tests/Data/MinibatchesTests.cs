namespace NetForge.Runtime.Tests.Data;

public class MinibatchesTests
{
    private static int[] Concatenated(Minibatches batches, int epoch)
    {
        batches.Shuffle(epoch);
        var all = new List<int>();
        for (var b = 0; b < batches.BatchCount; b++)
            all.AddRange(batches.Batch(b).ToArray());
        return all.ToArray();
    }

    [Fact]
    public void The_same_seed_and_epoch_give_the_same_order()
    {
        var first = Concatenated(new Minibatches(100, 10, seed: 7), epoch: 3);
        var second = new Minibatches(100, 10, seed: 7);
        Concatenated(second, epoch: 1);

        Assert.Equal(first, Concatenated(second, epoch: 3));
    }

    [Fact]
    public void Different_epochs_and_seeds_give_different_orders()
    {
        var batches = new Minibatches(100, 10, seed: 7);

        var epoch1 = Concatenated(batches, 1);
        var epoch2 = Concatenated(batches, 2);
        var otherSeed = Concatenated(new Minibatches(100, 10, seed: 8), 1);

        Assert.NotEqual(epoch1, epoch2);
        Assert.NotEqual(epoch1, otherSeed);
        Assert.NotEqual(Enumerable.Range(0, 100).ToArray(), epoch1);
    }

    [Fact]
    public void Every_index_appears_once_per_epoch()
    {
        var batches = new Minibatches(1000, 32, seed: 0, dropLast: false);
        for (var epoch = 1; epoch <= 3; epoch++)
        {
            var seen = Concatenated(batches, epoch);
            Assert.Equal(Enumerable.Range(0, 1000), seen.Order());
        }
    }

    [Fact]
    public void DropLast_leaves_out_the_partial_batch()
    {
        var batches = new Minibatches(103, 10, seed: 1);
        batches.Shuffle(1);

        Assert.True(batches.DropLast);
        Assert.Equal(10, batches.BatchCount);
        Assert.Equal(10, batches.Batch(9).Length);
        Assert.Equal(100, Concatenated(batches, 1).Distinct().Count());
        Assert.Throws<ArgumentOutOfRangeException>(() => batches.Batch(10));
    }

    [Fact]
    public void Without_DropLast_the_last_batch_holds_the_remainder()
    {
        var batches = new Minibatches(103, 10, seed: 1, dropLast: false);
        batches.Shuffle(1);

        Assert.Equal(11, batches.BatchCount);
        Assert.Equal(3, batches.Batch(10).Length);
    }

    [Fact]
    public void Shuffling_allocates_nothing()
    {
        var batches = new Minibatches(500, 50, seed: 3);
        batches.Shuffle(1);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var epoch = 2; epoch < 20; epoch++)
            batches.Shuffle(epoch);

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void Batches_need_a_shuffle_first()
    {
        Assert.Throws<InvalidOperationException>(() => new Minibatches(10, 5, seed: 0).Batch(0));
    }
}
