using F32 = NetForge.Cpu;
using F64 = NetForge.Cpu.Float64;

namespace NetForge.Runtime.Tests.Cpu.Float64;

public class PoolTests
{
    /// <summary>The tiling 2 × 2 windows (the float kernel's own path), overlapping windows, gaps between windows, odd sizes.</summary>
    private static readonly (int Batch, F32.PoolShape Shape)[] Shapes =
    [
        (2, new F32.PoolShape(3, 6, 6, 2, 2)),
        (3, new F32.PoolShape(2, 7, 5, 2, 2)),
        (2, new F32.PoolShape(3, 7, 5, 3, 2)),
        (1, new F32.PoolShape(2, 7, 8, 2, 3)),
        (2, new F32.PoolShape(1, 19, 21, 3, 1)),
    ];

    public static TheoryData<int, bool> Cases
    {
        get
        {
            var data = new TheoryData<int, bool>();
            for (var i = 0; i < Shapes.Length; i++)
            {
                data.Add(i, false);
                data.Add(i, true);
            }

            return data;
        }
    }

    /// <summary>With inputs from a few levels, most windows hold several maxima: the gradient must go to the same one.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void Max_pooling_matches_the_float_kernel_ties_included(int index, bool ties)
    {
        var (batch, shape) = Shapes[index];
        var random = new Random(index);
        var x = ties ? Float64Check.Levels(random, batch * shape.InputSize) : Float64Check.Floats(random, batch * shape.InputSize);
        var dy = Float64Check.Floats(random, batch * shape.OutputSize);
        var y = new float[dy.Length];
        F32.MaxPool.Forward(x, y, batch, shape);
        var y64 = new double[y.Length];
        F64.MaxPool.Forward(Float64Check.Widen(x), y64, batch, shape);
        Assert.Equal(Float64Check.Widen(y), y64);

        var dx = new float[x.Length];
        F32.MaxPool.Backward(x, y, dy, dx, batch, shape);
        var dx64 = Enumerable.Repeat(double.NaN, x.Length).ToArray();
        F64.MaxPool.Backward(Float64Check.Widen(x), y64, Float64Check.Widen(dy), dx64, batch, shape);
        Float64Check.Close(dx, dx64, "dx", 1e-6);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Average_pooling_matches_the_float_kernel(int index, bool levels)
    {
        var (batch, shape) = Shapes[index];
        var random = new Random(index + 100);
        var x = levels ? Float64Check.Levels(random, batch * shape.InputSize) : Float64Check.Floats(random, batch * shape.InputSize);
        var dy = Float64Check.Floats(random, batch * shape.OutputSize);
        var y = new float[dy.Length];
        F32.AvgPool.Forward(x, y, batch, shape);
        var y64 = new double[y.Length];
        F64.AvgPool.Forward(Float64Check.Widen(x), y64, batch, shape);
        Float64Check.Close(y, y64, "y");

        var dx = new float[x.Length];
        F32.AvgPool.Backward(dy, dx, batch, shape);
        var dx64 = Enumerable.Repeat(double.NaN, x.Length).ToArray();
        F64.AvgPool.Backward(Float64Check.Widen(dy), dx64, batch, shape);
        Float64Check.Close(dx, dx64, "dx");
    }

    [Fact]
    public void Pooling_gradients_match_centred_differences()
    {
        var random = new Random(21);
        const int batch = 2;
        var shape = new F32.PoolShape(2, 7, 5, 3, 2);
        var x = Float64Check.Doubles(random, batch * shape.InputSize);
        var r = Float64Check.Doubles(random, batch * shape.OutputSize);
        var y = new double[r.Length];
        var dx = new double[x.Length];

        double Average()
        {
            F64.AvgPool.Forward(x, y, batch, shape);
            return Float64Check.Dot(y, r);
        }

        F64.AvgPool.Backward(r, dx, batch, shape);
        Float64Check.Gradient("average dx", x, dx, Average);

        // Random inputs lie far more than a step apart (for this seed), so no maximum changes hands.
        double Max()
        {
            F64.MaxPool.Forward(x, y, batch, shape);
            return Float64Check.Dot(y, r);
        }

        Max();
        F64.MaxPool.Backward(x, y, r, dx, batch, shape);
        Float64Check.Gradient("max dx", x, dx, Max);
    }

    [Fact]
    public void Short_buffers_and_a_default_shape_are_rejected()
    {
        var shape = new F32.PoolShape(1, 4, 4, 2, 2);
        var error = Assert.Throws<ArgumentException>(() => F64.MaxPool.Forward(new double[15], new double[4], 1, shape));
        Assert.Equal("x", error.ParamName);
        error = Assert.Throws<ArgumentException>(() => F64.AvgPool.Backward(new double[4], new double[15], 1, shape));
        Assert.Equal("dx", error.ParamName);
        Assert.Throws<ArgumentException>(() => F64.MaxPool.Forward(new double[16], new double[4], 1, default));
    }
}
