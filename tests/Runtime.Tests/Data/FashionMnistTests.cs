namespace NetForge.Runtime.Tests.Data;

public sealed class FashionMnistFixture
{
    public (Dataset Train, Dataset Test) Data { get; } = FashionMnist.Load();
}

public sealed class FashionMnistTests(FashionMnistFixture fixture) : IClassFixture<FashionMnistFixture>
{
    [Fact]
    public void The_installed_data_has_the_standard_sizes()
    {
        var (train, test) = fixture.Data;

        Assert.Equal(60000, train.Count);
        Assert.Equal(10000, test.Count);
        Assert.Equal(784, train.SampleSize);
        Assert.Equal(784, test.SampleSize);
        Assert.Equal(10, train.ClassCount);
        Assert.Equal(TargetKind.ClassLabels, train.TargetKind);
    }

    [Fact]
    public void The_test_set_alone_is_the_test_set_of_the_whole()
    {
        var test = FashionMnist.LoadTest();
        var (_, whole) = fixture.Data;

        Assert.Equal(whole.Count, test.Count);
        for (var i = 0; i < test.Count; i += 997)
        {
            Assert.Equal(whole.Label(i), test.Label(i));
            Assert.True(whole.Sample(i).SequenceEqual(test.Sample(i)), $"sample {i} differs");
        }
    }

    [Fact]
    public void Every_class_appears_equally_often()
    {
        var counts = new int[10];
        var (train, _) = fixture.Data;
        for (var i = 0; i < train.Count; i++)
            counts[train.Label(i)]++;

        Assert.All(counts, c => Assert.Equal(6000, c));
    }

    [Fact]
    public void Training_pixels_are_standardised()
    {
        var (train, _) = fixture.Data;
        double sum = 0, squares = 0;
        for (var i = 0; i < train.Count; i++)
        {
            foreach (var x in train.Sample(i))
            {
                sum += x;
                squares += (double)x * x;
            }
        }
        var n = (double)train.Count * train.SampleSize;
        var mean = sum / n;
        var deviation = Math.Sqrt(squares / n - mean * mean);

        Assert.InRange(mean, -0.05, 0.05);
        Assert.InRange(deviation, 0.95, 1.05);
        Assert.Equal(-FashionMnist.Mean / FashionMnist.StandardDeviation, train.Sample(0)[0], 1e-5f);
    }
}
