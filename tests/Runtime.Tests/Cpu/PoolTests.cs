using System.Runtime.Intrinsics;
using NetForge.Cpu;

namespace NetForge.Runtime.Tests.Cpu;

public class PoolTests
{
    [Fact]
    public void Max_pooling_takes_the_largest_value_of_each_window()
    {
        float[] x =
        [
            1, 5, 2, 0,
            3, 4, 8, 6,
            -1, -2, 7, 7,
            -4, -3, 9, 1,
        ];
        var y = new float[4];

        MaxPool.Forward(x, y, 1, new PoolShape(1, 4, 4, 2, 2));

        Assert.Equal([5f, 8f, -1f, 9f], y);
    }

    [Fact]
    public void Average_pooling_takes_the_mean_of_each_window()
    {
        float[] x =
        [
            1, 5, 2, 0,
            3, 4, 8, 6,
            -1, -2, 7, 7,
            -4, -3, 9, 1,
        ];
        var y = new float[4];

        AvgPool.Forward(x, y, 1, new PoolShape(1, 4, 4, 2, 2));

        Assert.Equal([13f / 4, 16f / 4, -10f / 4, 24f / 4], y);
    }

    /// <summary>
    /// Each window's tie goes to its first position in row-major order: (0, 1) rather than (1, 0) in the first
    /// window, the bottom-left in the second (the top row's 2 loses), the top-left in the third.
    /// </summary>
    [Fact]
    public void Max_pooling_routes_a_tied_gradient_to_the_first_maximum_of_the_window()
    {
        float[] x =
        [
            2, 7, 1, 2, 5, 1,
            7, 7, 5, 5, 5, 5,
        ];
        var shape = new PoolShape(1, 2, 6, 2, 2);
        var y = new float[3];
        MaxPool.Forward(x, y, 1, shape);
        var dx = new float[12];

        MaxPool.Backward(x, y, [10f, 20f, 30f], dx, 1, shape);

        Assert.Equal([7f, 5f, 5f], y);
        Assert.Equal([0f, 10f, 0f, 0f, 30f, 0f, 0f, 0f, 20f, 0f, 0f, 0f], dx);
    }

    /// <summary>The same rule for windows other than 2 × 2, which take another path: the first 4 is at (0, 1).</summary>
    [Fact]
    public void Max_pooling_routes_a_tie_in_a_larger_window_to_its_first_maximum()
    {
        float[] x =
        [
            1, 4, 4,
            4, 2, 4,
            0, 4, 1,
        ];
        var dx = new float[9];

        MaxPool.Backward(x, new float[1], [3f], dx, 1, new PoolShape(1, 3, 3, 3, 1));

        Assert.Equal([0f, 3f, 0f, 0f, 0f, 0f, 0f, 0f, 0f], dx);
    }

    [Fact]
    public void Max_pooling_adds_the_gradients_of_overlapping_windows_that_share_a_maximum()
    {
        // Stride 1: the 9 sits in all four 2 × 2 windows of the 3 × 3 plane.
        float[] x =
        [
            1, 2, 3,
            4, 9, 5,
            6, 7, 8,
        ];
        var shape = new PoolShape(1, 3, 3, 2, 1);
        var y = new float[4];
        MaxPool.Forward(x, y, 1, shape);
        var dx = new float[9];

        MaxPool.Backward(x, y, [1f, 2f, 4f, 8f], dx, 1, shape);

        Assert.Equal([9f, 9f, 9f, 9f], y);
        Assert.Equal([0f, 0f, 0f, 0f, 15f, 0f, 0f, 0f, 0f], dx);
    }

    [Fact]
    public void Average_pooling_adds_the_gradients_of_overlapping_windows()
    {
        var shape = new PoolShape(1, 3, 3, 2, 1);
        var dx = new float[9];

        AvgPool.Backward([4f, 8f, 12f, 16f], dx, 1, shape);

        Assert.Equal([1f, 3f, 2f, 4f, 10f, 6f, 3f, 7f, 4f], dx);
    }

