namespace NetForge.Runtime.Tests;

public class InitRandomTests
{
    [Fact]
    public void Seed_42_gives_the_reference_splitmix64_sequence()
    {
        // The top 24 bits of the first four SplitMix64 outputs for seed 42, computed with an independent implementation.
        var random = new InitRandom(42);
        foreach (var top in new[] { 12441394, 2682851, 4674151, 5774561 })
            Assert.Equal(top / 16777216f, random.NextFloat());
    }

    [Fact]
    public void The_same_seed_gives_the_same_numbers()
    {
        var a = new float[1000];
        var b = new float[1000];
        new InitRandom(-7).Uniform(a, 0.3f);
        new InitRandom(-7).Uniform(b, 0.3f);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Different_seeds_give_different_numbers()
    {
        var a = new float[100];
        var b = new float[100];
        new InitRandom(1).Uniform(a, 1f);
        new InitRandom(2).Uniform(b, 1f);
        Assert.True(a.Zip(b).Count(p => p.First == p.Second) < 5);
    }

    [Fact]
    public void NextFloat_stays_in_the_unit_interval()
    {
        var random = new InitRandom(3);
        for (var i = 0; i < 100_000; i++)
        {
            var value = random.NextFloat();
            Assert.InRange(value, 0f, 0.99999994f);
        }
    }

    [Fact]
    public void Uniform_stays_within_the_bound_and_is_centred_with_the_right_spread()
    {
        const float bound = 0.25f;
        var values = new float[200_000];
        new InitRandom(11).Uniform(values, bound);

        Assert.All(values, v => Assert.InRange(v, -bound, bound));
        var mean = values.Average(v => (double)v);
        var variance = values.Average(v => ((double)v - mean) * ((double)v - mean));

        // The mean of n uniform values on [−b, b] has standard deviation b/√(3n) ≈ 3.2e-4 here; 5e-3·b is 4 of those.
        Assert.InRange(mean, -5e-3 * bound, 5e-3 * bound);
        Assert.InRange(variance, 0.98 * bound * bound / 3, 1.02 * bound * bound / 3);
        Assert.True(values.Min() < -0.999 * bound && values.Max() > 0.999 * bound);
    }

    [Fact]
    public void A_zero_bound_gives_zeros_and_a_negative_one_is_rejected()
    {
        var values = new float[] { 1f, 2f };
        new InitRandom(0).Uniform(values, 0f);
        Assert.Equal([0f, 0f], values);
        Assert.Throws<ArgumentOutOfRangeException>(() => new InitRandom(0).Uniform(values, -1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new InitRandom(0).Uniform(values, float.NaN));
    }

    [Fact]
    public void Normal_gives_the_polar_method_on_the_reference_splitmix64_sequence()
    {
        // The first six values for seed 42 from an independent implementation of SplitMix64 and Marsaglia's polar
        // method on 53-bit uniforms, with the C library's log, rounded to float.
        var values = new float[6];
        new InitRandom(42).Normal(values, 1f);
        Assert.Equal([0.4929506480693817f, -0.6940056681632996f, -1.2810773849487305f, -0.901557207107544f, -0.6018779873847961f, 0.6425676345825195f], values);
    }

    [Fact]
    public void Normal_is_centred_with_the_asked_spread_and_normal_tails()
    {
        const float std = 0.05f;
        var values = new float[200_001];
        new InitRandom(5).Normal(values, std);

        var mean = values.Average(v => (double)v);
        var variance = values.Average(v => ((double)v - mean) * ((double)v - mean));
        // The mean of n normal values has standard deviation std/√n ≈ 1.1e-4 here; 5e-4 is over 4 of those.
        Assert.InRange(mean, -5e-4, 5e-4);
        Assert.InRange(Math.Sqrt(variance), 0.99 * std, 1.01 * std);
        // A normal puts 4.55% of its values beyond two standard deviations and 0.27% beyond three.
        Assert.InRange(values.Count(v => Math.Abs(v) > 2 * std) / (double)values.Length, 0.043, 0.048);
        Assert.InRange(values.Count(v => Math.Abs(v) > 3 * std) / (double)values.Length, 0.0022, 0.0032);
    }

    [Fact]
    public void Normal_with_the_same_seed_repeats_and_fills_an_odd_length()
    {
        var a = new float[7];
        var b = new float[7];
        new InitRandom(-3).Normal(a, 2f);
        new InitRandom(-3).Normal(b, 2f);
        Assert.Equal(a, b);
        Assert.DoesNotContain(0f, a);
    }

    [Fact]
    public void A_zero_standard_deviation_gives_zeros_and_a_negative_one_is_rejected()
    {
        var values = new float[] { 1f, 2f, 3f };
        new InitRandom(0).Normal(values, 0f);
        Assert.Equal([0f, 0f, 0f], values);
        Assert.Throws<ArgumentOutOfRangeException>(() => new InitRandom(0).Normal(values, -1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new InitRandom(0).Normal(values, float.PositiveInfinity));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.5)]
    [InlineData(0.999999999)]
    [InlineData(1e-30)]
    [InlineData(0.7071)]
    [InlineData(0.7072)]
    [InlineData(3.1e-16)]
    public void The_portable_logarithm_agrees_with_the_c_library(double x)
    {
        var expected = Math.Log(x);
        Assert.True(Math.Abs(InitRandom.Log(x) - expected) <= 4e-16 * Math.Max(1, Math.Abs(expected)),
            $"ln({x}) = {expected:R}, the portable one gives {InitRandom.Log(x):R}");
    }
}
