using NetForge.Cpu;

namespace NetForge.Runtime.Tests.Cpu;

public class ActivationTests
{
    [Theory]
    [InlineData(0f, 0.5f)]
    [InlineData(100f, 1f)]
    [InlineData(-100f, 0f)]
    [InlineData(1000f, 1f)]
    [InlineData(-1000f, 0f)]
    [InlineData(float.MaxValue, 1f)]
    [InlineData(float.MinValue, 0f)]
    public void Sigmoid_is_finite_and_saturates_for_large_inputs(float x, float expected)
    {
        var y = new Sigmoid().Forward(x);
        Assert.Equal(expected, y, 6);
        Assert.InRange(new Sigmoid().Derivative(y), 0f, 0.25f);
    }

    [Fact]
    public void Each_activation_has_its_known_values()
    {
        Assert.Equal(-2f, new Identity().Forward(-2f));
        Assert.Equal(0f, new Relu().Forward(-2f));
        Assert.Equal(3f, new Relu().Forward(3f));
        Assert.Equal(-0.2f, new LeakyRelu(0.1f).Forward(-2f));
        Assert.Equal(3f, new LeakyRelu(0.1f).Forward(3f));
        Assert.Equal(0.5f * (MathF.Exp(-2f) - 1f), new Elu(0.5f).Forward(-2f));
        Assert.Equal(3f, new Elu(0.5f).Forward(3f));
        Assert.Equal(MathF.Tanh(0.7f), new Tanh().Forward(0.7f));
    }

    [Theory]
    [InlineData(-0.8f)]
    [InlineData(0.7f)]
    [InlineData(2.5f)]
    public void Derivatives_written_from_the_output_match_the_textbook_ones(float x)
    {
        var positive = x > 0;
        Assert.Equal(1f, new Identity().Derivative(new Identity().Forward(x)));
        Assert.Equal(positive ? 1f : 0f, new Relu().Derivative(new Relu().Forward(x)));
        Assert.Equal(positive ? 1f : 0.1f, new LeakyRelu(0.1f).Derivative(new LeakyRelu(0.1f).Forward(x)));
        Assert.Equal(positive ? 1f : 0f, new LeakyRelu(0f).Derivative(new LeakyRelu(0f).Forward(x)));
        Assert.Equal(positive ? 1f : 0.5f * MathF.Exp(x), new Elu(0.5f).Derivative(new Elu(0.5f).Forward(x)), 6);
        var s = 1 / (1 + Math.Exp(-x));
        Assert.Equal(s * (1 - s), new Sigmoid().Derivative(new Sigmoid().Forward(x)), 6);
        Assert.Equal(1 - Math.Tanh(x) * Math.Tanh(x), new Tanh().Derivative(new Tanh().Forward(x)), 6);
    }

    [Theory]
    [InlineData(-0.1f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void Leaky_relu_and_elu_reject_a_negative_or_non_finite_slope(float alpha)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LeakyRelu(alpha));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Elu(alpha));
    }

    [Fact]
    public void Elu_needs_a_positive_scale_while_leaky_relu_may_have_a_zero_slope()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Elu(0f));
        Assert.Equal(0f, new LeakyRelu(0f).Forward(-3f));
    }
}
