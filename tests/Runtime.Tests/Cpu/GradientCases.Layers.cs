using System.Globalization;
using NetForge.Cpu;

namespace NetForge.Runtime.Tests.Cpu;

/// <summary>
/// The gradient checks of the layers of convolutional networks: convolution, pooling, residual addition and
/// concatenation, over grids of the shapes where their index arithmetic could go wrong.
/// </summary>
internal static partial class GradientCases
{
    /// <summary>Adds the cases. The shape lists are locals: static fields of this file may not be initialised yet when the other file's initialiser calls here.</summary>
    private static void AddLayerCases(Action<string, Func<int, GradientCase>> add)
    {
        (int Height, int Width)[] convInputs = [(6, 6), (7, 5)];
        (int Height, int Width)[] kernels = [(1, 1), (3, 3), (5, 5), (3, 5), (5, 3)];
        (int Size, int Stride)[] windows = [(2, 1), (2, 2), (2, 3), (3, 1), (3, 2), (3, 3)];

        // 7 × 7 leaves the last row and column out of every 2 × 2 window at stride 2; 5 × 6 does so for 3 × 3 at stride 2.
        (int Height, int Width)[] poolInputs = [(7, 7), (5, 6)];

        // Every stride, padding and kernel together; the input, channels, filters and batch follow the bits of a
        // counter, so each of their values meets each stride, padding and kernel.
        var n = 0;
        foreach (var stride in new[] { 1, 2 })
        {
            foreach (var padding in new[] { 0, 1, 2 })
            {
                foreach (var (kernelHeight, kernelWidth) in kernels)
                {
                    var (height, width) = convInputs[n % 2];
                    var shape = new ConvShape((n / 2) % 2 == 0 ? 1 : 3, height, width, (n / 4) % 2 == 0 ? 1 : 4, kernelHeight, kernelWidth, stride, padding);
                    var batch = (n / 8) % 2 == 0 ? 1 : 3;
                    n++;
                    AddConv(add, "conv", shape, batch, new Identity(), withBias: true);
                }
            }
        }

        // Each fused activation on a stride-1 and a stride-2 layer; those with a kink at zero on layers with few
        // outputs per sample, so that samples whose pre-activations all clear the kink are quick to draw.
        ConvShape[] smooth = [new(3, 6, 6, 4, 3, 3, 1, 1), new(1, 7, 5, 2, 5, 3, 2, 2)];
        ConvShape[] kinked = [new(2, 4, 5, 2, 3, 3, 1, 0), new(2, 7, 5, 2, 3, 3, 2, 1)];
        foreach (var shape in kinked)
        {
            AddConv(add, "conv", shape, 2, new Relu(), withBias: true);
            AddConv(add, "conv", shape, 2, new LeakyRelu(0.1f), withBias: true);
            AddConv(add, "conv", shape, 2, new Elu(0.7f), withBias: true);
        }

        foreach (var shape in smooth)
        {
            AddConv(add, "conv", shape, 2, new Sigmoid(), withBias: true);
            AddConv(add, "conv", shape, 2, new Tanh(), withBias: true);
        }

        AddConv(add, "conv-nobias", smooth[0], 2, new Identity(), withBias: false);
        AddConv(add, "conv-nobias", kinked[1], 2, new Relu(), withBias: false);

        n = 0;
        foreach (var (size, stride) in windows)
        {
            foreach (var (height, width) in poolInputs)
            {
                var shape = new PoolShape(n % 2 == 0 ? 1 : 3, height, width, size, stride);
                var batch = (n / 2) % 2 == 0 ? 1 : 3;
                n++;
                var dims = new[] { batch, shape.Channels, height, width, size, stride };
                add(Name("maxpool", "", dims), s => MaxPooling(Name("maxpool", "", dims), shape, batch, s));
                add(Name("avgpool", "", dims), s => AvgPooling(Name("avgpool", "", dims), shape, batch, s));
            }
        }

        foreach (var length in new[] { 1, 7, 33, 100 })
            add(Name("tensors-add", "", length), s => TensorAdd(Name("tensors-add", "", length), length, s));
        foreach (var (batch, first, second) in new[] { (1, 5, 7), (3, 12, 6) })
            add(Name("concat", "", batch, first, second), s => Concatenation(Name("concat", "", batch, first, second), batch, first, second, s));
    }

