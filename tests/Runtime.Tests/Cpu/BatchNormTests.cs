using NetForge.Cpu;

namespace NetForge.Runtime.Tests.Cpu;

public class BatchNormTests
{
    private const float Momentum = 0.1f;
    private const float Epsilon = 1e-5f;

    /// <summary>
    /// Flat shapes (spatial 1) and feature maps whose planes of 9, 20, 35 and 36 values leave tails after whole
    /// vectors of 4, 8 and 16 floats, at every vector width.
    /// </summary>
    public static TheoryData<VectorWidth, int, int, int> WidthsAndShapes
    {
        get
        {
            var data = new TheoryData<VectorWidth, int, int, int>();
            foreach (var width in Enum.GetValues<VectorWidth>())
            {
                foreach (var (batch, channels, spatial) in new[] { (4, 3, 1), (5, 17, 1), (2, 3, 20), (3, 2, 35), (2, 4, 9), (1, 2, 36), (7, 5, 16) })
                    data.Add(width, batch, channels, spatial);
            }

            return data;
        }
    }

    [Fact]
    public void Training_normalises_with_the_batch_statistics_and_updates_the_running_ones_like_pytorch()
    {
        // One channel of four values: mean 3, biased variance 14/4 = 3.5, unbiased variance 14/3.
        float[] x = [1f, 2f, 3f, 6f];
        var y = new float[4];
        var mean = new float[1];
        var inverseStd = new float[1];
        float[] runningMean = [0.5f];
        float[] runningVar = [2f];

        BatchNorm.ForwardTraining(x, [2f], [0.25f], runningMean, runningVar, y, mean, inverseStd, 4, 1, 1, Momentum, Epsilon, new Identity());

        var expectedInverseStd = 1 / Math.Sqrt(3.5 + Epsilon);
        Assert.Equal(3f, mean[0]);
        Assert.Equal(expectedInverseStd, inverseStd[0], 1e-7);
        for (var i = 0; i < 4; i++)
            Assert.Equal(2 * (x[i] - 3) * expectedInverseStd + 0.25, y[i], 1e-6);

        // PyTorch's momentum weighs the new batch statistic: running = 0.9·running + 0.1·batch.
        Assert.Equal(0.9 * 0.5 + 0.1 * 3, runningMean[0], 1e-6);
        Assert.Equal(0.9 * 2 + 0.1 * (14.0 / 3), runningVar[0], 1e-6);
    }

    [Theory]
    [MemberData(nameof(WidthsAndShapes))]
    public void Every_vector_width_computes_the_training_forward_pass(VectorWidth width, int batch, int channels, int spatial)
    {
        var (x, weight, bias) = Layer(batch, channels, spatial, seed: batch * 100 + channels * 10 + spatial);
        CheckTraining(width, x, weight, bias, batch, channels, spatial, new Identity(), v => v);
        CheckTraining(width, x, weight, bias, batch, channels, spatial, new LeakyRelu(0.1f), v => v > 0 ? v : 0.1 * v);
        CheckTraining(width, x, weight, bias, batch, channels, spatial, new Sigmoid(), v => 1 / (1 + Math.Exp(-v)));
    }

