using F32 = NetForge.Cpu;
using F64 = NetForge.Cpu.Float64;

namespace NetForge.Runtime.Tests.Cpu.Float64;

public class DropoutTests
{
    /// <summary>Lengths around the float kernel's vector widths, so that its vector loop and its scalar tail both run.</summary>
    [Theory]
    [InlineData(0, 0.3f)]
    [InlineData(1, 0.3f)]
    [InlineData(7, 0.5f)]
    [InlineData(17, 0.5f)]
    [InlineData(100, 0.1f)]
    [InlineData(33, 0.9f)]
    [InlineData(1000, 0.25f)]
    [InlineData(1000, 0.3f)]
    [InlineData(64, 0f)]
    public void The_mask_drops_exactly_the_values_the_float_kernel_drops(int length, float p)
    {
        var seed = F32.Dropout.StepSeed(42, length, 3);
        var x = Float64Check.Floats(new Random(length), length);
        var mask = new float[length];
        var y = new float[length];
        F32.Dropout.Forward(x, y, mask, length, p, seed);
        var mask64 = new double[length];
        var y64 = new double[length];
        F64.Dropout.Forward(Float64Check.Widen(x), y64, mask64, length, p, seed);

        var scale = 1.0 / (1.0 - p);
        for (var i = 0; i < length; i++)
        {
            Assert.Equal(mask[i] == 0f, mask64[i] == 0.0);
            Assert.Equal(mask64[i] == 0.0 ? 0.0 : scale, mask64[i]);
            Assert.Equal(mask[i], mask64[i], 1e-6 * scale);
            Assert.Equal(x[i] * mask64[i], y64[i]);
        }

        var dy = Float64Check.Floats(new Random(length + 1), length);
        var dx = new float[length];
        F32.Dropout.Backward(mask, dy, dx, length);
        var dx64 = new double[length];
        F64.Dropout.Backward(mask64, Float64Check.Widen(dy), dx64, length);
        Float64Check.Close(dx, dx64, "dx", 1e-6);
    }

    [Fact]
    public void Step_seeds_are_the_float_kernel_s()
    {
        foreach (var (seed, step, layer) in new[] { (0, 0L, 0), (42, 7L, 3), (-5, long.MaxValue, 12) })
            Assert.Equal(F32.Dropout.StepSeed(seed, step, layer), F64.Dropout.StepSeed(seed, step, layer));
    }

    [Fact]
    public void The_drop_probability_and_the_buffers_are_checked()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => F64.Dropout.Forward(new double[4], new double[4], new double[4], 4, 1.0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => F64.Dropout.Forward(new double[4], new double[4], new double[4], 4, double.NaN, 0));
        var error = Assert.Throws<ArgumentException>(() => F64.Dropout.Forward(new double[4], new double[4], new double[3], 4, 0.5, 0));
        Assert.Equal("mask", error.ParamName);
    }
}