    /// <summary>7 × 7 with 2 × 2 windows at stride 2 leaves the last row and column out; their gradient is zero, not what dx held.</summary>
    [Fact]
    public void Inputs_outside_every_window_get_a_zero_gradient()
    {
        const int batch = 2;
        var shape = new PoolShape(3, 7, 7, 2, 2);
        var x = GradientCases.Uniform(new Random(1), batch * shape.InputSize, 1f);
        var y = new float[batch * shape.OutputSize];
        var dy = Filled(batch * shape.OutputSize, 1f);
        var maxDx = Filled(batch * shape.InputSize, float.NaN);
        var avgDx = Filled(batch * shape.InputSize, float.NaN);

        MaxPool.Forward(x, y, batch, shape);
        MaxPool.Backward(x, y, dy, maxDx, batch, shape);
        AvgPool.Backward(dy, avgDx, batch, shape);

        for (var i = 0; i < maxDx.Length; i++)
        {
            var (row, column) = (i / 7 % 7, i % 7);
            if (row == 6 || column == 6)
            {
                Assert.Equal(0f, maxDx[i]);
                Assert.Equal(0f, avgDx[i]);
            }
            else
            {
                Assert.Equal(0.25f, avgDx[i]);
            }
        }

        // Every window routes its 1 to exactly one input.
        Assert.Equal(batch * shape.OutputSize, maxDx.Sum());
    }

    [Theory]
    [InlineData(1, 8, 8, 2, 2)]
    [InlineData(3, 7, 9, 3, 2)]
    [InlineData(2, 10, 10, 3, 3)]
    [InlineData(4, 6, 5, 2, 1)]
    public void Pooling_matches_a_direct_reference(int channels, int height, int width, int size, int stride)
    {
        const int batch = 3;
        var shape = new PoolShape(channels, height, width, size, stride);
        var x = GradientCases.Uniform(new Random(height * width), batch * shape.InputSize, 1f);
        var dy = GradientCases.Uniform(new Random(size), batch * shape.OutputSize, 1f);
        var (maxY, avgY, maxDx, avgDx) = Reference(x, dy, batch, shape);
        var y = new float[batch * shape.OutputSize];
        var dx = new float[batch * shape.InputSize];

        MaxPool.Forward(x, y, batch, shape);
        Assert.Equal(maxY, y);
        MaxPool.Backward(x, y, dy, dx, batch, shape);
        Assert.Equal(maxDx, dx);
        AvgPool.Forward(x, y, batch, shape);
        AssertNear(avgY, y);
        AvgPool.Backward(dy, dx, batch, shape);
        AssertNear(avgDx, dx);
    }

    /// <summary>Rows narrower and wider than each vector, odd sizes that 2 × 2 windows do not cover, and the other window shapes.</summary>
    [Theory]
    [MemberData(nameof(WidthsAndShapes))]
    public void Every_vector_width_pools_like_the_reference(VectorWidth width, int channels, int height, int planeWidth, int size, int stride)
    {
        const int batch = 2;
        var shape = new PoolShape(channels, height, planeWidth, size, stride);
        var x = GradientCases.Uniform(new Random(height + planeWidth), batch * shape.InputSize, 1f);
        var dy = GradientCases.Uniform(new Random(size + stride), batch * shape.OutputSize, 1f);
        var (maxY, avgY, maxDx, _) = Reference(x, dy, batch, shape);
        var y = new float[batch * shape.OutputSize];
        var dx = Filled(batch * shape.InputSize, float.NaN);

        switch (width)
        {
            case VectorWidth.Floats16:
                Pooling.Forward<Vector512Ops, Vector512<float>, MaxReduction>(x, y, batch, shape);
                Pooling.MaxBackward<Vector512Ops, Vector512<float>>(x, dy, dx, batch, shape);
                break;
            case VectorWidth.Floats8:
                Pooling.Forward<Vector256Ops, Vector256<float>, MaxReduction>(x, y, batch, shape);
                Pooling.MaxBackward<Vector256Ops, Vector256<float>>(x, dy, dx, batch, shape);
                break;
            default:
                // The pairs of the 2 × 2 windows have no scalar form: without SIMD hardware the runtime runs the
                // 128-bit code in software.
                Pooling.Forward<Vector128Ops, Vector128<float>, MaxReduction>(x, y, batch, shape);
                Pooling.MaxBackward<Vector128Ops, Vector128<float>>(x, dy, dx, batch, shape);
                break;
        }

        Assert.Equal(maxY, y);
        Assert.Equal(maxDx, dx);

        switch (width)
        {
            case VectorWidth.Floats16:
                Pooling.Forward<Vector512Ops, Vector512<float>, MeanReduction>(x, y, batch, shape);
                break;
            case VectorWidth.Floats8:
                Pooling.Forward<Vector256Ops, Vector256<float>, MeanReduction>(x, y, batch, shape);
                break;
            default:
                // Without SIMD hardware the runtime runs the 128-bit code in software.
                Pooling.Forward<Vector128Ops, Vector128<float>, MeanReduction>(x, y, batch, shape);
                break;
        }

        AssertNear(avgY, y);
    }

