using System.Numerics;
using NetForge.Cpu;

namespace NetForge.Runtime.Tests.Cpu;

public class DropoutTests
{
    /// <summary>
    /// The mask from its definition, with an independent SplitMix64 finaliser: value i is kept when the top 24 bits
    /// of Mix(seed + i·γ), as a float multiple of 2⁻²⁴, are at least p.
    /// </summary>
    private static float[] ExpectedMask(int length, float p, ulong seed)
    {
        const ulong gamma = 0x9E3779B97F4A7C15UL;
        var mask = new float[length];
        for (var i = 0; i < length; i++)
        {
            var z = seed + (ulong)i * gamma;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            var u = (z >> 40) * (1f / (1 << 24));
            mask[i] = u >= p ? 1f / (1f - p) : 0f;
        }

        return mask;
    }

    /// <summary>Lengths around the vector widths, so that the vector loop and the scalar tail both run.</summary>
    [Theory]
    [InlineData(0, 0.3f)]
    [InlineData(1, 0.3f)]
    [InlineData(7, 0.5f)]
    [InlineData(8, 0.5f)]
    [InlineData(17, 0.5f)]
    [InlineData(100, 0.1f)]
    [InlineData(33, 0.9f)]
    [InlineData(1000, 0.25f)]
    public void The_mask_follows_the_documented_hash(int length, float p)
    {
        const ulong seed = 0xDEADBEEF12345UL;
        var x = GradientCases.Uniform(new Random(length), length, 1f);
        var mask = new float[length];
        var y = new float[length];

        Dropout.Forward(x, y, mask, length, p, seed);

        var expected = ExpectedMask(length, p, seed);
        Assert.Equal(expected, mask);
        Assert.Equal(x.Select((v, i) => v * expected[i]).ToArray(), y);
    }

    [Theory]
    [InlineData(0.1f)]
    [InlineData(0.5f)]
    [InlineData(0.9f)]
    public void The_kept_fraction_is_close_to_one_minus_p(float p)
    {
        const int length = 1 << 20;
        var mask = new float[length];

        Dropout.Forward(new float[length], new float[length], mask, length, p, Dropout.StepSeed(3, 0, 1));

        // The standard deviation of the fraction is at most 0.5/√length ≈ 0.0005.
        var kept = mask.Count(m => m != 0) / (double)length;
        Assert.InRange(kept, 1 - p - 0.003, 1 - p + 0.003);
    }

    [Theory]
    [InlineData(0.2f)]
    [InlineData(0.5f)]
    [InlineData(0.7f)]
    public void Kept_values_are_scaled_by_exactly_one_over_one_minus_p(float p)
    {
        const int length = 500;
        var x = GradientCases.Uniform(new Random(1), length, 3f);
        var mask = new float[length];
        var y = new float[length];

        Dropout.Forward(x, y, mask, length, p, 77);

        var scale = 1f / (1f - p);
        Assert.All(mask, m => Assert.True(m == 0f || m == scale, $"mask value {m}"));
        Assert.Contains(0f, mask);
        Assert.Contains(scale, mask);
        for (var i = 0; i < length; i++)
            Assert.Equal(mask[i] == 0f ? 0f : x[i] * scale, y[i]);
    }

    [Fact]
    public void P_zero_is_the_identity()
    {
        const int length = 37;
        var x = GradientCases.Uniform(new Random(2), length, 1f);
        var mask = new float[length];
        var y = new float[length];

        Dropout.Forward(x, y, mask, length, 0f, 12);

        Assert.All(mask, m => Assert.Equal(1f, m));
        Assert.Equal(x, y);
    }

    [Fact]
    public void The_same_seed_gives_the_same_mask_whatever_the_length()
    {
        var seed = Dropout.StepSeed(1, 5, 2);
        var first = Mask(500, 0.4f, seed);

        Assert.Equal(first, Mask(500, 0.4f, seed));
        Assert.Equal(first[..50], Mask(50, 0.4f, seed));
    }

    [Fact]
    public void Another_seed_or_step_gives_another_mask()
    {
        var mask = Mask(1000, 0.3f, Dropout.StepSeed(7, 0, 2));
        ulong[] others = [Dropout.StepSeed(8, 0, 2), Dropout.StepSeed(7, 1, 2), Dropout.StepSeed(7, 0, 3)];
        foreach (var other in others)
        {
            // Two independent masks disagree on 2·0.3·0.7 = 42% of the values.
            var differences = mask.Zip(Mask(1000, 0.3f, other)).Count(pair => pair.First != pair.Second);
            Assert.InRange(differences, 300, 540);
        }
    }

