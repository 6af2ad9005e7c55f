using NetForge.Cpu;

namespace NetForge.Runtime.Tests.Cpu;

public class DenseTests
{
    private const double Tolerance = 1e-4;

    public static TheoryData<int, int, int> Shapes => new()
    {
        { 1, 1, 1 }, { 1, 784, 256 }, { 3, 7, 3 }, { 5, 33, 10 }, { 4, 64, 4 }, { 7, 100, 13 }, { 64, 128, 10 }, { 64, 784, 256 },
    };

    public static TheoryData<VectorWidth, int, int, int> WidthsAndShapes
    {
        get
        {
            var data = new TheoryData<VectorWidth, int, int, int>();
            foreach (var width in Enum.GetValues<VectorWidth>())
            {
                foreach (var (batch, inputs, outputs) in new[] { (1, 1, 1), (1, 50, 6), (3, 7, 3), (5, 33, 10), (8, 81, 9), (6, 130, 17) })
                    data.Add(width, batch, inputs, outputs);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Forward_matches_a_double_precision_reference(int batch, int inputs, int outputs)
    {
        var (x, w, bias) = Layer(batch, inputs, outputs, seed: inputs + outputs);
        var y = new float[batch * outputs];
        Dense.Forward(x, w, bias, y, batch, inputs, outputs, new Identity());
        var (expected, magnitude) = DenseReference.Forward(x, w, bias, batch, inputs, outputs, new Identity());
        DenseReference.AssertClose(y, expected, magnitude, Tolerance, "y");

        Dense.Forward(x, w, bias, y, batch, inputs, outputs, new Tanh());
        (expected, magnitude) = DenseReference.Forward(x, w, bias, batch, inputs, outputs, new Tanh());
        DenseReference.AssertClose(y, expected, magnitude, Tolerance, "tanh y");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Backward_matches_a_double_precision_reference(int batch, int inputs, int outputs)
    {
        var (x, w, bias) = Layer(batch, inputs, outputs, seed: inputs * outputs);
        var y = new float[batch * outputs];
        Dense.Forward(x, w, bias, y, batch, inputs, outputs, new Relu());
        var dy = GradientCases.Uniform(new Random(batch), batch * outputs, 1f);
        var masked = Masked(dy, y, new Relu());
        var dw = new float[outputs * inputs];
        var db = new float[outputs];
        var dx = new float[batch * inputs];
        Dense.Backward(x, w, y, dy, dw, db, dx, batch, inputs, outputs, new Relu());

        Assert.Equal(masked, dy);
        var r = DenseReference.Backward(x, w, masked, batch, inputs, outputs);
        DenseReference.AssertClose(dw, r.DW, r.DWMagnitude, Tolerance, "dWeight");
        DenseReference.AssertClose(db, r.DB, r.DBMagnitude, Tolerance, "dBias");
        DenseReference.AssertClose(dx, r.DX, r.DXMagnitude, Tolerance, "dx");
    }

    [Theory]
    [MemberData(nameof(WidthsAndShapes))]
    public void Every_vector_width_computes_the_forward_pass(VectorWidth width, int batch, int inputs, int outputs)
    {
        var (x, w, bias) = Layer(batch, inputs, outputs, seed: 7);
        var y = new float[batch * outputs];
        DenseReference.Forward(width, x, w, bias, y, batch, inputs, outputs, new Sigmoid());
        var (expected, magnitude) = DenseReference.Forward(x, w, bias, batch, inputs, outputs, new Sigmoid());
        DenseReference.AssertClose(y, expected, magnitude, Tolerance, "y");

        DenseReference.Forward(width, x, w, [], y, batch, inputs, outputs, new Identity());
        (expected, magnitude) = DenseReference.Forward(x, w, [], batch, inputs, outputs, new Identity());
        DenseReference.AssertClose(y, expected, magnitude, Tolerance, "y without bias");
    }

    [Theory]
    [MemberData(nameof(WidthsAndShapes))]
    public void Every_vector_width_computes_the_backward_pass(VectorWidth width, int batch, int inputs, int outputs)
    {
        var (x, w, _) = Layer(batch, inputs, outputs, seed: 11);
        var y = GradientCases.Uniform(new Random(12), batch * outputs, 1f);
        var dy = GradientCases.Uniform(new Random(13), batch * outputs, 1f);
        var masked = Masked(dy, y, new LeakyRelu(0.2f));
        var dw = new float[outputs * inputs];
        var db = new float[outputs];
        var dx = new float[batch * inputs];
        DenseReference.Backward(width, x, w, y, dy, dw, db, dx, batch, inputs, outputs, new LeakyRelu(0.2f));

        Assert.Equal(masked, dy);
        var r = DenseReference.Backward(x, w, masked, batch, inputs, outputs);
        DenseReference.AssertClose(dw, r.DW, r.DWMagnitude, Tolerance, "dWeight");
        DenseReference.AssertClose(db, r.DB, r.DBMagnitude, Tolerance, "dBias");
        DenseReference.AssertClose(dx, r.DX, r.DXMagnitude, Tolerance, "dx");
    }

    [Fact]
    public void Backward_without_bias_or_input_gradient_still_writes_the_weight_gradient()
    {
        const int batch = 5, inputs = 19, outputs = 6;
        var (x, w, _) = Layer(batch, inputs, outputs, seed: 3);
        var y = new float[batch * outputs];
        Dense.Forward(x, w, [], y, batch, inputs, outputs, new Elu(1f));
        var dy = GradientCases.Uniform(new Random(4), batch * outputs, 1f);
        var masked = Masked(dy, y, new Elu(1f));
        var dw = new float[outputs * inputs];

        Dense.Backward(x, w, y, dy, dw, [], [], batch, inputs, outputs, new Elu(1f));

        Assert.Equal(masked, dy);
        var r = DenseReference.Backward(x, w, masked, batch, inputs, outputs);
        DenseReference.AssertClose(dw, r.DW, r.DWMagnitude, Tolerance, "dWeight");
    }

    [Fact]
    public void Backward_masks_dy_in_place_with_the_derivative_at_the_output()
    {
        var x = new float[] { 1f, 2f };
        var w = new float[] { 1f, 0f, 0f, 1f, -1f, 0f };
        var y = new float[3];
        Dense.Forward(x, w, [], y, 1, 2, 3, new Relu());
        Assert.Equal([1f, 2f, 0f], y);

        var dy = new float[] { 0.5f, -3f, 7f };
        Dense.Backward(x, w, y, dy, new float[6], new float[3], new float[2], 1, 2, 3, new Relu());

        // Relu passes the gradient where the output is positive and blocks it where the unit is off.
        Assert.Equal([0.5f, -3f, 0f], dy);
    }

    [Fact]
    public void Backward_overwrites_the_gradients_instead_of_adding_to_them()
    {
        const int batch = 6, inputs = 37, outputs = 5;
        var (x, w, _) = Layer(batch, inputs, outputs, seed: 5);
        var y = GradientCases.Uniform(new Random(6), batch * outputs, 1f);
        var dy = GradientCases.Uniform(new Random(7), batch * outputs, 1f);
        var dw = Filled(outputs * inputs, float.NaN);
        var db = Filled(outputs, float.NaN);
        var dx = Filled(batch * inputs, float.NaN);

        Dense.Backward(x, w, y, dy, dw, db, dx, batch, inputs, outputs, new Identity());

        var r = DenseReference.Backward(x, w, dy, batch, inputs, outputs);
        DenseReference.AssertClose(dw, r.DW, r.DWMagnitude, Tolerance, "dWeight");
        DenseReference.AssertClose(db, r.DB, r.DBMagnitude, Tolerance, "dBias");
        DenseReference.AssertClose(dx, r.DX, r.DXMagnitude, Tolerance, "dx");
    }

    [Fact]
    public void An_empty_batch_gives_zero_parameter_gradients()
    {
        var dw = Filled(12, float.NaN);
        var db = Filled(3, float.NaN);
        Dense.Backward([], new float[12], [], [], dw, db, [], 0, 4, 3, new Identity());
        Assert.All(dw, v => Assert.Equal(0f, v));
        Assert.All(db, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Values_past_the_batch_are_left_alone()
    {
        const int capacity = 8, batch = 5, inputs = 9, outputs = 7;
        var (x, w, bias) = Layer(capacity, inputs, outputs, seed: 8);
        var y = Filled(capacity * outputs, -42f);
        Dense.Forward(x, w, bias, y, batch, inputs, outputs, new Identity());
        Assert.All(y[(batch * outputs)..], v => Assert.Equal(-42f, v));
        Assert.DoesNotContain(-42f, y[..(batch * outputs)]);
    }

    [Theory]
    [InlineData("x")]
    [InlineData("weight")]
    [InlineData("bias")]
    [InlineData("y")]
    public void Forward_names_the_buffer_that_is_too_short(string buffer)
    {
        var x = new float[buffer == "x" ? 11 : 12];
        var w = new float[buffer == "weight" ? 7 : 8];
        var bias = new float[buffer == "bias" ? 1 : 2];
        var y = new float[buffer == "y" ? 5 : 6];
        var e = Assert.Throws<ArgumentException>(() => Dense.Forward(x, w, bias, y, 3, 4, 2, new Identity()));
        Assert.Equal(buffer, e.ParamName);
        Assert.Contains($"'{buffer}'", e.Message);
    }

    [Theory]
    [InlineData("x")]
    [InlineData("weight")]
    [InlineData("y")]
    [InlineData("dy")]
    [InlineData("dWeight")]
    [InlineData("dBias")]
    [InlineData("dx")]
    public void Backward_names_the_buffer_that_is_too_short(string buffer)
    {
        float[] Buffer(string name, int length) => new float[buffer == name ? length - 1 : length];
        var e = Assert.Throws<ArgumentException>(() => Dense.Backward(Buffer("x", 12), Buffer("weight", 8), Buffer("y", 6), Buffer("dy", 6),
            Buffer("dWeight", 8), Buffer("dBias", 2), Buffer("dx", 12), 3, 4, 2, new Identity()));
        Assert.Equal(buffer, e.ParamName);
    }

    [Fact]
    public void A_negative_size_is_rejected()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Dense.Forward([], [], [], [], 1, -1, 1, new Identity()));
        Assert.Equal("inputs", e.ParamName);
    }

    [Theory]
    [InlineData(1, 7, 3)]
    [InlineData(64, 784, 256)]
    public void Backward_without_the_weight_gradient_leaves_it_and_writes_the_rest_alike(int batch, int inputs, int outputs)
    {
        var (x, w, bias) = Layer(batch, inputs, outputs, seed: 3);
        var y = new float[batch * outputs];
        Dense.Forward(x, w, bias, y, batch, inputs, outputs, new Relu());
        var dy = GradientCases.Uniform(new Random(4), batch * outputs, 1f);
        var (dyFull, dw, db, dx) = ((float[])dy.Clone(), new float[outputs * inputs], new float[outputs], new float[batch * inputs]);
        Dense.Backward(x, w, y, dyFull, dw, db, dx, batch, inputs, outputs, new Relu());

        var (dbFrozen, dxFrozen) = (new float[outputs], new float[batch * inputs]);
        Dense.Backward(x, w, y, dy, default, dbFrozen, dxFrozen, batch, inputs, outputs, new Relu());
        Assert.Equal(dyFull, dy);
        Assert.Equal(db, dbFrozen);
        Assert.Equal(dx, dxFrozen);

        var dxWithoutBoth = new float[batch * inputs];
        Dense.Backward(x, w, y, (float[])dyFull.Clone(), default, default, dxWithoutBoth, batch, inputs, outputs, new Identity());
        Assert.Equal(dx, dxWithoutBoth);
    }

    private static (float[] X, float[] W, float[] Bias) Layer(int batch, int inputs, int outputs, int seed)
    {
        var random = new Random(seed);
        return (GradientCases.Uniform(random, batch * inputs, 1f),
            GradientCases.Uniform(random, outputs * inputs, 1f / MathF.Sqrt(inputs)),
            GradientCases.Uniform(random, outputs, 0.5f));
    }

    private static float[] Masked<TAct>(float[] dy, float[] y, TAct act) where TAct : struct, IActivation
    {
        var masked = new float[dy.Length];
        for (var i = 0; i < dy.Length; i++)
            masked[i] = dy[i] * act.Derivative(y[i]);
        return masked;
    }

    private static float[] Filled(int length, float value)
    {
        var values = new float[length];
        Array.Fill(values, value);
        return values;
    }
}