    /// <summary>Inputs of five levels, so that most 2 × 2 windows tie, at every width: whole vectors of windows and the ones left over.</summary>
    [Theory]
    [InlineData(VectorWidth.Floats16)]
    [InlineData(VectorWidth.Floats8)]
    [InlineData(VectorWidth.Floats4)]
    public void Every_vector_width_routes_tied_gradients_like_the_reference(VectorWidth width)
    {
        const int batch = 2;
        var shape = new PoolShape(3, 9, 45, 2, 2);
        var x = GradientCases.Uniform(new Random(5), batch * shape.InputSize, 1f).Select(v => MathF.Round(1.5f * v)).ToArray();
        var dy = GradientCases.Uniform(new Random(6), batch * shape.OutputSize, 1f);
        var (_, _, maxDx, _) = Reference(x, dy, batch, shape);
        var dx = Filled(batch * shape.InputSize, float.NaN);

        switch (width)
        {
            case VectorWidth.Floats16:
                Pooling.MaxBackward<Vector512Ops, Vector512<float>>(x, dy, dx, batch, shape);
                break;
            case VectorWidth.Floats8:
                Pooling.MaxBackward<Vector256Ops, Vector256<float>>(x, dy, dx, batch, shape);
                break;
            default:
                Pooling.MaxBackward<Vector128Ops, Vector128<float>>(x, dy, dx, batch, shape);
                break;
        }

        Assert.Equal(maxDx, dx);
    }

    public static TheoryData<VectorWidth, int, int, int, int, int> WidthsAndShapes
    {
        get
        {
            var data = new TheoryData<VectorWidth, int, int, int, int, int>();
            foreach (var width in Enum.GetValues<VectorWidth>())
            {
                foreach (var (c, h, w, size, stride) in new[] { (1, 3, 3, 2, 1), (2, 7, 7, 2, 2), (3, 6, 10, 2, 2), (2, 9, 33, 2, 2), (1, 7, 19, 3, 2), (2, 5, 17, 2, 1), (1, 6, 20, 3, 3) })
                    data.Add(width, c, h, w, size, stride);
            }

            return data;
        }
    }

    [Fact]
    public void Values_past_the_batch_are_left_alone()
    {
        const int capacity = 4, batch = 3;
        var shape = new PoolShape(2, 6, 6, 2, 2);
        var x = GradientCases.Uniform(new Random(2), capacity * shape.InputSize, 1f);
        var y = Filled(capacity * shape.OutputSize, -42f);
        var dy = Filled(capacity * shape.OutputSize, 1f);
        var dx = Filled(capacity * shape.InputSize, -42f);
        var tail = (capacity - batch) * shape.InputSize;

        MaxPool.Forward(x, y, batch, shape);
        MaxPool.Backward(x, y, dy, dx, batch, shape);
        Assert.All(y[(batch * shape.OutputSize)..], v => Assert.Equal(-42f, v));
        Assert.All(dx[^tail..], v => Assert.Equal(-42f, v));

        AvgPool.Forward(x, y, batch, shape);
        AvgPool.Backward(dy, dx, batch, shape);
        Assert.All(y[(batch * shape.OutputSize)..], v => Assert.Equal(-42f, v));
        Assert.All(dx[^tail..], v => Assert.Equal(-42f, v));
    }