    /// <summary>
    /// A batch of 64 16-channel 28 × 28 feature maps whose values sit far from zero: the statistics, summed in double,
    /// are as accurate as float can hold them, and the outputs lose no more than the inputs' own rounding allows.
    /// </summary>
    [Fact]
    public void Training_statistics_are_accurate_at_a_realistic_size()
    {
        const int batch = 64, channels = 16, spatial = 28 * 28;
        var random = new Random(5);
        var x = new float[batch * channels * spatial];
        for (var i = 0; i < x.Length; i++)
            x[i] = (float)(40 + (i / spatial % channels) + random.NextDouble() * 2);
        var weight = GradientCases.Uniform(random, channels, 1f);
        var bias = GradientCases.Uniform(random, channels, 1f);
        var y = new float[x.Length];
        var mean = new float[channels];
        var inverseStd = new float[channels];
        var runningMean = new float[channels];
        var runningVar = Filled(channels, 1f);

        BatchNorm.ForwardTraining(x, weight, bias, runningMean, runningVar, y, mean, inverseStd, batch, channels, spatial, Momentum, Epsilon, new Relu());

        var (expectedMean, variance) = BatchNormReference.Statistics(x, batch, channels, spatial);
        var count = (double)batch * spatial;
        for (var c = 0; c < channels; c++)
        {
            Assert.Equal((float)expectedMean[c], mean[c]);
            Assert.Equal((float)(1 / Math.Sqrt(variance[c] + Epsilon)), inverseStd[c]);
            AssertClose(runningMean[c], Momentum * expectedMean[c], 1e-7, "runningMean");
            AssertClose(runningVar[c], 1 - Momentum + Momentum * variance[c] * count / (count - 1), 1e-7, "runningVar");
        }

        // An input near 40 is rounded to 4e-6, about 7e-6 of the spread of a channel, and the output inherits that.
        var expected = BatchNormReference.Normalise(x, weight, bias, expectedMean, variance, Epsilon, batch, channels, spatial, v => Math.Max(v, 0));
        AssertAllClose(y, expected, 2e-5, "y");
    }

    [Theory]
    [MemberData(nameof(WidthsAndShapes))]
    public void Every_vector_width_computes_the_inference_forward_pass(VectorWidth width, int batch, int channels, int spatial)
    {
        var (x, weight, bias) = Layer(batch, channels, spatial, seed: spatial);
        var random = new Random(channels);
        var runningMean = GradientCases.Uniform(random, channels, 1f);
        var runningVar = GradientCases.Uniform(random, channels, 1f).Select(v => 0.5f + Math.Abs(v)).ToArray();
        var (meanBefore, varBefore) = ((float[])runningMean.Clone(), (float[])runningVar.Clone());
        var y = new float[x.Length];
        var mean = runningMean.Select(v => (double)v).ToArray();
        var variance = runningVar.Select(v => (double)v).ToArray();

        BatchNormReference.Inference(width, x, weight, bias, runningMean, runningVar, y, batch, channels, spatial, Epsilon, new Relu());
        AssertAllClose(y, BatchNormReference.Normalise(x, weight, bias, mean, variance, Epsilon, batch, channels, spatial, v => Math.Max(v, 0)), 1e-6, "relu y");

        BatchNormReference.Inference(width, x, weight, bias, runningMean, runningVar, y, batch, channels, spatial, Epsilon, new Tanh());
        AssertAllClose(y, BatchNormReference.Normalise(x, weight, bias, mean, variance, Epsilon, batch, channels, spatial, Math.Tanh), 1e-6, "tanh y");

        Assert.Equal(meanBefore, runningMean);
        Assert.Equal(varBefore, runningVar);
    }

    [Fact]
    public void Inference_may_write_over_its_input()
    {
        var (x, weight, bias) = Layer(3, 2, 20, seed: 1);
        float[] runningMean = [0.25f, -0.5f];
        float[] runningVar = [0.5f, 2f];
        var expected = new float[x.Length];
        BatchNorm.ForwardInference(x, weight, bias, runningMean, runningVar, expected, 3, 2, 20, Epsilon, new Elu(1f));

        BatchNorm.ForwardInference(x, weight, bias, runningMean, runningVar, x, 3, 2, 20, Epsilon, new Elu(1f));

        Assert.Equal(expected, x);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(0, 5)]
    [InlineData(5, 0)]
    public void Training_needs_more_than_one_value_per_channel(int batch, int spatial)
    {
        var e = Assert.Throws<ArgumentException>(() => BatchNorm.ForwardTraining(new float[10], [1f], [0f], new float[1], new float[1], new float[10],
            new float[1], new float[1], batch, 1, spatial, Momentum, Epsilon, new Identity()));
        Assert.Equal("batch", e.ParamName);
        Assert.Contains("more than one value per channel", e.Message);
    }

