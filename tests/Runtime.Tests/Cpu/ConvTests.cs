using NetForge.Cpu;

namespace NetForge.Runtime.Tests.Cpu;

public class ConvTests
{
    private const double Tolerance = 1e-4;

    /// <summary>
    /// (batch, channels, height, width, filters, kernel height, kernel width, stride, padding): the four typical layers
    /// (LeNet-5's two and a small VGG's two), and shapes that take the other paths: outputs narrower than a vector,
    /// kernels of one column (outputs need no compaction), strides 2 and 3, padding larger than the kernel, leftover
    /// filters, and samples grouped for the weight gradient with a partial last group.
    /// </summary>
    public static TheoryData<int, int, int, int, int, int, int, int, int> Shapes => new()
    {
        { 3, 1, 28, 28, 6, 5, 5, 1, 2 },
        { 3, 6, 14, 14, 16, 5, 5, 1, 0 },
        { 3, 16, 28, 28, 16, 3, 3, 1, 1 },
        { 3, 32, 14, 14, 32, 3, 3, 1, 1 },
        { 1, 1, 1, 1, 1, 1, 1, 1, 0 },
        { 2, 3, 7, 5, 4, 3, 3, 1, 1 },
        { 3, 2, 9, 11, 5, 3, 5, 2, 2 },
        { 2, 4, 8, 8, 7, 5, 3, 3, 1 },
        { 2, 3, 4, 20, 3, 1, 1, 1, 0 },
        { 2, 3, 6, 30, 9, 3, 1, 1, 0 },
        { 2, 2, 5, 6, 3, 2, 2, 1, 3 },
        { 2, 2, 6, 5, 3, 1, 1, 2, 2 },
        { 5, 3, 13, 17, 6, 3, 3, 1, 1 },
        { 10, 2, 6, 6, 3, 3, 3, 1, 0 },
    };

    /// <summary>The four typical layers, (channels, height, width, filters, kernel height, kernel width, stride, padding), run at batch 64.</summary>
    public static TheoryData<int, int, int, int, int, int, int, int> TypicalShapes => new()
    {
        { 1, 28, 28, 6, 5, 5, 1, 2 },
        { 6, 14, 14, 16, 5, 5, 1, 0 },
        { 16, 28, 28, 16, 3, 3, 1, 1 },
        { 32, 14, 14, 32, 3, 3, 1, 1 },
    };

    /// <summary>The samples whose outputs and input gradients the batch-64 tests compare: the first, last, and one of a partial group.</summary>
    private static readonly int[] CheckedSamples = [0, 37, 63];

