using NetForge.Cpu;

namespace NetForge.Runtime.Tests.Cpu;

public class MaxoutTests
{
    [Fact]
    public void Each_output_is_the_largest_of_its_group_of_consecutive_pieces()
    {
        // Two samples, three outputs of two pieces each: PyTorch's x.view(2, 3, 2).max(-1).
        float[] x = [1f, 5f, 3f, 2f, -1f, -4f, 0f, 0.5f, 7f, 7f, -2f, -3f];
        var y = new float[6];

        Maxout.Forward(x, y, 2, 3, 2);

        Assert.Equal([5f, 3f, -1f, 0.5f, 7f, -2f], y);
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(2, 3, 2)]
    [InlineData(3, 4, 3)]
    [InlineData(4, 5, 4)]
    [InlineData(2, 7, 5)]
    public void Forward_and_backward_match_a_direct_reference(int batch, int outputs, int pieces)
    {
        var x = GradientCases.Uniform(new Random(outputs * pieces), batch * outputs * pieces, 1f);
        var dy = GradientCases.Uniform(new Random(batch), batch * outputs, 1f);
        var y = new float[batch * outputs];
        var dx = new float[x.Length];

        Maxout.Forward(x, y, batch, outputs, pieces);
        Maxout.Backward(x, y, dy, dx, batch, outputs, pieces);

        for (var b = 0; b < batch; b++)
        {
            for (var j = 0; j < outputs; j++)
            {
                var group = x.AsSpan((b * outputs + j) * pieces, pieces);
                var largest = 0;
                for (var k = 1; k < pieces; k++)
                    largest = group[k] > group[largest] ? k : largest;
                Assert.Equal(group[largest], y[b * outputs + j]);
                for (var k = 0; k < pieces; k++)
                    Assert.Equal(k == largest ? dy[b * outputs + j] : 0f, dx[(b * outputs + j) * pieces + k]);
            }
        }
    }

    /// <summary>
    /// Each group's maximum is repeated at two or more random pieces (every piece, in some groups); the gradient
    /// must reach exactly the first of them and nothing else.
    /// </summary>
    [Theory]
    [InlineData(1, 1, 2)]
    [InlineData(2, 3, 3)]
    [InlineData(3, 2, 4)]
    [InlineData(1, 4, 5)]
    public void A_tie_sends_the_whole_gradient_to_the_first_piece(int batch, int outputs, int pieces)
    {
        var random = new Random(batch * 10 + pieces);
        var x = new float[batch * outputs * pieces];
        var first = new int[batch * outputs];
        for (var g = 0; g < batch * outputs; g++)
        {
            var group = x.AsSpan(g * pieces, pieces);
            for (var k = 0; k < pieces; k++)
                group[k] = -1f - random.NextSingle();
            var tied = Enumerable.Range(0, pieces).OrderBy(_ => random.Next()).Take(2 + random.Next(pieces - 1)).ToArray();
            foreach (var k in tied)
                group[k] = 0.5f;
            first[g] = tied.Min();
        }

        var dy = GradientCases.Uniform(random, batch * outputs, 1f);
        var y = new float[batch * outputs];
        var dx = Enumerable.Repeat(42f, x.Length).ToArray();

        Maxout.Forward(x, y, batch, outputs, pieces);
        Maxout.Backward(x, y, dy, dx, batch, outputs, pieces);

        Assert.All(y, v => Assert.Equal(0.5f, v));
        for (var g = 0; g < batch * outputs; g++)
        {
            for (var k = 0; k < pieces; k++)
                Assert.Equal(k == first[g] ? dy[g] : 0f, dx[g * pieces + k]);
        }
    }

    [Fact]
    public void One_piece_copies_values_and_gradients()
    {
        float[] x = [3f, -1f, 2f];
        var y = new float[3];
        var dx = new float[3];

        Maxout.Forward(x, y, 1, 3, 1);
        Maxout.Backward(x, y, [0.5f, 0.25f, -1f], dx, 1, 3, 1);

        Assert.Equal(x, y);
        Assert.Equal([0.5f, 0.25f, -1f], dx);
    }

    [Fact]
    public void Values_past_the_sizes_are_left_alone()
    {
        float[] x = [1f, 2f, 4f, 3f, 9f, 9f];
        var y = new float[] { -42f, -42f, -42f };
        var dx = Enumerable.Repeat(-42f, 6).ToArray();

        Maxout.Forward(x, y, 1, 2, 2);
        Maxout.Backward(x, y, [1f, 1f, 1f], dx, 1, 2, 2);

        Assert.Equal([2f, 4f, -42f], y);
        Assert.Equal([0f, 1f, 1f, 0f, -42f, -42f], dx);
    }

    [Theory]
    [InlineData("x")]
    [InlineData("y")]
    public void Forward_names_the_buffer_that_is_too_short(string buffer)
    {
        float[] Buffer(string name, int length) => new float[buffer == name ? length - 1 : length];
        var e = Assert.Throws<ArgumentException>(() => Maxout.Forward(Buffer("x", 12), Buffer("y", 4), 2, 2, 3));
        Assert.Equal(buffer, e.ParamName);
        Assert.Contains($"'{buffer}'", e.Message);
    }

    [Theory]
    [InlineData("x")]
    [InlineData("y")]
    [InlineData("dy")]
    [InlineData("dx")]
    public void Backward_names_the_buffer_that_is_too_short(string buffer)
    {
        float[] Buffer(string name, int length) => new float[buffer == name ? length - 1 : length];
        var e = Assert.Throws<ArgumentException>(() => Maxout.Backward(Buffer("x", 12), Buffer("y", 4), Buffer("dy", 4), Buffer("dx", 12), 2, 2, 3));
        Assert.Equal(buffer, e.ParamName);
    }

    [Fact]
    public void Pieces_must_be_positive_and_sizes_not_negative()
    {
        Assert.Equal("pieces", Assert.Throws<ArgumentOutOfRangeException>(() => Maxout.Forward([], [], 1, 1, 0)).ParamName);
        Assert.Equal("batch", Assert.Throws<ArgumentOutOfRangeException>(() => Maxout.Backward([], [], [], [], -1, 1, 2)).ParamName);
        Assert.Equal("outputs", Assert.Throws<ArgumentOutOfRangeException>(() => Maxout.Forward([], [], 1, -1, 2)).ParamName);
    }

    [Fact]
    public void Sizes_whose_product_overflows_an_int_are_too_large_for_any_buffer()
    {
        var e = Assert.Throws<ArgumentException>(() => Maxout.Forward(new float[16], new float[16], 1 << 16, 1 << 16, 4));
        Assert.Equal("x", e.ParamName);
    }

    [Fact]
    public void Steady_state_calls_allocate_nothing()
    {
        var x = GradientCases.Uniform(new Random(6), 4 * 10 * 3, 1f);
        var y = new float[40];
        var dx = new float[x.Length];
        void Step()
        {
            Maxout.Forward(x, y, 4, 10, 3);
            Maxout.Backward(x, y, y, dx, 4, 10, 3);
        }

        Step();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 5; i++)
            Step();
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }
}
