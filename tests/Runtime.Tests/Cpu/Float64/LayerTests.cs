using F32 = NetForge.Cpu;
using F64 = NetForge.Cpu.Float64;

namespace NetForge.Runtime.Tests.Cpu.Float64;

/// <summary>The layers without parameters: elementwise activations, maxout, softmax and concatenation.</summary>
public class LayerTests
{
    public static TheoryData<string> Names => ActivationPairs.Names;

    [Theory]
    [MemberData(nameof(Names))]
    public void Elementwise_activations_match_the_float_kernel(string activation) => ActivationPairs.Run(activation, new ElementwiseComparison(37));

    [Theory]
    [InlineData(1, 1, 1, false)]
    [InlineData(3, 5, 3, false)]
    [InlineData(3, 5, 3, true)]
    [InlineData(4, 7, 4, true)]
    public void Maxout_matches_the_float_kernel_ties_included(int batch, int outputs, int pieces, bool ties)
    {
        var random = new Random(batch + outputs + pieces);
        var length = batch * outputs * pieces;
        var x = ties ? Float64Check.Levels(random, length) : Float64Check.Floats(random, length);
        var dy = Float64Check.Floats(random, batch * outputs);
        var y = new float[dy.Length];
        F32.Maxout.Forward(x, y, batch, outputs, pieces);
        var y64 = new double[y.Length];
        F64.Maxout.Forward(Float64Check.Widen(x), y64, batch, outputs, pieces);
        Assert.Equal(Float64Check.Widen(y), y64);

        var dx = new float[length];
        F32.Maxout.Backward(x, y, dy, dx, batch, outputs, pieces);
        var dx64 = Enumerable.Repeat(double.NaN, length).ToArray();
        F64.Maxout.Backward(Float64Check.Widen(x), y64, Float64Check.Widen(dy), dx64, batch, outputs, pieces);
        Assert.Equal(Float64Check.Widen(dx), dx64);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 7)]
    [InlineData(5, 10)]
    public void Softmax_matches_the_float_kernel(int batch, int size)
    {
        var random = new Random(batch * size);
        var x = Float64Check.Floats(random, batch * size, 4f);
        var dy = Float64Check.Floats(random, batch * size);
        var y = new float[x.Length];
        F32.Softmax.Forward(x, y, batch, size);
        var y64 = new double[y.Length];
        F64.Softmax.Forward(Float64Check.Widen(x), y64, batch, size);
        Float64Check.Close(y, y64, "y");

        var dx = new float[x.Length];
        F32.Softmax.Backward(y, dy, dx, batch, size);
        var dx64 = new double[x.Length];
        F64.Softmax.Backward(Float64Check.Widen(y), Float64Check.Widen(dy), dx64, batch, size);
        Float64Check.Close(dx, dx64, "dx");
    }

    [Fact]
    public void Softmax_and_elementwise_gradients_match_centred_differences()
    {
        var random = new Random(31);
        const int batch = 3, size = 6;
        var x = Float64Check.Doubles(random, batch * size, 3);
        var r = Float64Check.Doubles(random, batch * size);
        var y = new double[x.Length];
        var dx = new double[x.Length];

        double Softmax()
        {
            F64.Softmax.Forward(x, y, batch, size);
            return Float64Check.Dot(y, r);
        }

        Softmax();
        F64.Softmax.Backward(y, r, dx, batch, size);
        Float64Check.Gradient("softmax dx", x, dx, Softmax);

        double Elu()
        {
            F64.Elementwise.Forward(x, y, x.Length, new F64.Elu(0.5));
            return Float64Check.Dot(y, r);
        }

        Elu();
        F64.Elementwise.Backward(y, r, dx, x.Length, new F64.Elu(0.5));
        Float64Check.Gradient("elu dx", x, dx, Elu);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Concatenation_matches_the_float_kernel(bool accumulate)
    {
        var random = new Random(accumulate ? 1 : 0);
        const int batch = 3, first = 5, second = 4, joined = first + second;
        var a = Float64Check.Floats(random, batch * first);
        var b = Float64Check.Floats(random, batch * second);
        var y = new float[batch * joined];
        F32.Concat.Forward(a, first, y, joined, 0, batch);
        F32.Concat.Forward(b, second, y, joined, first, batch);
        var y64 = new double[y.Length];
        F64.Concat.Forward(Float64Check.Widen(a), first, y64, joined, 0, batch);
        F64.Concat.Forward(Float64Check.Widen(b), second, y64, joined, first, batch);
        Assert.Equal(Float64Check.Widen(y), y64);

        var dy = Float64Check.Floats(random, y.Length);
        var db = Float64Check.Floats(random, b.Length);
        var db64 = Float64Check.Widen(db);
        F32.Concat.Backward(dy, joined, first, db, second, batch, accumulate);
        F64.Concat.Backward(Float64Check.Widen(dy), joined, first, db64, second, batch, accumulate);
        Float64Check.Close(db, db64, "dSource", 1e-6);
        Assert.Throws<ArgumentOutOfRangeException>(() => F64.Concat.Forward(new double[15], first, y64, joined, 5, batch));
    }

    private readonly record struct ElementwiseComparison(int Length) : IActivationPairTest
    {
        public void Run<TFloat, TDouble>(TFloat single, TDouble wide)
            where TFloat : struct, F32.IActivation
            where TDouble : struct, F64.IActivation
        {
            var random = new Random(Length);
            var x = Float64Check.Floats(random, Length, 3f);
            var dy = Float64Check.Floats(random, Length);
            var y = new float[Length];
            F32.Elementwise.Forward(x, y, Length, single);
            var y64 = new double[Length + 1];
            y64[Length] = double.NaN;
            F64.Elementwise.Forward(Float64Check.Widen(x), y64, Length, wide);
            Float64Check.Close(y, y64.AsSpan(0, Length), "y");
            Assert.True(double.IsNaN(y64[Length]));

            var dx = new float[Length];
            F32.Elementwise.Backward(y, dy, dx, Length, single);
            var dx64 = new double[Length];
            F64.Elementwise.Backward(Float64Check.Widen(y), Float64Check.Widen(dy), dx64, Length, wide);
            Float64Check.Close(dx, dx64, "dx");
        }
    }
}