    /// <summary>As <see cref="Shapes"/>, small enough to run for each vector width; the last is large enough that the weight gradient reads the taps in place.</summary>
    public static TheoryData<VectorWidth, int, int, int, int, int, int, int, int, int> WidthsAndShapes
    {
        get
        {
            var data = new TheoryData<VectorWidth, int, int, int, int, int, int, int, int, int>();
            foreach (var width in Enum.GetValues<VectorWidth>())
            {
                foreach (var (b, c, h, w, f, kh, kw, s, p) in new[]
                {
                    (1, 1, 3, 3, 1, 3, 3, 1, 1), (2, 3, 7, 5, 6, 3, 3, 1, 1), (3, 2, 9, 11, 7, 3, 5, 2, 2),
                    (2, 5, 12, 12, 5, 5, 5, 1, 2), (1, 4, 14, 14, 16, 3, 3, 1, 1), (4, 6, 14, 14, 16, 5, 5, 1, 0), (2, 3, 6, 30, 9, 3, 1, 1, 0),
                    (2, 2, 24, 23, 6, 3, 3, 1, 1),
                })
                {
                    data.Add(width, b, c, h, w, f, kh, kw, s, p);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Forward_matches_a_double_precision_reference(int batch, int channels, int height, int width, int filters,
        int kernelHeight, int kernelWidth, int stride, int padding)
    {
        var shape = new ConvShape(channels, height, width, filters, kernelHeight, kernelWidth, stride, padding);
        var (x, w, bias) = Layer(batch, shape, seed: channels + filters);
        var y = new float[batch * shape.OutputSize];
        var (pre, magnitude) = ConvReference.PreActivations(x, w, bias, batch, shape);
        Conv2D.Forward(x, w, bias, y, batch, shape, new Identity());
        DenseReference.AssertClose(y, pre, magnitude, Tolerance, "y");

        Conv2D.Forward(x, w, bias, y, batch, shape, new Relu());
        DenseReference.AssertClose(y, pre.Select(v => Math.Max(v, 0)).ToArray(), magnitude, Tolerance, "relu y");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Backward_matches_a_double_precision_reference(int batch, int channels, int height, int width, int filters,
        int kernelHeight, int kernelWidth, int stride, int padding)
    {
        var shape = new ConvShape(channels, height, width, filters, kernelHeight, kernelWidth, stride, padding);
        var (x, w, bias) = Layer(batch, shape, seed: channels * filters);
        var y = new float[batch * shape.OutputSize];
        Conv2D.Forward(x, w, bias, y, batch, shape, new Relu());
        var dy = GradientCases.Uniform(new Random(batch), batch * shape.OutputSize, 1f);
        var masked = ConvReference.Masked(dy, y, new Relu());
        var dw = new float[shape.WeightSize];
        var db = new float[filters];
        var dx = new float[batch * shape.InputSize];
        Conv2D.Backward(x, w, y, dy, dw, db, dx, batch, shape, new Relu());

        Assert.Equal(masked, dy);
        var r = ConvReference.Backward(x, w, masked, batch, shape);
        DenseReference.AssertClose(dw, r.DW, r.DWMagnitude, Tolerance, "dWeight");
        DenseReference.AssertClose(db, r.DB, r.DBMagnitude, Tolerance, "dBias");
        DenseReference.AssertClose(dx, r.DX, r.DXMagnitude, Tolerance, "dx");
    }

    /// <summary>
    /// The typical layers at a full batch, where the weight gradient groups samples. A full naive reference would
    /// take seconds, so each part is compared on a smaller problem it alone determines: the outputs and input
    /// gradients of some samples against those samples run alone, and the weight gradient's entries for some
    /// filters and channels against the problem cut down to those filters and channels (over the whole batch).
    /// </summary>
    [Theory]
    [MemberData(nameof(TypicalShapes))]
    public void Typical_layers_at_batch_64_match_the_reference(int channels, int height, int width, int filters,
        int kernelHeight, int kernelWidth, int stride, int padding)
    {
        const int batch = 64;
        var shape = new ConvShape(channels, height, width, filters, kernelHeight, kernelWidth, stride, padding);
        var (x, w, bias) = Layer(batch, shape, seed: 21);
        var y = new float[batch * shape.OutputSize];
        Conv2D.Forward(x, w, bias, y, batch, shape, new Relu());
        var dy = GradientCases.Uniform(new Random(22), batch * shape.OutputSize, 1f);
        var masked = ConvReference.Masked(dy, y, new Relu());
        var dw = new float[shape.WeightSize];
        var db = new float[filters];
        var dx = new float[batch * shape.InputSize];
        Conv2D.Backward(x, w, y, dy, dw, db, dx, batch, shape, new Relu());
        Assert.Equal(masked, dy);

        foreach (var b in CheckedSamples)
        {
            var xb = x.AsSpan(b * shape.InputSize, shape.InputSize).ToArray();
            var (expected, magnitude) = ConvReference.Forward(xb, w, bias, 1, shape, new Relu());
            DenseReference.AssertClose(y.AsSpan(b * shape.OutputSize, shape.OutputSize), expected, magnitude, Tolerance, $"y of sample {b}");
            var alone = ConvReference.Backward(xb, w, masked.AsSpan(b * shape.OutputSize, shape.OutputSize).ToArray(), 1, shape);
            DenseReference.AssertClose(dx.AsSpan(b * shape.InputSize, shape.InputSize), alone.DX, alone.DXMagnitude, Tolerance, $"dx of sample {b}");
        }

        int[] someFilters = [0, filters / 2, filters - 1];
        int[] someChannels = channels == 1 ? [0] : [0, channels - 1];
        var cut = new ConvShape(someChannels.Length, height, width, someFilters.Length, kernelHeight, kernelWidth, stride, padding);
        var taps = kernelHeight * kernelWidth;
        float[] PickWeights(float[] weights) => Pick(Pick(weights, 1, filters, shape.PatchSize, someFilters), someFilters.Length, channels, taps, someChannels);
        var r = ConvReference.Backward(Pick(x, batch, channels, height * width, someChannels), PickWeights(w),
            Pick(masked, batch, filters, shape.OutputSize / filters, someFilters), batch, cut);
        DenseReference.AssertClose(PickWeights(dw), r.DW, r.DWMagnitude, Tolerance, "dWeight of the picked filters and channels");
        DenseReference.AssertClose(Pick(db, 1, filters, 1, someFilters), r.DB, r.DBMagnitude, Tolerance, "dBias of the picked filters");
    }

    [Theory]
    [MemberData(nameof(WidthsAndShapes))]
    public void Every_vector_width_computes_the_forward_pass(VectorWidth vectorWidth, int batch, int channels, int height, int width, int filters,
        int kernelHeight, int kernelWidth, int stride, int padding)
    {
        var shape = new ConvShape(channels, height, width, filters, kernelHeight, kernelWidth, stride, padding);
        var (x, w, bias) = Layer(batch, shape, seed: 7);
        var y = new float[batch * shape.OutputSize];
        ConvReference.Forward(vectorWidth, x, w, bias, y, batch, shape, new LeakyRelu(0.1f));
        var (expected, magnitude) = ConvReference.Forward(x, w, bias, batch, shape, new LeakyRelu(0.1f));
        DenseReference.AssertClose(y, expected, magnitude, Tolerance, "y");

        ConvReference.Forward(vectorWidth, x, w, [], y, batch, shape, new Sigmoid());
        (expected, magnitude) = ConvReference.Forward(x, w, [], batch, shape, new Sigmoid());
        DenseReference.AssertClose(y, expected, magnitude, Tolerance, "sigmoid y without bias");
    }

    [Theory]
    [MemberData(nameof(WidthsAndShapes))]
    public void Every_vector_width_computes_the_backward_pass(VectorWidth vectorWidth, int batch, int channels, int height, int width, int filters,
        int kernelHeight, int kernelWidth, int stride, int padding)
    {
        var shape = new ConvShape(channels, height, width, filters, kernelHeight, kernelWidth, stride, padding);
        var (x, w, _) = Layer(batch, shape, seed: 11);
        var y = GradientCases.Uniform(new Random(12), batch * shape.OutputSize, 1f);
        var dy = GradientCases.Uniform(new Random(13), batch * shape.OutputSize, 1f);
        var masked = ConvReference.Masked(dy, y, new LeakyRelu(0.2f));
        var dw = new float[shape.WeightSize];
        var db = new float[filters];
        var dx = new float[batch * shape.InputSize];
        ConvReference.Backward(vectorWidth, x, w, y, dy, dw, db, dx, batch, shape, new LeakyRelu(0.2f));

        Assert.Equal(masked, dy);
        var r = ConvReference.Backward(x, w, masked, batch, shape);
        DenseReference.AssertClose(dw, r.DW, r.DWMagnitude, Tolerance, "dWeight");
        DenseReference.AssertClose(db, r.DB, r.DBMagnitude, Tolerance, "dBias");
        DenseReference.AssertClose(dx, r.DX, r.DXMagnitude, Tolerance, "dx");
    }

    /// <summary>Relu and leaky relu are applied in vector registers, the others by a scalar pass; each must match.</summary>
    [Theory]
    [InlineData("identity")]
    [InlineData("relu")]
    [InlineData("leakyrelu")]
    [InlineData("elu")]
    [InlineData("sigmoid")]
    [InlineData("tanh")]
    public void Forward_applies_each_activation(string activation)
    {
        var shape = new ConvShape(3, 9, 7, 6, 3, 3, 1, 1);
        switch (activation)
        {
            case "identity": CheckActivation(shape, new Identity()); break;
            case "relu": CheckActivation(shape, new Relu()); break;
            case "leakyrelu": CheckActivation(shape, new LeakyRelu(0.3f)); break;
            case "elu": CheckActivation(shape, new Elu(0.8f)); break;
            case "sigmoid": CheckActivation(shape, new Sigmoid()); break;
            default: CheckActivation(shape, new Tanh()); break;
        }
    }

    [Fact]
    public void Backward_without_bias_or_input_gradient_still_writes_the_weight_gradient()
    {
        const int batch = 3;
        var shape = new ConvShape(2, 9, 8, 5, 3, 3, 1, 1);
        var (x, w, _) = Layer(batch, shape, seed: 3);
        var y = new float[batch * shape.OutputSize];
        Conv2D.Forward(x, w, [], y, batch, shape, new Elu(1f));
        var dy = GradientCases.Uniform(new Random(4), batch * shape.OutputSize, 1f);
        var masked = ConvReference.Masked(dy, y, new Elu(1f));
        var dw = new float[shape.WeightSize];

        Conv2D.Backward(x, w, y, dy, dw, [], [], batch, shape, new Elu(1f));

        Assert.Equal(masked, dy);
        var r = ConvReference.Backward(x, w, masked, batch, shape);
        DenseReference.AssertClose(dw, r.DW, r.DWMagnitude, Tolerance, "dWeight");
    }

    [Fact]
    public void Backward_overwrites_the_gradients_instead_of_adding_to_them()
    {
        const int batch = 7;
        var shape = new ConvShape(3, 10, 9, 6, 3, 3, 1, 1);
        var (x, w, _) = Layer(batch, shape, seed: 5);
        var y = GradientCases.Uniform(new Random(6), batch * shape.OutputSize, 1f);
        var dy = GradientCases.Uniform(new Random(7), batch * shape.OutputSize, 1f);
        var dw = Filled(shape.WeightSize, float.NaN);
        var db = Filled(shape.Filters, float.NaN);
        var dx = Filled(batch * shape.InputSize, float.NaN);

        Conv2D.Backward(x, w, y, dy, dw, db, dx, batch, shape, new Identity());

        var r = ConvReference.Backward(x, w, dy, batch, shape);
        DenseReference.AssertClose(dw, r.DW, r.DWMagnitude, Tolerance, "dWeight");
        DenseReference.AssertClose(db, r.DB, r.DBMagnitude, Tolerance, "dBias");
        DenseReference.AssertClose(dx, r.DX, r.DXMagnitude, Tolerance, "dx");
    }

    /// <summary>
    /// With stride 3 and a 2 × 2 kernel every third row and column of the input is read by no output, nor are the
    /// last row and column, which the rounded-down output size leaves out.
    /// </summary>
    [Fact]
    public void Inputs_no_output_reads_get_a_zero_gradient()
    {
        const int batch = 2;
        var shape = new ConvShape(2, 10, 10, 3, 2, 2, 3, 0);
        var (x, w, _) = Layer(batch, shape, seed: 9);
        var y = new float[batch * shape.OutputSize];
        var dy = GradientCases.Uniform(new Random(10), batch * shape.OutputSize, 1f);
        var dx = Filled(batch * shape.InputSize, float.NaN);

        Conv2D.Backward(x, w, y, dy, new float[shape.WeightSize], [], dx, batch, shape, new Identity());

        Assert.Equal(3, shape.OutputHeight);
        for (var i = 0; i < dx.Length; i++)
        {
            var (row, column) = (i / 10 % 10, i % 10);
            if (row % 3 == 2 || row == 9 || column % 3 == 2 || column == 9)
                Assert.Equal(0f, dx[i]);
            else
                Assert.NotEqual(0f, dx[i]);
        }
    }

    [Fact]
    public void An_empty_batch_gives_zero_parameter_gradients()
    {
        var shape = new ConvShape(2, 5, 5, 3, 3, 3, 1, 1);
        var dw = Filled(shape.WeightSize, float.NaN);
        var db = Filled(3, float.NaN);
        Conv2D.Backward([], new float[shape.WeightSize], [], [], dw, db, [], 0, shape, new Identity());
        Assert.All(dw, v => Assert.Equal(0f, v));
        Assert.All(db, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Values_past_the_batch_are_left_alone()
    {
        const int capacity = 6, batch = 4;
        var shape = new ConvShape(3, 9, 7, 5, 3, 3, 1, 1);
        var (x, w, bias) = Layer(capacity, shape, seed: 8);
        var y = Filled(capacity * shape.OutputSize, -42f);
        Conv2D.Forward(x, w, bias, y, batch, shape, new Identity());
        Assert.All(y[(batch * shape.OutputSize)..], v => Assert.Equal(-42f, v));
        Assert.DoesNotContain(-42f, y[..(batch * shape.OutputSize)]);

        var dy = Filled(capacity * shape.OutputSize, 0.5f);
        Array.Fill(dy, -42f, batch * shape.OutputSize, (capacity - batch) * shape.OutputSize);
        var dx = Filled(capacity * shape.InputSize, -42f);
        Conv2D.Backward(x, w, y, dy, new float[shape.WeightSize], new float[shape.Filters], dx, batch, shape, new Relu());
        Assert.All(dx[(batch * shape.InputSize)..], v => Assert.Equal(-42f, v));
        Assert.All(dy[(batch * shape.OutputSize)..], v => Assert.Equal(-42f, v));
        Assert.DoesNotContain(-42f, dx[..(batch * shape.InputSize)]);
    }

    [Theory]
    [InlineData("x")]
    [InlineData("weight")]
    [InlineData("bias")]
    [InlineData("y")]
    public void Forward_names_the_buffer_that_is_too_short(string buffer)
    {
        // Two samples of [2, 4, 3] through three 2 × 2 filters: outputs [3, 3, 2].
        var shape = new ConvShape(2, 4, 3, 3, 2, 2, 1, 0);
        float[] Buffer(string name, int length) => new float[buffer == name ? length - 1 : length];
        var e = Assert.Throws<ArgumentException>(() => Conv2D.Forward(Buffer("x", 48), Buffer("weight", 24), Buffer("bias", 3), Buffer("y", 36),
            2, shape, new Identity()));
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
        var shape = new ConvShape(2, 4, 3, 3, 2, 2, 1, 0);
        float[] Buffer(string name, int length) => new float[buffer == name ? length - 1 : length];
        var e = Assert.Throws<ArgumentException>(() => Conv2D.Backward(Buffer("x", 48), Buffer("weight", 24), Buffer("y", 36), Buffer("dy", 36),
            Buffer("dWeight", 24), Buffer("dBias", 3), Buffer("dx", 48), 2, shape, new Identity()));
        Assert.Equal(buffer, e.ParamName);
        Assert.Contains($"'{buffer}'", e.Message);
    }

    [Fact]
    public void A_negative_batch_or_a_default_shape_is_rejected()
    {
        var shape = new ConvShape(1, 3, 3, 1, 3, 3, 1, 0);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Conv2D.Forward([], new float[9], [], [], -1, shape, new Identity()));
        Assert.Equal("batch", e.ParamName);
        var d = Assert.Throws<ArgumentException>(() => Conv2D.Backward([], [], [], [], [], [], [], 0, default, new Identity()));
        Assert.Equal("shape", d.ParamName);
        Assert.Contains("default", d.Message);
    }

    /// <summary>
    /// The scratch memory holds whatever earlier calls left, NaN included; the kernels must overwrite or zero all
    /// they read (such as the padding columns of the unrolled inputs, which a sum multiplies by zero).
    /// </summary>
    [Theory]
    [InlineData(5, 3, 13, 17, 6, 3, 3, 1, 1)]
    [InlineData(3, 2, 9, 11, 5, 3, 5, 2, 2)]
    [InlineData(4, 6, 14, 14, 16, 5, 5, 1, 0)]
    [InlineData(2, 3, 20, 26, 5, 3, 5, 1, 2)]
    public void Stale_scratch_memory_does_not_reach_the_results(int batch, int channels, int height, int width, int filters,
        int kernelHeight, int kernelWidth, int stride, int padding)
    {
        var shape = new ConvShape(channels, height, width, filters, kernelHeight, kernelWidth, stride, padding);
        var (x, w, bias) = Layer(batch, shape, seed: 31);
        var y = new float[batch * shape.OutputSize];
        var dy = GradientCases.Uniform(new Random(32), batch * shape.OutputSize, 1f);
        var dw = new float[shape.WeightSize];
        var db = new float[filters];
        var dx = new float[batch * shape.InputSize];

        // Far more than these layers need, so the kernels get this very buffer back.
        Scratch.Get(1 << 20).Fill(float.NaN);
        Conv2D.Forward(x, w, bias, y, batch, shape, new Identity());
        Scratch.Get(1 << 20).Fill(float.NaN);
        Conv2D.Backward(x, w, y, dy, dw, db, dx, batch, shape, new Identity());

        var (expected, magnitude) = ConvReference.Forward(x, w, bias, batch, shape, new Identity());
        DenseReference.AssertClose(y, expected, magnitude, Tolerance, "y");
        var r = ConvReference.Backward(x, w, dy, batch, shape);
        DenseReference.AssertClose(dw, r.DW, r.DWMagnitude, Tolerance, "dWeight");
        DenseReference.AssertClose(db, r.DB, r.DBMagnitude, Tolerance, "dBias");
        DenseReference.AssertClose(dx, r.DX, r.DXMagnitude, Tolerance, "dx");
    }

    [Fact]
    public void Steady_state_calls_allocate_nothing()
    {
        const int batch = 4;
        ConvShape[] shapes = [new(3, 12, 12, 8, 3, 3, 1, 1), new(3, 12, 12, 8, 3, 3, 2, 1)];
        foreach (var shape in shapes)
        {
            var (x, w, bias) = Layer(batch, shape, seed: 1);
            var y = new float[batch * shape.OutputSize];
            var dy = new float[batch * shape.OutputSize];
            var dw = new float[shape.WeightSize];
            var db = new float[shape.Filters];
            var dx = new float[batch * shape.InputSize];
            void Step()
            {
                Conv2D.Forward(x, w, bias, y, batch, shape, new Tanh());
                Conv2D.Backward(x, w, y, dy, dw, db, dx, batch, shape, new Tanh());
                Conv2D.Backward(x, w, y, dy, dw, [], [], batch, shape, new Relu());
            }

            Step();
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 5; i++)
                Step();
            Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        }
    }

    private static void CheckActivation<TAct>(ConvShape shape, TAct act) where TAct : struct, IActivation
    {
        const int batch = 2;
        var (x, w, bias) = Layer(batch, shape, seed: 17);
        var y = new float[batch * shape.OutputSize];
        Conv2D.Forward(x, w, bias, y, batch, shape, act);
        var (expected, magnitude) = ConvReference.Forward(x, w, bias, batch, shape, act);
        DenseReference.AssertClose(y, expected, magnitude, Tolerance, "y");
    }

    /// <summary>A frozen weight's gradient is not computed; the bias and input gradients come out bit for bit the same,
    /// on the shifted path (LeNet-5's first layer), the unrolled one (its second) and with a stride.</summary>
    [Theory]
    [InlineData(8, 1, 28, 28, 6, 5, 2, 1)]
    [InlineData(8, 6, 14, 14, 16, 5, 0, 1)]
    [InlineData(3, 2, 9, 9, 4, 3, 1, 2)]
    public void Backward_without_the_weight_gradient_writes_the_rest_alike(int batch, int channels, int height, int width, int filters,
        int kernel, int padding, int stride)
    {
        var shape = new ConvShape(channels, height, width, filters, kernel, kernel, stride, padding);
        var (x, w, bias) = Layer(batch, shape, seed: 5);
        var y = new float[batch * shape.OutputSize];
        Conv2D.Forward(x, w, bias, y, batch, shape, new Relu());
        var dy = GradientCases.Uniform(new Random(6), batch * shape.OutputSize, 1f);
        var (dyFull, dw, db, dx) = ((float[])dy.Clone(), new float[shape.WeightSize], new float[filters], new float[batch * shape.InputSize]);
        Conv2D.Backward(x, w, y, dyFull, dw, db, dx, batch, shape, new Relu());

        var (dbFrozen, dxFrozen) = (new float[filters], new float[batch * shape.InputSize]);
        Conv2D.Backward(x, w, y, dy, default, dbFrozen, dxFrozen, batch, shape, new Relu());

        Assert.Equal(dyFull, dy);
        Assert.Equal(db, dbFrozen);
        Assert.Equal(dx, dxFrozen);
    }

    private static (float[] X, float[] W, float[] Bias) Layer(int batch, ConvShape shape, int seed)
    {
        var random = new Random(seed);
        return (GradientCases.Uniform(random, batch * shape.InputSize, 1f),
            GradientCases.Uniform(random, shape.WeightSize, 1f / MathF.Sqrt(shape.PatchSize)),
            GradientCases.Uniform(random, shape.Filters, 0.5f));
    }

    /// <summary>The planes <paramref name="picks"/> of each of <paramref name="count"/> samples of <paramref name="planes"/> planes of <paramref name="planeSize"/> values.</summary>
    private static float[] Pick(float[] tensor, int count, int planes, int planeSize, int[] picks)
    {
        var result = new float[count * picks.Length * planeSize];
        for (var n = 0; n < count; n++)
            for (var p = 0; p < picks.Length; p++)
                tensor.AsSpan((n * planes + picks[p]) * planeSize, planeSize).CopyTo(result.AsSpan((n * picks.Length + p) * planeSize));
        return result;
    }

    private static float[] Filled(int length, float value)
    {
        var values = new float[length];
        Array.Fill(values, value);
        return values;
    }
}