    [Fact]
    public void Training_accepts_one_sample_with_several_values_per_channel()
    {
        var y = new float[2];
        BatchNorm.ForwardTraining([1f, 3f], [1f], [0f], new float[1], new float[1], y, new float[1], new float[1], 1, 1, 2, Momentum, 0f, new Identity());
        Assert.Equal([-1f, 1f], y);
    }

    [Theory]
    [MemberData(nameof(WidthsAndShapes))]
    public void Every_vector_width_computes_the_backward_pass(VectorWidth width, int batch, int channels, int spatial)
    {
        var (x, weight, bias) = Layer(batch, channels, spatial, seed: 3 * spatial + channels);
        var size = x.Length;
        var y = new float[size];
        var mean = new float[channels];
        var inverseStd = new float[channels];
        BatchNorm.ForwardTraining(x, weight, bias, new float[channels], new float[channels], y, mean, inverseStd, batch, channels, spatial, Momentum, Epsilon, new Relu());
        var dy = GradientCases.Uniform(new Random(size), size, 1f);
        var masked = dy.Select((d, i) => y[i] > 0 ? d : 0f).ToArray();
        var dWeight = new float[channels];
        var dBias = new float[channels];
        var dx = new float[size];

        BatchNormReference.Backward(width, x, weight, y, mean, inverseStd, dy, dWeight, dBias, dx, batch, channels, spatial, new Relu());

        Assert.Equal(masked, dy);
        var expected = BatchNormReference.Backward(x, weight, masked, Epsilon, batch, channels, spatial);

        // The parameter gradients are sums over a channel's M values, each of size about 1.
        var count = batch * spatial;
        AssertAllClose(dWeight, expected.DWeight, 1e-6 * count, "dWeight");
        AssertAllClose(dBias, expected.DBias, 1e-6 * count, "dBias");
        AssertAllClose(dx, expected.DX, 1e-5, "dx");
    }

    [Fact]
    public void Backward_at_a_realistic_size_matches_the_reference()
    {
        const int batch = 64, channels = 16, spatial = 28 * 28;
        var (x, weight, bias) = Layer(batch, channels, spatial, seed: 9);
        var size = x.Length;
        var y = new float[size];
        var mean = new float[channels];
        var inverseStd = new float[channels];
        BatchNorm.ForwardTraining(x, weight, bias, new float[channels], new float[channels], y, mean, inverseStd, batch, channels, spatial, Momentum, Epsilon, new Identity());
        var dy = GradientCases.Uniform(new Random(10), size, 1f);
        var expected = BatchNormReference.Backward(x, weight, dy, Epsilon, batch, channels, spatial);
        var dWeight = new float[channels];
        var dBias = new float[channels];
        var dx = new float[size];

        BatchNorm.Backward(x, weight, y, mean, inverseStd, dy, dWeight, dBias, dx, batch, channels, spatial, new Identity());

        AssertAllClose(dWeight, expected.DWeight, 1e-6, "dWeight");
        AssertAllClose(dBias, expected.DBias, 1e-6, "dBias");
        AssertAllClose(dx, expected.DX, 1e-5, "dx");
    }

    [Fact]
    public void Backward_without_the_parameter_gradients_writes_the_same_input_gradient()
    {
        var (x, weight, y, dy, mean, inverseStd) = TrainedLayer(4, 3, 20);
        var (dWeight, dBias, dx) = (new float[3], new float[3], new float[x.Length]);
        BatchNorm.Backward(x, weight, y, mean, inverseStd, (float[])dy.Clone(), dWeight, dBias, dx, 4, 3, 20, new Relu());
        var dxFrozen = new float[x.Length];
        BatchNorm.Backward(x, weight, y, mean, inverseStd, (float[])dy.Clone(), default, default, dxFrozen, 4, 3, 20, new Relu());

        Assert.Equal(dx, dxFrozen);
    }

