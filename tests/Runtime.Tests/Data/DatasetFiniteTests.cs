using System.Diagnostics;

namespace NetForge.Runtime.Tests.Data;

public class DatasetFiniteTests
{
    private static float[] Ones(int count) => Enumerable.Repeat(1f, count).ToArray();

    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "Infinity")]
    [InlineData(float.NegativeInfinity, "-Infinity")]
    public void A_non_finite_feature_is_named_by_sample_and_index(float bad, string shown)
    {
        var features = Ones(4 * 3);
        features[1 * 3 + 2] = bad;

        var e = Assert.Throws<ArgumentException>(() => new Dataset(features, 3, [0, 1, 0, 1], 2));

        Assert.Contains($"Sample 1 has a non-finite feature ({shown}) at index 2", e.Message);
        Assert.Equal("features", e.ParamName);
    }

    // 101 samples of 7 make 707 values, so the last few lie beyond the last whole vector of any width.
    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(700)]
    [InlineData(706)]
    public void The_first_non_finite_feature_is_found_wherever_it_lies(int at)
    {
        var features = Ones(101 * 7);
        features[at] = float.NaN;
        if (at + 1 < features.Length)
            features[at + 1] = float.PositiveInfinity;

        var e = Assert.Throws<ArgumentException>(() => new Dataset(features, 7, new int[101], 1));

        Assert.Contains($"Sample {at / 7} has a non-finite feature (NaN) at index {at % 7}.", e.Message);
    }

    [Theory]
    [InlineData(0x7FC0_0000u)]
    [InlineData(0xFFC0_0000u)]
    [InlineData(0x7F80_0001u)]
    [InlineData(0xFFFF_FFFFu)]
    [InlineData(0x7F80_0000u)]
    [InlineData(0xFF80_0000u)]
    public void Every_nan_and_infinity_bit_pattern_is_rejected(uint bits)
    {
        var features = Ones(40);
        features[37] = BitConverter.UInt32BitsToSingle(bits);

        var e = Assert.Throws<ArgumentException>(() => new Dataset(features, 10, [0, 0, 0, 0], 1));

        Assert.Contains("Sample 3 has a non-finite feature", e.Message);
        Assert.Contains("at index 7", e.Message);
    }

    [Fact]
    public void Extreme_finite_values_are_accepted()
    {
        float[] features = [float.MaxValue, float.MinValue, float.Epsilon, -float.Epsilon, -0f, 0f, 1e-40f, -3.4e38f];

        var data = new Dataset(features, 4, features.ToArray(), 4);

        Assert.Equal(2, data.Count);
    }

    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "Infinity")]
    [InlineData(float.NegativeInfinity, "-Infinity")]
    public void A_non_finite_target_is_named_by_sample_and_index(float bad, string shown)
    {
        var targets = Ones(4 * 2);
        targets[3 * 2 + 1] = bad;

        var e = Assert.Throws<ArgumentException>(() => new Dataset(Ones(4 * 3), 3, targets, 2));

        Assert.Contains($"Sample 3 has a non-finite target ({shown}) at index 1", e.Message);
        Assert.Equal("targets", e.ParamName);
    }

    [Fact]
    public void Features_of_a_valued_set_are_checked_too()
    {
        var features = Ones(4 * 3);
        features[0] = float.NaN;

        var e = Assert.Throws<ArgumentException>(() => new Dataset(features, 3, Ones(4), 1));

        Assert.Contains("Sample 0 has a non-finite feature (NaN) at index 0", e.Message);
    }

    [Fact]
    public void Without_the_check_non_finite_values_are_kept_as_they_are()
    {
        var features = Ones(4 * 3);
        features[5] = float.NaN;
        var targets = Ones(4);
        targets[2] = float.PositiveInfinity;

        var labelled = new Dataset(features, 3, [0, 1, 0, 1], 2, checkFinite: false);
        var valued = new Dataset(features, 3, targets, 1, checkFinite: false);

        Assert.True(float.IsNaN(labelled.Sample(1)[2]));
        Assert.True(float.IsPositiveInfinity(valued.Target(2)[0]));
    }

    [Fact]
    public void Take_does_not_check_again()
    {
        var features = Ones(4 * 3);
        features[2] = float.NaN;
        var targets = Ones(4);
        targets[0] = float.NegativeInfinity;

        var labelled = new Dataset(features, 3, [0, 1, 0, 1], 2, checkFinite: false).Take(2);
        var valued = new Dataset(features, 3, targets, 1, checkFinite: false).Take(3);

        Assert.Equal(2, labelled.Count);
        Assert.True(float.IsNaN(labelled.Sample(0)[2]));
        Assert.Equal(1, labelled.Label(1));
        Assert.Equal(3, valued.Count);
        Assert.True(float.IsNegativeInfinity(valued.Target(0)[0]));
    }

    [Fact]
    public void Checking_seventy_thousand_images_takes_well_under_100_ms()
    {
        var features = new float[70_000 * 784];
        var labels = new int[70_000];
        _ = new Dataset(features, 784, labels, 10);

        var best = double.MaxValue;
        for (var run = 0; run < 5; run++)
        {
            var clock = Stopwatch.StartNew();
            _ = new Dataset(features, 784, labels, 10);
            best = Math.Min(best, clock.Elapsed.TotalMilliseconds);
        }

        Assert.InRange(best, 0, 100);
    }
}
