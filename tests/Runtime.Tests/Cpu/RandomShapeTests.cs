using NetForge.Cpu;

namespace NetForge.Runtime.Tests.Cpu;

/// <summary>
/// The dense and convolution kernels on random shapes (sizes that are rarely whole vectors, batches from one sample,
/// fewer than the threads, to many) against the double-precision references, at every vector width and on one, two
/// and three threads; and bit for bit the same results across all of them.
/// </summary>
public class RandomShapeTests
{
    private const double Tolerance = 1e-4;

    private static readonly int[] ThreadCounts = [1, 2, 3];

    public static TheoryData<int> Seeds => new(Enumerable.Range(0, 12));

    [Theory]
    [MemberData(nameof(Seeds))]
    public void A_random_dense_layer_matches_the_reference_with_the_same_bits_at_every_width_and_thread_count(int seed)
    {
        var random = new Random(seed);
        // A third of the shapes have a batch below the thread count; the rest are large enough to be split.
        var batch = seed % 3 == 0 ? random.Next(1, 3) : random.Next(12, 90);
        var (inputs, outputs) = (random.Next(1, 900), random.Next(1, 300));
        var x = GradientCases.Uniform(random, batch * inputs, 1f);
        var w = GradientCases.Uniform(random, outputs * inputs, 1f / MathF.Sqrt(inputs));
        var bias = GradientCases.Uniform(random, outputs, 0.5f);
        var dyOut = GradientCases.Uniform(random, batch * outputs, 1f);
        var shape = $"batch {batch}, {inputs} → {outputs}";

        float[][]? first = null;
        foreach (var width in Enum.GetValues<VectorWidth>())
        {
            foreach (var threads in ThreadCounts)
            {
                var (y, dy, dw, db, dx) = (new float[batch * outputs], (float[])dyOut.Clone(), new float[outputs * inputs], new float[outputs], new float[batch * inputs]);
                using (Workers.Enter(threads))
                {
                    DenseReference.Forward(width, x, w, bias, y, batch, inputs, outputs, new Relu());
                    DenseReference.Backward(width, x, w, y, dy, dw, db, dx, batch, inputs, outputs, new Relu());
                }

                float[][] results = [y, dy, dw, db, dx];
                if (first is null)
                {
                    first = results;
                    var (expected, magnitude) = DenseReference.Forward(x, w, bias, batch, inputs, outputs, new Relu());
                    DenseReference.AssertClose(y, expected, magnitude, Tolerance, $"y, {shape}");
                    var r = DenseReference.Backward(x, w, dy, batch, inputs, outputs);
                    DenseReference.AssertClose(dw, r.DW, r.DWMagnitude, Tolerance, $"dWeight, {shape}");
                    DenseReference.AssertClose(db, r.DB, r.DBMagnitude, Tolerance, $"dBias, {shape}");
                    DenseReference.AssertClose(dx, r.DX, r.DXMagnitude, Tolerance, $"dx, {shape}");
                }
                else
                {
                    for (var i = 0; i < results.Length; i++)
                        Assert.True(first[i].AsSpan().SequenceEqual(results[i]), $"{Names[i]} differs at {width} on {threads} threads, {shape}");
                }
            }
        }
    }

    /// <summary>
    /// Dense forward passes whose inputs are whole lane groups, where the blocks of eight samples × three outputs reduce
    /// their sums four groups at a time: with and without a bias, an activation with a vector form and one without,
    /// and outputs that end in a partial block.
    /// </summary>
    [Theory]
    [InlineData(64, 784, 256, true)]
    [InlineData(17, 32, 10, true)]
    [InlineData(9, 48, 7, false)]
    [InlineData(24, 400, 120, true)]
    public void A_dense_forward_of_whole_lane_groups_has_the_same_bits_at_every_width_and_thread_count(int batch, int inputs, int outputs, bool withBias)
    {
        var random = new Random(batch + inputs + outputs);
        var x = GradientCases.Uniform(random, batch * inputs, 1f);
        var w = GradientCases.Uniform(random, outputs * inputs, 1f / MathF.Sqrt(inputs));
        var bias = withBias ? GradientCases.Uniform(random, outputs, 0.5f) : [];
        var shape = $"batch {batch}, {inputs} → {outputs}, bias {withBias}";
        var referenceBias = withBias ? bias : new float[outputs];
        var (expected, magnitude) = DenseReference.Forward(x, w, referenceBias, batch, inputs, outputs, new Relu());
        var (expectedTanh, magnitudeTanh) = DenseReference.Forward(x, w, referenceBias, batch, inputs, outputs, new Tanh());

        float[]? first = null, firstTanh = null;
        foreach (var width in Enum.GetValues<VectorWidth>())
        {
            foreach (var threads in ThreadCounts)
            {
                var (y, yTanh) = (new float[batch * outputs], new float[batch * outputs]);
                using (Workers.Enter(threads))
                {
                    DenseReference.Forward(width, x, w, bias, y, batch, inputs, outputs, new Relu());
                    DenseReference.Forward(width, x, w, bias, yTanh, batch, inputs, outputs, new Tanh());
                }

                DenseReference.AssertClose(y, expected, magnitude, Tolerance, $"y, {shape}");
                DenseReference.AssertClose(yTanh, expectedTanh, magnitudeTanh, Tolerance, $"tanh y, {shape}");
                first ??= y;
                firstTanh ??= yTanh;
                Assert.True(first.AsSpan().SequenceEqual(y), $"y differs at {width} on {threads} threads, {shape}");
                Assert.True(firstTanh.AsSpan().SequenceEqual(yTanh), $"tanh y differs at {width} on {threads} threads, {shape}");
            }
        }
    }