    [Fact]
    public void Backward_without_the_input_gradient_writes_the_same_parameter_gradients()
    {
        var (x, weight, y, dy, mean, inverseStd) = TrainedLayer(4, 3, 20);
        var (dWeight, dBias, dx) = (new float[3], new float[3], new float[x.Length]);
        BatchNorm.Backward(x, weight, y, mean, inverseStd, (float[])dy.Clone(), dWeight, dBias, dx, 4, 3, 20, new Relu());
        var (dWeightAlone, dBiasAlone) = (new float[3], new float[3]);

        BatchNorm.Backward(x, weight, y, mean, inverseStd, dy, dWeightAlone, dBiasAlone, [], 4, 3, 20, new Relu());

        Assert.Equal(dWeight, dWeightAlone);
        Assert.Equal(dBias, dBiasAlone);
    }

    [Fact]
    public void Backward_overwrites_the_gradients_instead_of_adding_to_them()
    {
        var (x, weight, y, dy, mean, inverseStd) = TrainedLayer(3, 2, 9);
        var (dWeight, dBias, dx) = (new float[2], new float[2], new float[x.Length]);
        BatchNorm.Backward(x, weight, y, mean, inverseStd, (float[])dy.Clone(), dWeight, dBias, dx, 3, 2, 9, new Identity());
        var (dWeightAgain, dBiasAgain, dxAgain) = (Filled(2, 42f), Filled(2, 42f), Filled(x.Length, 42f));

        BatchNorm.Backward(x, weight, y, mean, inverseStd, dy, dWeightAgain, dBiasAgain, dxAgain, 3, 2, 9, new Identity());

        Assert.Equal(dWeight, dWeightAgain);
        Assert.Equal(dBias, dBiasAgain);
        Assert.Equal(dx, dxAgain);
    }

    [Fact]
    public void Backward_rejects_an_input_gradient_that_overlaps_dy_or_x()
    {
        var (x, weight, y, dy, mean, inverseStd) = TrainedLayer(2, 2, 4);
        var e = Assert.Throws<ArgumentException>(() => BatchNorm.Backward(x, weight, y, mean, inverseStd, dy, new float[2], new float[2], dy, 2, 2, 4, new Identity()));
        Assert.Equal("dx", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => BatchNorm.Backward(x, weight, y, mean, inverseStd, dy, new float[2], new float[2], x.AsSpan(1), 2, 2, 3, new Identity()));
        Assert.Equal("dx", e.ParamName);
    }

    [Fact]
    public void Values_past_the_sizes_are_left_alone()
    {
        var (x, weight, bias) = Layer(2, 3, 5, seed: 4);
        var y = Filled(x.Length + 3, -42f);
        var statistics = Filled(5, -42f);
        BatchNorm.ForwardTraining(x, weight, bias, Filled(5, -42f), Filled(5, 1f), y, statistics, Filled(5, -42f), 2, 3, 5, Momentum, Epsilon, new Identity());
        Assert.Equal([-42f, -42f, -42f], y[x.Length..]);
        Assert.Equal([-42f, -42f], statistics[3..]);
        Assert.DoesNotContain(-42f, y[..x.Length]);
    }

    [Theory]
    [InlineData("x")]
    [InlineData("weight")]
    [InlineData("bias")]
    [InlineData("y")]
    [InlineData("mean")]
    [InlineData("inverseStd")]
    [InlineData("runningMean")]
    [InlineData("runningVar")]
    public void Training_names_the_buffer_that_is_too_short(string buffer)
    {
        float[] Buffer(string name, int length) => new float[buffer == name ? length - 1 : length];
        var e = Assert.Throws<ArgumentException>(() => BatchNorm.ForwardTraining(Buffer("x", 24), Buffer("weight", 3), Buffer("bias", 3), Buffer("runningMean", 3), Buffer("runningVar", 3), Buffer("y", 24),
            Buffer("mean", 3), Buffer("inverseStd", 3), 2, 3, 4, Momentum, Epsilon, new Identity()));
        Assert.Equal(buffer, e.ParamName);
        Assert.Contains($"'{buffer}'", e.Message);
    }

