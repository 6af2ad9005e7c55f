using F32 = NetForge.Cpu;
using F64 = NetForge.Cpu.Float64;

namespace NetForge.Runtime.Tests.Cpu.Float64;

public class DenseTests
{
    public static TheoryData<string, int, int, int> Cases
    {
        get
        {
            var data = new TheoryData<string, int, int, int>();
            foreach (var name in ActivationPairs.Names)
            {
                foreach (var (batch, inputs, outputs) in new[] { (1, 1, 1), (3, 7, 3), (5, 33, 10), (4, 17, 9) })
                    data.Add(name, batch, inputs, outputs);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Forward_and_backward_match_the_float_kernel(string activation, int batch, int inputs, int outputs) =>
        ActivationPairs.Run(activation, new Comparison(batch, inputs, outputs));

    [Fact]
    public void Empty_gradients_are_skipped_and_the_input_gradient_is_unchanged()
    {
        var random = new Random(3);
        const int batch = 3, inputs = 5, outputs = 4;
        var x = Float64Check.Doubles(random, batch * inputs);
        var w = Float64Check.Doubles(random, outputs * inputs);
        var bias = Float64Check.Doubles(random, outputs);
        var y = new double[batch * outputs];
        F64.Dense.Forward(x, w, bias, y, batch, inputs, outputs, new F64.Tanh());
        var dy = Float64Check.Doubles(random, batch * outputs);

        var fullDy = (double[])dy.Clone();
        var fullDx = new double[batch * inputs];
        F64.Dense.Backward(x, w, y, fullDy, new double[outputs * inputs], new double[outputs], fullDx, batch, inputs, outputs, new F64.Tanh());
        var partDy = (double[])dy.Clone();
        var partDx = new double[batch * inputs];
        F64.Dense.Backward(x, w, y, partDy, default, default, partDx, batch, inputs, outputs, new F64.Tanh());
        Assert.Equal(fullDy, partDy);
        Assert.Equal(fullDx, partDx);

        // With no gradient wanted at all, dy is still masked: the caller reads it as the pre-activation gradient.
        F64.Dense.Backward(x, w, y, dy, default, default, default, batch, inputs, outputs, new F64.Tanh());
        Assert.Equal(fullDy, dy);
    }

    [Fact]
    public void An_empty_bias_is_a_zero_bias_and_extra_values_are_left_alone()
    {
        var random = new Random(4);
        const int batch = 2, inputs = 3, outputs = 5;
        var x = Float64Check.Doubles(random, batch * inputs);
        var w = Float64Check.Doubles(random, outputs * inputs);
        var withZeros = new double[batch * outputs];
        F64.Dense.Forward(x, w, new double[outputs], withZeros, batch, inputs, outputs, new F64.Relu());
        var without = Enumerable.Repeat(double.NaN, batch * outputs + 3).ToArray();
        F64.Dense.Forward(x, w, default, without, batch, inputs, outputs, new F64.Relu());
        Assert.Equal(withZeros, without[..(batch * outputs)]);
        Assert.All(without[(batch * outputs)..], value => Assert.True(double.IsNaN(value)));
    }

    [Fact]
    public void Short_buffers_are_named()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            F64.Dense.Forward(new double[5], new double[6], default, new double[4], 2, 3, 2, new F64.Identity()));
        Assert.Equal("x", error.ParamName);
        error = Assert.Throws<ArgumentException>(() =>
            F64.Dense.Backward(new double[6], new double[6], new double[4], new double[4], new double[5], default, default, 2, 3, 2, new F64.Identity()));
        Assert.Equal("dWeight", error.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            F64.Dense.Forward(new double[6], new double[6], default, new double[4], -1, 3, 2, new F64.Identity()));
    }

    [Fact]
    public void The_tanh_layer_gradients_match_centred_differences()
    {
        var random = new Random(5);
        const int batch = 3, inputs = 6, outputs = 4;
        var x = Float64Check.Doubles(random, batch * inputs);
        var w = Float64Check.Doubles(random, outputs * inputs);
        var bias = Float64Check.Doubles(random, outputs);
        var r = Float64Check.Doubles(random, batch * outputs);
        var y = new double[batch * outputs];
        double Objective()
        {
            F64.Dense.Forward(x, w, bias, y, batch, inputs, outputs, new F64.Tanh());
            return Float64Check.Dot(y, r);
        }

        Objective();
        var dy = (double[])r.Clone();
        var dw = new double[w.Length];
        var db = new double[bias.Length];
        var dx = new double[x.Length];
        F64.Dense.Backward(x, w, y, dy, dw, db, dx, batch, inputs, outputs, new F64.Tanh());
        Float64Check.Gradient("dx", x, dx, Objective);
        Float64Check.Gradient("dWeight", w, dw, Objective);
        Float64Check.Gradient("dBias", bias, db, Objective);
    }

    private readonly record struct Comparison(int Batch, int Inputs, int Outputs) : IActivationPairTest
    {
        public void Run<TFloat, TDouble>(TFloat single, TDouble wide)
            where TFloat : struct, F32.IActivation
            where TDouble : struct, F64.IActivation
        {
            var random = new Random(Batch * 1000 + Inputs * 10 + Outputs);
            var x = Float64Check.Floats(random, Batch * Inputs);
            var w = Float64Check.Floats(random, Outputs * Inputs, 0.5f);
            var bias = Float64Check.Floats(random, Outputs);
            var dy = Float64Check.Floats(random, Batch * Outputs);

            var y = new float[Batch * Outputs];
            F32.Dense.Forward(x, w, bias, y, Batch, Inputs, Outputs, single);
            var y64 = new double[y.Length];
            F64.Dense.Forward(Float64Check.Widen(x), Float64Check.Widen(w), Float64Check.Widen(bias), y64, Batch, Inputs, Outputs, wide);
            Float64Check.Close(y, y64, "y");

            // Both backward passes start from the float outputs, so that the derivatives are taken at the same points.
            var dy64 = Float64Check.Widen(dy);
            var (dw, db, dx) = (new float[w.Length], new float[bias.Length], new float[x.Length]);
            var (dw64, db64, dx64) = (new double[w.Length], new double[bias.Length], new double[x.Length]);
            F32.Dense.Backward(x, w, y, dy, dw, db, dx, Batch, Inputs, Outputs, single);
            F64.Dense.Backward(Float64Check.Widen(x), Float64Check.Widen(w), Float64Check.Widen(y), dy64, dw64, db64, dx64, Batch, Inputs, Outputs, wide);
            Float64Check.Close(dy, dy64, "masked dy");
            Float64Check.Close(dw, dw64, "dWeight");
            Float64Check.Close(db, db64, "dBias");
            Float64Check.Close(dx, dx64, "dx");
        }
    }
}