    [Fact]
    public void The_step_seed_changes_with_each_argument_and_mixes_its_bits()
    {
        int[] networkSeeds = [0, 1, -1, int.MaxValue];
        long[] steps = [0, 1, 2, 1L << 40];
        int[] layers = [0, 1, 5];
        var seeds = new HashSet<ulong>();
        foreach (var networkSeed in networkSeeds)
        {
            foreach (var step in steps)
            {
                foreach (var layer in layers)
                    seeds.Add(Dropout.StepSeed(networkSeed, step, layer));
            }
        }

        Assert.Equal(networkSeeds.Length * steps.Length * layers.Length, seeds.Count);

        // Neighbouring arguments give seeds that differ in about half of their 64 bits.
        var reference = Dropout.StepSeed(0, 0, 0);
        foreach (var neighbour in new[] { Dropout.StepSeed(1, 0, 0), Dropout.StepSeed(0, 1, 0), Dropout.StepSeed(0, 0, 1) })
            Assert.InRange(BitOperations.PopCount(reference ^ neighbour), 16, 48);
    }

    [Fact]
    public void The_output_may_be_the_input_itself()
    {
        const int length = 45;
        var x = GradientCases.Uniform(new Random(3), length, 1f);
        var expected = new float[length];
        var mask = new float[length];
        Dropout.Forward(x, expected, mask, length, 0.5f, 9);

        Dropout.Forward(x, x, mask, length, 0.5f, 9);

        Assert.Equal(expected, x);
    }

    [Fact]
    public void Backward_multiplies_by_the_mask_and_may_write_over_dy()
    {
        const int length = 29;
        var mask = Mask(length, 0.5f, 4);
        var dy = GradientCases.Uniform(new Random(4), length, 1f);
        var expected = dy.Select((d, i) => d * mask[i]).ToArray();
        var dx = new float[length];

        Dropout.Backward(mask, dy, dx, length);
        Dropout.Backward(mask, dy, dy, length);

        Assert.Equal(expected, dx);
        Assert.Equal(expected, dy);
    }

    [Fact]
    public void Values_past_the_length_are_left_alone()
    {
        var mask = Filled(10, -42f);
        var y = Filled(10, -42f);
        var dx = Filled(10, -42f);

        Dropout.Forward(Filled(10, 1f), y, mask, 7, 0.5f, 1);
        Dropout.Backward(mask, Filled(10, 1f), dx, 7);

        Assert.Equal([-42f, -42f, -42f], mask[7..]);
        Assert.Equal([-42f, -42f, -42f], y[7..]);
        Assert.Equal([-42f, -42f, -42f], dx[7..]);
        Assert.DoesNotContain(-42f, y[..7]);
    }

    [Theory]
    [InlineData(1f)]
    [InlineData(1.5f)]
    [InlineData(-0.1f)]
    [InlineData(float.NaN)]
    public void A_probability_outside_zero_to_one_is_rejected(float p)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Dropout.Forward(new float[4], new float[4], new float[4], 4, p, 0));
        Assert.Equal("p", e.ParamName);
    }

    [Theory]
    [InlineData("x")]
    [InlineData("mask")]
    [InlineData("y")]
    public void Forward_names_the_buffer_that_is_too_short(string buffer)
    {
        float[] Buffer(string name) => new float[buffer == name ? 5 : 6];
        var e = Assert.Throws<ArgumentException>(() => Dropout.Forward(Buffer("x"), Buffer("y"), Buffer("mask"), 6, 0.5f, 0));
        Assert.Equal(buffer, e.ParamName);
        Assert.Contains($"'{buffer}'", e.Message);
    }

    [Theory]
    [InlineData("mask")]
    [InlineData("dy")]
    [InlineData("dx")]
    public void Backward_names_the_buffer_that_is_too_short(string buffer)
    {
        float[] Buffer(string name) => new float[buffer == name ? 5 : 6];
        var e = Assert.Throws<ArgumentException>(() => Dropout.Backward(Buffer("mask"), Buffer("dy"), Buffer("dx"), 6));
        Assert.Equal(buffer, e.ParamName);
    }

    [Fact]
    public void A_negative_length_is_rejected()
    {
        Assert.Equal("length", Assert.Throws<ArgumentOutOfRangeException>(() => Dropout.Forward([], [], [], -1, 0.5f, 0)).ParamName);
        Assert.Equal("length", Assert.Throws<ArgumentOutOfRangeException>(() => Dropout.Backward([], [], [], -1)).ParamName);
    }

    [Fact]
    public void Steady_state_calls_allocate_nothing()
    {
        const int length = 100;
        var x = GradientCases.Uniform(new Random(5), length, 1f);
        var mask = new float[length];
        var y = new float[length];
        void Step()
        {
            Dropout.Forward(x, y, mask, length, 0.5f, Dropout.StepSeed(0, 3, 1));
            Dropout.Backward(mask, y, y, length);
        }

        Step();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 5; i++)
            Step();
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    private static float[] Mask(int length, float p, ulong seed)
    {
        var mask = new float[length];
        Dropout.Forward(new float[length], new float[length], mask, length, p, seed);
        return mask;
    }

    private static float[] Filled(int length, float value)
    {
        var values = new float[length];
        Array.Fill(values, value);
        return values;
    }
}
