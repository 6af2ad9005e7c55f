using NetForge.Cpu;

namespace NetForge.Runtime.Tests.Cpu;

public class LayerTests
{
    [Fact]
    public void Elementwise_backward_may_write_over_dy()
    {
        var y = new float[5];
        var x = new float[] { -2f, -0.5f, 0.5f, 1f, 3f };
        Elementwise.Forward(x, y, 5, new Tanh());
        var dy = new float[] { 1f, 2f, 3f, 4f, 5f };
        var expected = dy.Select((d, i) => d * (1f - y[i] * y[i])).ToArray();

        Elementwise.Backward(y, dy, dy, 5, new Tanh());

        Assert.Equal(expected, dy);
    }

    [Fact]
    public void Elementwise_names_a_buffer_shorter_than_the_length()
    {
        var e = Assert.Throws<ArgumentException>(() => Elementwise.Forward(new float[4], new float[3], 4, new Relu()));
        Assert.Equal("y", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => Elementwise.Backward(new float[3], new float[3], new float[2], 3, new Relu()));
        Assert.Equal("dx", e.ParamName);
    }

    [Fact]
    public void Elementwise_leaves_values_past_the_length_alone()
    {
        var y = new float[] { 9f, 9f, 9f };

        Elementwise.Forward([-1f, 2f, 3f], y, 2, new Relu());

        Assert.Equal([0f, 2f, 9f], y);
    }

    [Fact]
    public void Softmax_rows_are_probabilities_even_for_huge_inputs()
    {
        var x = new float[] { 1000f, 1001f, 1002f, -1000f, 0f, 1000f };
        var y = new float[6];
        Softmax.Forward(x, y, 2, 3);

        Assert.All(y, v => Assert.True(float.IsFinite(v) && v >= 0f));
        Assert.Equal(1.0, y[0] + y[1] + y[2], 6);
        Assert.Equal(1.0, y[3] + y[4] + y[5], 6);
        var e = Math.Exp(1);
        Assert.Equal(1 / (1 + e + e * e), y[0], 6);
        Assert.Equal(0f, y[3]);
        Assert.Equal(1f, y[5], 6);
    }

    [Fact]
    public void Softmax_may_work_in_place_in_both_directions()
    {
        var x = new float[] { 0.5f, -1f, 2f, 0f };
        var expected = new float[4];
        Softmax.Forward(x, expected, 1, 4);
        var dy = new float[] { 1f, -2f, 0.5f, 3f };
        var expectedDx = new float[4];
        Softmax.Backward(expected, dy, expectedDx, 1, 4);

        Softmax.Forward(x, x, 1, 4);
        Softmax.Backward(x, dy, dy, 1, 4);

        Assert.Equal(expected, x);
        Assert.Equal(expectedDx, dy);
    }

    [Fact]
    public void Softmax_names_a_short_buffer()
    {
        var e = Assert.Throws<ArgumentException>(() => Softmax.Backward(new float[6], new float[5], new float[6], 2, 3));
        Assert.Equal("dy", e.ParamName);
    }
}