    private static void AddConv<TAct>(Action<string, Func<int, GradientCase>> add, string kernel, ConvShape shape, int batch, TAct act, bool withBias)
        where TAct : struct, IActivation
    {
        var name = string.Create(CultureInfo.InvariantCulture,
            $"{kernel} {typeof(TAct).Name.ToLowerInvariant()} [batch {batch}, {shape.Channels}×{shape.Height}×{shape.Width} → {shape.Filters}, kernel {shape.KernelHeight}×{shape.KernelWidth}, stride {shape.Stride}, padding {shape.Padding}]");
        add(name, s => Conv(name, shape, batch, act, withBias, s));
    }

    private static GradientCase Conv<TAct>(string name, ConvShape shape, int batch, TAct act, bool withBias, int seed)
        where TAct : struct, IActivation
    {
        var random = new Random(seed);
        var x = new float[batch * shape.InputSize];
        float[] weight, bias;
        if (HasKinkAtZero<TAct>())
        {
            // A step of the stencil moves one input or weight by at most Reach, and so a pre-activation by at most
            // Reach × 1.2, less than the clearance. Over the 18 taps of these layers the pre-activations spread about
            // 2, so a sample whose values all clear the kink is a likely draw; each sample is redrawn until they do.
            const float bound = (Clearance - 0.03f) / GradientCheck.Reach;
            weight = Uniform(random, shape.WeightSize, bound);
            bias = withBias ? Uniform(random, shape.Filters, 0.5f) : [];
            for (var b = 0; b < batch; b++)
            {
                var sample = x.AsSpan(b * shape.InputSize, shape.InputSize);
                do
                    Fill(random, sample, bound);
                while (!ConvClearOfZero(sample.ToArray(), weight, bias, shape, Clearance));
            }
        }
        else
        {
            weight = Uniform(random, shape.WeightSize, 1f / MathF.Sqrt(shape.PatchSize));
            bias = withBias ? Uniform(random, shape.Filters, 0.5f) : [];
            Fill(random, x, 1f);
        }

        var r = Uniform(random, batch * shape.OutputSize, 1f);
        var y = new float[batch * shape.OutputSize];
        Conv2D.Forward(x, weight, bias, y, batch, shape, act);
        var dy = (float[])r.Clone();
        var dWeight = new float[shape.WeightSize];
        var dBias = new float[bias.Length];
        var dx = new float[batch * shape.InputSize];
        Conv2D.Backward(x, weight, y, dy, dWeight, dBias, dx, batch, shape, act);

        List<GradientTarget> targets = [new("weight", weight, dWeight), new("x", x, dx)];
        if (withBias)
            targets.Add(new GradientTarget("bias", bias, dBias));
        return new GradientCase(name, () =>
        {
            Conv2D.Forward(x, weight, bias, y, batch, shape, act);
            return Dot(r, y);
        }, targets);
    }

    private static bool HasKinkAtZero<TAct>() where TAct : struct, IActivation =>
        typeof(TAct) == typeof(Relu) || typeof(TAct) == typeof(LeakyRelu) || typeof(TAct) == typeof(Elu);

    private static bool ConvClearOfZero(float[] sample, float[] weight, float[] bias, ConvShape shape, float clearance) =>
        ConvReference.PreActivations(sample, weight, bias, 1, shape).Pre.All(pre => Math.Abs(pre) >= clearance);