    [Theory]
    [InlineData("x")]
    [InlineData("weight")]
    [InlineData("bias")]
    [InlineData("runningMean")]
    [InlineData("runningVar")]
    [InlineData("y")]
    public void Inference_names_the_buffer_that_is_too_short(string buffer)
    {
        float[] Buffer(string name, int length) => new float[buffer == name ? length - 1 : length];
        var e = Assert.Throws<ArgumentException>(() => BatchNorm.ForwardInference(Buffer("x", 24), Buffer("weight", 3), Buffer("bias", 3),
            Buffer("runningMean", 3), Buffer("runningVar", 3), Buffer("y", 24), 2, 3, 4, Epsilon, new Identity()));
        Assert.Equal(buffer, e.ParamName);
    }

    [Theory]
    [InlineData("x")]
    [InlineData("weight")]
    [InlineData("y")]
    [InlineData("dy")]
    [InlineData("mean")]
    [InlineData("inverseStd")]
    [InlineData("dWeight")]
    [InlineData("dBias")]
    [InlineData("dx")]
    public void Backward_names_the_buffer_that_is_too_short(string buffer)
    {
        float[] Buffer(string name, int length) => new float[buffer == name ? length - 1 : length];
        var e = Assert.Throws<ArgumentException>(() => BatchNorm.Backward(Buffer("x", 24), Buffer("weight", 3), Buffer("y", 24),
            Buffer("mean", 3), Buffer("inverseStd", 3), Buffer("dy", 24), Buffer("dWeight", 3), Buffer("dBias", 3), Buffer("dx", 24), 2, 3, 4, new Identity()));
        Assert.Equal(buffer, e.ParamName);
    }

    [Fact]
    public void Sizes_momentum_and_epsilon_out_of_range_are_rejected()
    {
        void Training(int channels, float momentum, float epsilon) => BatchNorm.ForwardTraining(new float[8], new float[2], new float[2], new float[2], new float[2], new float[8],
            new float[2], new float[2], 2, channels, 2, momentum, epsilon, new Identity());
        Assert.Equal("channels", Assert.Throws<ArgumentOutOfRangeException>(() => Training(-1, Momentum, Epsilon)).ParamName);
        Assert.Equal("momentum", Assert.Throws<ArgumentOutOfRangeException>(() => Training(2, 1.5f, Epsilon)).ParamName);
        Assert.Equal("momentum", Assert.Throws<ArgumentOutOfRangeException>(() => Training(2, float.NaN, Epsilon)).ParamName);
        Assert.Equal("epsilon", Assert.Throws<ArgumentOutOfRangeException>(() => Training(2, Momentum, -1e-5f)).ParamName);
        Assert.Equal("epsilon", Assert.Throws<ArgumentOutOfRangeException>(() => BatchNorm.ForwardInference(new float[8], new float[2], new float[2],
            new float[2], new float[2], new float[8], 2, 2, 2, float.PositiveInfinity, new Identity())).ParamName);
        Assert.Equal("spatial", Assert.Throws<ArgumentOutOfRangeException>(() => BatchNorm.Backward([], [], [], [], [], [], [], [], [], 1, 1, -2, new Identity())).ParamName);
    }