    /// <summary>
    /// The blocks that finish their outputs in 128-bit vectors (inputs past the last whole lane group, samples left
    /// after the blocks of eight or four, a single sample, outputs left after the blocks of three or four) apply relu and
    /// leaky relu there: each output must be the scalar activation of the same product's pre-activation, bit for bit.
    /// </summary>
    [Theory]
    [InlineData(64, 120, 84)]
    [InlineData(13, 37, 10)]
    [InlineData(1, 256, 128)]
    [InlineData(1, 120, 7)]
    [InlineData(6, 16, 5)]
    public void A_dense_forward_applies_its_vector_activation_with_the_scalar_activation_s_bits(int batch, int inputs, int outputs)
    {
        var random = new Random(batch * inputs + outputs);
        var x = GradientCases.Uniform(random, batch * inputs, 1f);
        var w = GradientCases.Uniform(random, outputs * inputs, 1f / MathF.Sqrt(inputs));
        var bias = GradientCases.Uniform(random, outputs, 0.5f);
        var leaky = new LeakyRelu(0.1f);
        foreach (var width in Enum.GetValues<VectorWidth>())
        {
            var (pre, relu, leakyRelu) = (new float[batch * outputs], new float[batch * outputs], new float[batch * outputs]);
            DenseReference.Forward(width, x, w, bias, pre, batch, inputs, outputs, new Identity());
            DenseReference.Forward(width, x, w, bias, relu, batch, inputs, outputs, new Relu());
            DenseReference.Forward(width, x, w, bias, leakyRelu, batch, inputs, outputs, leaky);

            Assert.Contains(pre, v => v < 0f);
            Assert.Contains(pre, v => v > 0f);
            for (var i = 0; i < pre.Length; i++)
            {
                Assert.True(BitConverter.SingleToInt32Bits(new Relu().Forward(pre[i])) == BitConverter.SingleToInt32Bits(relu[i]),
                    $"relu of value {i} at {width}, batch {batch}, {inputs} → {outputs}: {relu[i]} for {pre[i]}");
                Assert.True(BitConverter.SingleToInt32Bits(leaky.Forward(pre[i])) == BitConverter.SingleToInt32Bits(leakyRelu[i]),
                    $"leaky relu of value {i} at {width}, batch {batch}, {inputs} → {outputs}: {leakyRelu[i]} for {pre[i]}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void A_random_convolution_matches_the_reference_with_the_same_bits_at_every_width_and_thread_count(int seed)
    {
        var random = new Random(1000 + seed);
        var batch = random.Next(1, 5);
        var (kernelHeight, kernelWidth) = (random.Next(1, 6), random.Next(1, 6));
        var padding = random.Next(0, 3);
        var shape = new ConvShape(random.Next(1, 5), random.Next(Math.Max(1, kernelHeight - 2 * padding), 20), random.Next(Math.Max(1, kernelWidth - 2 * padding), 20),
            random.Next(1, 11), kernelHeight, kernelWidth, random.Next(1, 4), padding);
        CheckConvolution(random, batch, shape);
    }

    /// <summary>
    /// Valid convolutions with whole groups of 16 filters over small maps, whose weight gradient has the filters along
    /// the lanes (<see cref="FilterVectorGradient"/>): LeNet-5's second at a batch its taps are split over the workers for,
    /// 32 filters, and taps not a multiple of eight.
    /// </summary>
    [Theory]
    [InlineData(16, 6, 14, 14, 16, 5)]
    [InlineData(2, 3, 9, 11, 32, 3)]
    [InlineData(5, 2, 7, 6, 16, 2)]
    public void A_convolution_with_groups_of_16_filters_matches_the_reference_with_the_same_bits_at_every_width_and_thread_count(
        int batch, int channels, int height, int width, int filters, int kernel)
    {
        var shape = new ConvShape(channels, height, width, filters, kernel, kernel, 1, 0);
        Assert.True(FilterVectorGradient.Applies(shape));
        CheckConvolution(new Random(filters * height + width), batch, shape);
    }

    private static void CheckConvolution(Random random, int batch, ConvShape shape)
    {
        var x = GradientCases.Uniform(random, batch * shape.InputSize, 1f);
        var w = GradientCases.Uniform(random, shape.WeightSize, 1f / MathF.Sqrt(shape.PatchSize));
        var bias = GradientCases.Uniform(random, shape.Filters, 0.5f);
        var dyOut = GradientCases.Uniform(random, batch * shape.OutputSize, 1f);
        var described = $"batch {batch}, {shape}";

        float[][]? first = null;
        foreach (var width in Enum.GetValues<VectorWidth>())
        {
            foreach (var threads in ThreadCounts)
            {
                var (y, dy, dw, db, dx) = (new float[batch * shape.OutputSize], (float[])dyOut.Clone(), new float[shape.WeightSize], new float[shape.Filters],
                    new float[batch * shape.InputSize]);
                using (Workers.Enter(threads))
                {
                    ConvReference.Forward(width, x, w, bias, y, batch, shape, new Relu());
                    ConvReference.Backward(width, x, w, y, dy, dw, db, dx, batch, shape, new Relu());
                }

                float[][] results = [y, dy, dw, db, dx];
                if (first is null)
                {
                    first = results;
                    var (expected, magnitude) = ConvReference.Forward(x, w, bias, batch, shape, new Relu());
                    DenseReference.AssertClose(y, expected, magnitude, Tolerance, $"y, {described}");
                    var r = ConvReference.Backward(x, w, dy, batch, shape);
                    DenseReference.AssertClose(dw, r.DW, r.DWMagnitude, Tolerance, $"dWeight, {described}");
                    DenseReference.AssertClose(db, r.DB, r.DBMagnitude, Tolerance, $"dBias, {described}");
                    DenseReference.AssertClose(dx, r.DX, r.DXMagnitude, Tolerance, $"dx, {described}");
                }
                else
                {
                    for (var i = 0; i < results.Length; i++)
                        Assert.True(first[i].AsSpan().SequenceEqual(results[i]), $"{Names[i]} differs at {width} on {threads} threads, {described}");
                }
            }
        }
    }

    /// <summary>Layers large enough that the workers take part: LeNet-5's two convolutions and a VGG-style one, at batch 64.</summary>
    [Theory]
    [InlineData(1, 28, 28, 6, 5, 1, 2)]
    [InlineData(6, 14, 14, 16, 5, 1, 0)]
    [InlineData(8, 14, 14, 16, 3, 1, 1)]
    [InlineData(3, 15, 15, 8, 3, 2, 1)]
    public void A_convolution_split_over_workers_gives_the_same_bits_as_on_one_thread(int channels, int height, int width, int filters, int kernel, int stride, int padding)
    {
        const int batch = 64;
        var random = new Random(channels * height + filters);
        var shape = new ConvShape(channels, height, width, filters, kernel, kernel, stride, padding);
        var x = GradientCases.Uniform(random, batch * shape.InputSize, 1f);
        var w = GradientCases.Uniform(random, shape.WeightSize, 1f / MathF.Sqrt(shape.PatchSize));
        var bias = GradientCases.Uniform(random, shape.Filters, 0.5f);
        var dyOut = GradientCases.Uniform(random, batch * shape.OutputSize, 1f);

        float[][]? first = null;
        foreach (var threads in ThreadCounts)
        {
            var (y, dy, dw, db, dx) = (new float[batch * shape.OutputSize], (float[])dyOut.Clone(), new float[shape.WeightSize], new float[shape.Filters],
                new float[batch * shape.InputSize]);
            using (Workers.Enter(threads))
            {
                Conv2D.Forward(x, w, bias, y, batch, shape, new Relu());
                Conv2D.Backward(x, w, y, dy, dw, db, dx, batch, shape, new Relu());
            }

            float[][] results = [y, dy, dw, db, dx];
            first ??= results;
            for (var i = 0; i < results.Length; i++)
                Assert.True(first[i].AsSpan().SequenceEqual(results[i]), $"{Names[i]} differs on {threads} threads, {shape}");
        }
    }

    /// <summary>
    /// A single sample's convolution, as a prediction runs it, split over the workers by filters where each thread gets
    /// three or more, by output rows otherwise: LeNet-5's two layers (the first by filters on two threads, the second,
    /// with the filters along the lanes, by rows), filters and rows that do not share out evenly, too few filters to
    /// share, and a layer whose outputs need no compaction; with an activation applied in registers and one finished
    /// after the product.
    /// </summary>
    [Theory]
    [InlineData(1, 28, 28, 6, 5, 2)]
    [InlineData(6, 14, 14, 16, 5, 0)]
    [InlineData(3, 23, 21, 7, 3, 1)]
    [InlineData(3, 30, 30, 4, 5, 2)]
    [InlineData(16, 19, 17, 24, 1, 0)]
    public void A_single_sample_convolution_split_by_filters_or_rows_matches_the_reference_with_the_same_bits_at_every_width_and_thread_count(
        int channels, int height, int width, int filters, int kernel, int padding)
    {
        var random = new Random(channels * height + filters);
        var shape = new ConvShape(channels, height, width, filters, kernel, kernel, 1, padding);
        var x = GradientCases.Uniform(random, shape.InputSize, 1f);
        var w = GradientCases.Uniform(random, shape.WeightSize, 1f / MathF.Sqrt(shape.PatchSize));
        var bias = GradientCases.Uniform(random, shape.Filters, 0.5f);
        var (expected, magnitude) = ConvReference.Forward(x, w, bias, 1, shape, new Relu());
        var (expectedTanh, magnitudeTanh) = ConvReference.Forward(x, w, bias, 1, shape, new Tanh());

        float[]? first = null, firstTanh = null;
        foreach (var vectorWidth in Enum.GetValues<VectorWidth>())
        {
            foreach (var threads in ThreadCounts)
            {
                var (y, yTanh) = (new float[shape.OutputSize], new float[shape.OutputSize]);
                using (Workers.Enter(threads))
                {
                    ConvReference.Forward(vectorWidth, x, w, bias, y, 1, shape, new Relu());
                    ConvReference.Forward(vectorWidth, x, w, bias, yTanh, 1, shape, new Tanh());
                }

                if (first is null || firstTanh is null)
                {
                    (first, firstTanh) = (y, yTanh);
                    DenseReference.AssertClose(y, expected, magnitude, Tolerance, $"y, {shape}");
                    DenseReference.AssertClose(yTanh, expectedTanh, magnitudeTanh, Tolerance, $"tanh y, {shape}");
                }
                else
                {
                    Assert.True(first.AsSpan().SequenceEqual(y), $"y differs at {vectorWidth} on {threads} threads, {shape}");
                    Assert.True(firstTanh.AsSpan().SequenceEqual(yTanh), $"tanh y differs at {vectorWidth} on {threads} threads, {shape}");
                }
            }
        }
    }

    /// <summary>Pooling split over the workers by samples, at batch 64: LeNet-5's two layers, odd sizes and other windows.</summary>
    [Theory]
    [InlineData(6, 28, 28, 2, 2)]
    [InlineData(16, 10, 10, 2, 2)]
    [InlineData(3, 9, 45, 2, 2)]
    [InlineData(4, 13, 13, 3, 2)]
    public void Pooling_split_over_workers_gives_the_same_bits_as_on_one_thread(int channels, int height, int width, int size, int stride)
    {
        const int batch = 64;
        var shape = new PoolShape(channels, height, width, size, stride);
        var random = new Random(channels + height);
        var x = GradientCases.Uniform(random, batch * shape.InputSize, 1f);
        var dy = GradientCases.Uniform(random, batch * shape.OutputSize, 1f);

        float[][]? first = null;
        foreach (var threads in ThreadCounts)
        {
            var (max, average, dx) = (new float[batch * shape.OutputSize], new float[batch * shape.OutputSize], new float[batch * shape.InputSize]);
            using (Workers.Enter(threads))
            {
                MaxPool.Forward(x, max, batch, shape);
                AvgPool.Forward(x, average, batch, shape);
                MaxPool.Backward(x, max, dy, dx, batch, shape);
            }

            float[][] results = [max, average, dx];
            first ??= results;
            for (var i = 0; i < results.Length; i++)
                Assert.True(first[i].AsSpan().SequenceEqual(results[i]), $"{new[] { "max", "average", "dx" }[i]} differs on {threads} threads, {shape}");
        }
    }

    private static readonly string[] Names = ["y", "masked dy", "dWeight", "dBias", "dx"];
}
