using F32 = NetForge.Cpu;
using F64 = NetForge.Cpu.Float64;

namespace NetForge.Runtime.Tests.Cpu.Float64;

public class ConvTests
{
    /// <summary>
    /// Strides 1 and 2, with and without padding, non-square kernels and images, sizes off the vector widths, and a
    /// map large enough for the float kernel's in-place path (output height × padded width ≥ 512).
    /// </summary>
    private static readonly (int Batch, F32.ConvShape Shape)[] Shapes =
    [
        (1, new F32.ConvShape(1, 5, 5, 1, 3, 3, 1, 0)),
        (2, new F32.ConvShape(2, 7, 6, 3, 3, 3, 1, 1)),
        (3, new F32.ConvShape(3, 9, 8, 4, 3, 2, 2, 1)),
        (2, new F32.ConvShape(2, 8, 8, 3, 3, 3, 2, 0)),
        (1, new F32.ConvShape(1, 5, 5, 2, 5, 5, 1, 2)),
        (2, new F32.ConvShape(2, 24, 24, 3, 3, 3, 1, 1)),
    ];

    public static TheoryData<string, int> Cases
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (var name in new[] { "identity", "relu", "tanh" })
            {
                for (var i = 0; i < Shapes.Length; i++)
                    data.Add(name, i);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Forward_and_backward_match_the_float_kernel(string activation, int shape) =>
        ActivationPairs.Run(activation, new Comparison(Shapes[shape].Batch, Shapes[shape].Shape));

    [Fact]
    public void Empty_gradients_are_skipped_and_the_input_gradient_is_unchanged()
    {
        var random = new Random(11);
        const int batch = 2;
        var shape = new F32.ConvShape(2, 6, 5, 3, 3, 3, 2, 1);
        var x = Float64Check.Doubles(random, batch * shape.InputSize);
        var w = Float64Check.Doubles(random, shape.WeightSize);
        var y = new double[batch * shape.OutputSize];
        F64.Conv2D.Forward(x, w, default, y, batch, shape, new F64.Tanh());
        var dy = Float64Check.Doubles(random, y.Length);

        var fullDy = (double[])dy.Clone();
        var fullDx = new double[x.Length];
        F64.Conv2D.Backward(x, w, y, fullDy, new double[w.Length], new double[shape.Filters], fullDx, batch, shape, new F64.Tanh());
        var partDx = Enumerable.Repeat(double.NaN, x.Length).ToArray();
        F64.Conv2D.Backward(x, w, y, dy, default, default, partDx, batch, shape, new F64.Tanh());
        Assert.Equal(fullDy, dy);
        Assert.Equal(fullDx, partDx);
    }

    [Fact]
    public void Short_buffers_and_a_default_shape_are_rejected()
    {
        var shape = new F32.ConvShape(1, 4, 4, 2, 3, 3, 1, 0);
        var error = Assert.Throws<ArgumentException>(() =>
            F64.Conv2D.Forward(new double[16], new double[18], default, new double[7], 1, shape, new F64.Identity()));
        Assert.Equal("y", error.ParamName);
        error = Assert.Throws<ArgumentException>(() =>
            F64.Conv2D.Backward(new double[16], new double[18], new double[8], new double[8], default, new double[1], default, 1, shape, new F64.Identity()));
        Assert.Equal("dBias", error.ParamName);
        Assert.Throws<ArgumentException>(() =>
            F64.Conv2D.Forward(new double[16], new double[18], default, new double[8], 1, default, new F64.Identity()));
    }

    [Fact]
    public void The_strided_padded_relu_layer_gradients_match_centred_differences()
    {
        var random = new Random(12);
        const int batch = 2;
        var shape = new F32.ConvShape(2, 7, 6, 3, 3, 3, 2, 1);
        var x = Float64Check.Doubles(random, batch * shape.InputSize);
        var w = Float64Check.Doubles(random, shape.WeightSize);
        var bias = Float64Check.Doubles(random, shape.Filters);
        var r = Float64Check.Doubles(random, batch * shape.OutputSize);
        var y = new double[r.Length];

        // The differences must not straddle a kink of the ReLU, which steps of 1e-6 cannot reach from here.
        F64.Conv2D.Forward(x, w, bias, y, batch, shape, new F64.Identity());
        Assert.True(y.Min(Math.Abs) > 1e-3, "A pre-activation lies at a kink; choose another seed.");

        double Objective()
        {
            F64.Conv2D.Forward(x, w, bias, y, batch, shape, new F64.Relu());
            return Float64Check.Dot(y, r);
        }

        Objective();
        var dy = (double[])r.Clone();
        var dw = new double[w.Length];
        var db = new double[bias.Length];
        var dx = new double[x.Length];
        F64.Conv2D.Backward(x, w, y, dy, dw, db, dx, batch, shape, new F64.Relu());
        Float64Check.Gradient("dx", x, dx, Objective);
        Float64Check.Gradient("dWeight", w, dw, Objective);
        Float64Check.Gradient("dBias", bias, db, Objective);
    }

    private readonly record struct Comparison(int Batch, F32.ConvShape Shape) : IActivationPairTest
    {
        public void Run<TFloat, TDouble>(TFloat single, TDouble wide)
            where TFloat : struct, F32.IActivation
            where TDouble : struct, F64.IActivation
        {
            var random = new Random(Shape.InputSize + Shape.Filters);
            var x = Float64Check.Floats(random, Batch * Shape.InputSize);
            var w = Float64Check.Floats(random, Shape.WeightSize, 0.5f);
            var bias = Float64Check.Floats(random, Shape.Filters);
            var dy = Float64Check.Floats(random, Batch * Shape.OutputSize);

            var y = new float[dy.Length];
            F32.Conv2D.Forward(x, w, bias, y, Batch, Shape, single);
            var y64 = new double[y.Length];
            F64.Conv2D.Forward(Float64Check.Widen(x), Float64Check.Widen(w), Float64Check.Widen(bias), y64, Batch, Shape, wide);
            Float64Check.Close(y, y64, "y");

            var noBias = new float[y.Length];
            F32.Conv2D.Forward(x, w, default, noBias, Batch, Shape, single);
            F64.Conv2D.Forward(Float64Check.Widen(x), Float64Check.Widen(w), default, y64, Batch, Shape, wide);
            Float64Check.Close(noBias, y64, "y without bias");

            var dy64 = Float64Check.Widen(dy);
            var (dw, db, dx) = (new float[w.Length], new float[bias.Length], new float[x.Length]);
            var (dw64, db64, dx64) = (new double[w.Length], new double[bias.Length], new double[x.Length]);
            F32.Conv2D.Backward(x, w, y, dy, dw, db, dx, Batch, Shape, single);
            F64.Conv2D.Backward(Float64Check.Widen(x), Float64Check.Widen(w), Float64Check.Widen(y), dy64, dw64, db64, dx64, Batch, Shape, wide);
            Float64Check.Close(dy, dy64, "masked dy");
            Float64Check.Close(dw, dw64, "dWeight");
            Float64Check.Close(db, db64, "dBias");
            Float64Check.Close(dx, dx64, "dx");
        }
    }
}