    [Fact]
    public void Steady_state_calls_allocate_nothing()
    {
        const int batch = 4, channels = 3, spatial = 20;
        var (x, weight, bias) = Layer(batch, channels, spatial, seed: 2);
        var y = new float[x.Length];
        var dy = new float[x.Length];
        var dx = new float[x.Length];
        var perChannel = Enumerable.Range(0, 6).Select(_ => Filled(channels, 1f)).ToArray();
        void Step()
        {
            BatchNorm.ForwardTraining(x, weight, bias, perChannel[2], perChannel[3], y, perChannel[0], perChannel[1], batch, channels, spatial, Momentum, Epsilon, new Relu());
            BatchNorm.Backward(x, weight, y, perChannel[0], perChannel[1], dy, perChannel[4], perChannel[5], dx, batch, channels, spatial, new Relu());
            BatchNorm.Backward(x, weight, y, perChannel[0], perChannel[1], dy, perChannel[4], perChannel[5], [], batch, channels, spatial, new Sigmoid());
            BatchNorm.ForwardInference(x, weight, bias, perChannel[2], perChannel[3], y, batch, channels, spatial, Epsilon, new Tanh());
        }

        Step();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 5; i++)
            Step();
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    private static void CheckTraining<TAct>(VectorWidth width, float[] x, float[] weight, float[] bias, int batch, int channels, int spatial,
        TAct act, Func<double, double> inDouble)
        where TAct : struct, IActivation
    {
        var name = typeof(TAct).Name;
        var y = new float[x.Length];
        var mean = new float[channels];
        var inverseStd = new float[channels];
        var runningMean = GradientCases.Uniform(new Random(channels), channels, 1f);
        var runningVar = runningMean.Select(v => 1f + v * v).ToArray();
        var (meanBefore, varBefore) = ((float[])runningMean.Clone(), (float[])runningVar.Clone());

        BatchNormReference.Training(width, x, weight, bias, y, mean, inverseStd, runningMean, runningVar, batch, channels, spatial, Momentum, Epsilon, act);

        var (expectedMean, variance) = BatchNormReference.Statistics(x, batch, channels, spatial);
        var count = (double)batch * spatial;
        for (var c = 0; c < channels; c++)
        {
            AssertClose(mean[c], expectedMean[c], 1e-7, name + " mean");
            AssertClose(inverseStd[c], 1 / Math.Sqrt(variance[c] + Epsilon), 1e-7, name + " inverseStd");
            AssertClose(runningMean[c], (1 - Momentum) * meanBefore[c] + Momentum * expectedMean[c], 1e-7, name + " runningMean");
            AssertClose(runningVar[c], (1 - Momentum) * varBefore[c] + Momentum * variance[c] * count / (count - 1), 1e-7, name + " runningVar");
        }

        AssertAllClose(y, BatchNormReference.Normalise(x, weight, bias, expectedMean, variance, Epsilon, batch, channels, spatial, inDouble), 2e-6, name + " y");
    }

    /// <summary>|actual − expected| ≤ tolerance·max(1, |expected|): relative for large values, absolute for small ones.</summary>
    private static void AssertClose(float actual, double expected, double tolerance, string what)
    {
        if (!(Math.Abs(actual - expected) <= tolerance * Math.Max(1, Math.Abs(expected))))
            Assert.Fail(FormattableString.Invariant($"{what}: got {actual}, expected {expected}"));
    }

    private static void AssertAllClose(float[] actual, double[] expected, double tolerance, string what)
    {
        for (var i = 0; i < expected.Length; i++)
            AssertClose(actual[i], expected[i], tolerance, FormattableString.Invariant($"{what}[{i}]"));
    }

    private static (float[] X, float[] Weight, float[] Bias) Layer(int batch, int channels, int spatial, int seed)
    {
        var random = new Random(seed);
        var x = GradientCases.Uniform(random, batch * channels * spatial, 2f);
        var weight = GradientCases.Uniform(random, channels, 1.5f);
        var bias = GradientCases.Uniform(random, channels, 0.5f);
        return (x, weight, bias);
    }

    /// <summary>A layer after a training forward pass with relu, and a gradient for its output.</summary>
    private static (float[] X, float[] Weight, float[] Y, float[] Dy, float[] Mean, float[] InverseStd) TrainedLayer(int batch, int channels, int spatial)
    {
        var (x, weight, bias) = Layer(batch, channels, spatial, seed: batch + channels + spatial);
        var y = new float[x.Length];
        var mean = new float[channels];
        var inverseStd = new float[channels];
        BatchNorm.ForwardTraining(x, weight, bias, new float[channels], new float[channels], y, mean, inverseStd, batch, channels, spatial, Momentum, Epsilon, new Relu());
        return (x, weight, y, GradientCases.Uniform(new Random(spatial), x.Length, 1f), mean, inverseStd);
    }

    private static float[] Filled(int length, float value)
    {
        var values = new float[length];
        Array.Fill(values, value);
        return values;
    }
}