    [Fact]
    public void Short_buffers_are_named()
    {
        var shape = new PoolShape(2, 4, 4, 2, 2);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => MaxPool.Forward(new float[63], new float[16], 2, shape)).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => AvgPool.Forward(new float[64], new float[15], 2, shape)).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => MaxPool.Backward(new float[64], new float[15], new float[16], new float[64], 2, shape)).ParamName);
        Assert.Equal("dy", Assert.Throws<ArgumentException>(() => MaxPool.Backward(new float[64], new float[16], new float[15], new float[64], 2, shape)).ParamName);
        Assert.Equal("dx", Assert.Throws<ArgumentException>(() => MaxPool.Backward(new float[64], new float[16], new float[16], new float[63], 2, shape)).ParamName);
        Assert.Equal("dy", Assert.Throws<ArgumentException>(() => AvgPool.Backward(new float[15], new float[64], 2, shape)).ParamName);
        var e = Assert.Throws<ArgumentException>(() => AvgPool.Backward(new float[16], new float[63], 2, shape));
        Assert.Equal("dx", e.ParamName);
        Assert.Contains("'dx'", e.Message);
    }

    [Fact]
    public void A_default_shape_or_a_negative_batch_is_rejected()
    {
        Assert.Equal("shape", Assert.Throws<ArgumentException>(() => MaxPool.Forward([], [], 0, default)).ParamName);
        Assert.Equal("shape", Assert.Throws<ArgumentException>(() => AvgPool.Backward([], [], 0, default)).ParamName);
        Assert.Equal("batch", Assert.Throws<ArgumentOutOfRangeException>(() => AvgPool.Forward([], [], -1, new PoolShape(1, 2, 2, 2, 2))).ParamName);
    }

    [Fact]
    public void Steady_state_calls_allocate_nothing()
    {
        const int batch = 4;
        var shape = new PoolShape(3, 8, 8, 2, 2);
        var x = GradientCases.Uniform(new Random(3), batch * shape.InputSize, 1f);
        var y = new float[batch * shape.OutputSize];
        var dx = new float[batch * shape.InputSize];
        void Step()
        {
            MaxPool.Forward(x, y, batch, shape);
            MaxPool.Backward(x, y, y, dx, batch, shape);
            AvgPool.Forward(x, y, batch, shape);
            AvgPool.Backward(y, dx, batch, shape);
        }

        Step();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 5; i++)
            Step();
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    /// <summary>Pooling from the definition: each output's window, scanned in row-major order.</summary>
    private static (float[] MaxY, float[] AvgY, float[] MaxDx, float[] AvgDx) Reference(float[] x, float[] dy, int batch, PoolShape s)
    {
        var maxY = new float[batch * s.OutputSize];
        var avgY = new float[batch * s.OutputSize];
        var maxDx = new float[batch * s.InputSize];
        var avgDx = new float[batch * s.InputSize];
        for (var plane = 0; plane < batch * s.Channels; plane++)
        {
            for (var oh = 0; oh < s.OutputHeight; oh++)
            {
                for (var ow = 0; ow < s.OutputWidth; ow++)
                {
                    var o = (plane * s.OutputHeight + oh) * s.OutputWidth + ow;
                    var best = -1;
                    var sum = 0.0;
                    for (var i = 0; i < s.Size; i++)
                    {
                        for (var j = 0; j < s.Size; j++)
                        {
                            var at = (plane * s.Height + oh * s.Stride + i) * s.Width + ow * s.Stride + j;
                            if (best < 0 || x[at] > x[best])
                                best = at;
                            sum += x[at];
                            avgDx[at] += dy[o] / (s.Size * s.Size);
                        }
                    }

                    maxY[o] = x[best];
                    maxDx[best] += dy[o];
                    avgY[o] = (float)(sum / (s.Size * s.Size));
                }
            }
        }

        return (maxY, avgY, maxDx, avgDx);
    }

    /// <summary>The kernel multiplies by 1 / size², which for size 3 rounds differently from dividing by 9.</summary>
    private static void AssertNear(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-6f, FormattableString.Invariant($"[{i}]: got {actual[i]}, expected {expected[i]}"));
    }

    private static float[] Filled(int length, float value)
    {
        var values = new float[length];
        Array.Fill(values, value);
        return values;
    }
}