    /// <summary>
    /// Max pooling is piecewise linear, with kinks where two values of a window tie. The inputs are distinct
    /// multiples of 0.25, well over the stencil's reach apart, so no step of the difference changes a window's maximum.
    /// </summary>
    private static GradientCase MaxPooling(string name, PoolShape shape, int batch, int seed)
    {
        var random = new Random(seed);
        var length = batch * shape.InputSize;
        var x = new float[length];
        var order = Enumerable.Range(0, length).ToArray();
        random.Shuffle(order);
        for (var i = 0; i < length; i++)
            x[i] = (order[i] - length / 2) * 0.25f;

        var r = Uniform(random, batch * shape.OutputSize, 1f);
        var y = new float[batch * shape.OutputSize];
        MaxPool.Forward(x, y, batch, shape);
        var dx = new float[length];
        MaxPool.Backward(x, y, r, dx, batch, shape);
        return new GradientCase(name, () =>
        {
            MaxPool.Forward(x, y, batch, shape);
            return Dot(r, y);
        }, [new GradientTarget("x", x, dx)]);
    }

    private static GradientCase AvgPooling(string name, PoolShape shape, int batch, int seed)
    {
        var random = new Random(seed);
        var x = Uniform(random, batch * shape.InputSize, 1f);
        var r = Uniform(random, batch * shape.OutputSize, 1f);
        var y = new float[batch * shape.OutputSize];
        var dx = new float[x.Length];
        AvgPool.Backward(r, dx, batch, shape);
        return new GradientCase(name, () =>
        {
            AvgPool.Forward(x, y, batch, shape);
            return Dot(r, y);
        }, [new GradientTarget("x", x, dx)]);
    }

    /// <summary>y = a + b routes y's gradient unchanged to both: a copy to one, an addition onto zeros for the other.</summary>
    private static GradientCase TensorAdd(string name, int length, int seed)
    {
        var random = new Random(seed);
        var a = Uniform(random, length, 1f);
        var b = Uniform(random, length, 1f);
        var r = Uniform(random, length, 1f);
        var y = new float[length];
        var da = new float[length];
        var db = new float[length];
        Tensors.Copy(r, da, length);
        Tensors.AddTo(db, r, length);
        return new GradientCase(name, () =>
        {
            Tensors.Add(a, b, y, length);
            return Dot(r, y);
        }, [new GradientTarget("a", a, da), new GradientTarget("b", b, db)]);
    }

    /// <summary>
    /// Joins [first | second | first] per sample, so that the first input's gradient is the sum of two slices:
    /// one taken back by overwriting, the other by accumulating.
    /// </summary>
    private static GradientCase Concatenation(string name, int batch, int firstSize, int secondSize, int seed)
    {
        var random = new Random(seed);
        var first = Uniform(random, batch * firstSize, 1f);
        var second = Uniform(random, batch * secondSize, 1f);
        var joinedSize = 2 * firstSize + secondSize;
        var r = Uniform(random, batch * joinedSize, 1f);
        var joined = new float[batch * joinedSize];
        var dFirst = new float[first.Length];
        var dSecond = new float[second.Length];
        NetForge.Cpu.Concat.Backward(r, joinedSize, 0, dFirst, firstSize, batch, accumulate: false);
        NetForge.Cpu.Concat.Backward(r, joinedSize, firstSize + secondSize, dFirst, firstSize, batch, accumulate: true);
        NetForge.Cpu.Concat.Backward(r, joinedSize, firstSize, dSecond, secondSize, batch, accumulate: false);
        return new GradientCase(name, () =>
        {
            NetForge.Cpu.Concat.Forward(first, firstSize, joined, joinedSize, 0, batch);
            NetForge.Cpu.Concat.Forward(second, secondSize, joined, joinedSize, firstSize, batch);
            NetForge.Cpu.Concat.Forward(first, firstSize, joined, joinedSize, firstSize + secondSize, batch);
            return Dot(r, joined);
        }, [new GradientTarget("first", first, dFirst), new GradientTarget("second", second, dSecond)]);
    }
}
