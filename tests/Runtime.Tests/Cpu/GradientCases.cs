using System.Globalization;
using NetForge.Cpu;

namespace NetForge.Runtime.Tests.Cpu;

/// <summary>
/// Every gradient check, by name: each kernel with each activation on several shapes, chosen so that the
/// vectorised blocks, their leftover rows and columns, and the scalar tails all take part (the vector width is
/// up to 16 floats and the blocks are four rows). The layers of convolutional networks add theirs in
/// GradientCases.Layers.cs.
/// </summary>
internal static partial class GradientCases
{
    private static readonly (int Batch, int Inputs, int Outputs)[] DenseShapes = [(1, 1, 1), (3, 7, 3), (5, 17, 10), (4, 33, 1), (5, 33, 10), (6, 81, 5)];
    private static readonly int[] ElementwiseLengths = [1, 7, 33];
    private static readonly (int Batch, int Size)[] RowShapes = [(1, 3), (3, 10), (5, 17)];

    /// <summary>How far inputs are kept from a kink: the stencil's reach plus a margin.</summary>
    private const float Clearance = GradientCheck.Reach + 0.05f;

    private static readonly Dictionary<string, Func<GradientCase>> Factories = Build();

    /// <summary>The names of all cases, for xunit's MemberData.</summary>
    public static TheoryData<string> Names
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var name in Factories.Keys)
                data.Add(name);
            return data;
        }
    }

    public static GradientCase Create(string name) => Factories[name]();

    private static Dictionary<string, Func<GradientCase>> Build()
    {
        var factories = new Dictionary<string, Func<GradientCase>>();
        var seed = 1;
        void Add(string name, Func<int, GradientCase> factory)
        {
            var caseSeed = seed++;
            factories.Add(name, () => factory(caseSeed));
        }

        void AddActivation<TAct>(string act, TAct activation) where TAct : struct, IActivation
        {
            foreach (var length in ElementwiseLengths)
                Add(Name("elementwise", act, length), s => Elementwise(Name("elementwise", act, length), activation, length, s));
            foreach (var (batch, inputs, outputs) in DenseShapes)
                Add(Name("dense", act, batch, inputs, outputs), s => Dense(Name("dense", act, batch, inputs, outputs), activation, batch, inputs, outputs, true, s));
            Add(Name("dense-nobias", act, 5, 17, 10), s => Dense(Name("dense-nobias", act, 5, 17, 10), activation, 5, 17, 10, false, s));
        }

        AddActivation("identity", new Identity());
        AddActivation("relu", new Relu());
        AddActivation("leakyrelu", new LeakyRelu(0.1f));
        AddActivation("elu", new Elu(0.7f));
        AddActivation("sigmoid", new Sigmoid());
        AddActivation("tanh", new Tanh());
        foreach (var (batch, size) in RowShapes)
        {
            Add(Name("softmax", "", batch, size), s => SoftmaxRows(Name("softmax", "", batch, size), batch, size, s));
            Add(Name("softmax-cross-entropy", "", batch, size), s => CrossEntropy(Name("softmax-cross-entropy", "", batch, size), batch, size, s));
            Add(Name("hinge", "", batch, size), s => Hinge(Name("hinge", "", batch, size), batch, size, s));
            Add(Name("mean-squared-error", "", batch, size), s => SquaredError(Name("mean-squared-error", "", batch, size), batch, size, s));
        }

        AddLayerCases(Add);
        AddNormalisationCases(Add);
        return factories;
    }

    private static string Name(string kernel, string act, params int[] shape) =>
        string.Create(CultureInfo.InvariantCulture, $"{kernel}{(act.Length == 0 ? "" : " " + act)} [{string.Join(", ", shape)}]");

    private static GradientCase Elementwise<TAct>(string name, TAct act, int length, int seed) where TAct : struct, IActivation
    {
        var random = new Random(seed);
        var x = AwayFromZero(Uniform(random, length, 2f), Clearance);

        // At least one positive input, so that relu's gradient is not all zeros even for a single value.
        x[0] = MathF.Abs(x[0]);
        var r = Uniform(random, length, 1f);
        var y = new float[length];
        NetForge.Cpu.Elementwise.Forward(x, y, length, act);
        var dx = new float[length];
        NetForge.Cpu.Elementwise.Backward(y, r, dx, length, act);
        return new GradientCase(name, () =>
        {
            NetForge.Cpu.Elementwise.Forward(x, y, length, act);
            return Dot(r, y);
        }, [new GradientTarget("x", x, dx)]);
    }

    private static GradientCase Dense<TAct>(string name, TAct act, int batch, int inputs, int outputs, bool withBias, int seed)
        where TAct : struct, IActivation
    {
        var random = new Random(seed);
        var weight = Uniform(random, outputs * inputs, 1f / MathF.Sqrt(inputs));
        var bias = withBias ? Uniform(random, outputs, 0.5f) : [];
        var x = new float[batch * inputs];
        for (var b = 0; b < batch; b++)
        {
            // Redraw a sample until none of its pre-activations is near 0, where relu and leaky relu have a kink
            // that a step of the central difference could straddle.
            var row = x.AsSpan(b * inputs, inputs);
            do
                Fill(random, row, 1f);
            while (!PreActivationsClearOfZero(row, weight, bias, inputs, outputs, Clearance));
        }

        var r = Uniform(random, batch * outputs, 1f);
        var y = new float[batch * outputs];
        NetForge.Cpu.Dense.Forward(x, weight, bias, y, batch, inputs, outputs, act);
        var dy = (float[])r.Clone();
        var dWeight = new float[outputs * inputs];
        var dBias = new float[bias.Length];
        var dx = new float[batch * inputs];
        NetForge.Cpu.Dense.Backward(x, weight, y, dy, dWeight, dBias, dx, batch, inputs, outputs, act);

        List<GradientTarget> targets = [new("weight", weight, dWeight), new("x", x, dx)];
        if (withBias)
            targets.Add(new GradientTarget("bias", bias, dBias));
        return new GradientCase(name, () =>
        {
            NetForge.Cpu.Dense.Forward(x, weight, bias, y, batch, inputs, outputs, act);
            return Dot(r, y);
        }, targets);
    }

    private static GradientCase SoftmaxRows(string name, int batch, int size, int seed)
    {
        var random = new Random(seed);
        var x = Uniform(random, batch * size, 3f);
        var r = Uniform(random, batch * size, 1f);
        var y = new float[batch * size];
        Softmax.Forward(x, y, batch, size);
        var dx = new float[batch * size];
        Softmax.Backward(y, r, dx, batch, size);
        return new GradientCase(name, () =>
        {
            Softmax.Forward(x, y, batch, size);
            return Dot(r, y);
        }, [new GradientTarget("x", x, dx)]);
    }

    private static GradientCase CrossEntropy(string name, int batch, int classes, int seed)
    {
        var random = new Random(seed);
        var logits = Uniform(random, batch * classes, 3f);
        var labels = Labels(random, batch, classes);
        var dLogits = new float[batch * classes];
        SoftmaxCrossEntropy.ForwardBackward(logits, labels, dLogits, batch, classes);
        return new GradientCase(name, () => SoftmaxCrossEntropy.Forward(logits, labels, batch, classes),
            [new GradientTarget("logits", logits, dLogits)]);
    }

    private static GradientCase Hinge(string name, int batch, int classes, int seed)
    {
        const float margin = 1f;
        var random = new Random(seed);
        var scores = new float[batch * classes];
        var labels = Labels(random, batch, classes);
        for (var b = 0; b < batch; b++)
        {
            // Redraw a sample until every margin term is clearly active or clearly inactive (the loss has a kink
            // where s_j − s_label + margin = 0) and at least one is active, so the sample has a gradient.
            var row = scores.AsSpan(b * classes, classes);
            do
                Fill(random, row, 2f);
            while (!MarginsClearOfKink(row, labels[b], margin, Clearance));
        }

        var dScores = new float[batch * classes];
        NetForge.Cpu.Hinge.ForwardBackward(scores, labels, dScores, batch, classes, margin);
        return new GradientCase(name, () => NetForge.Cpu.Hinge.Forward(scores, labels, batch, classes, margin),
            [new GradientTarget("scores", scores, dScores)]);
    }

    private static GradientCase SquaredError(string name, int batch, int size, int seed)
    {
        var random = new Random(seed);
        var predictions = Uniform(random, batch * size, 2f);
        var targets = Uniform(random, batch * size, 2f);
        var dPredictions = new float[batch * size];
        MeanSquaredError.ForwardBackward(predictions, targets, dPredictions, batch, size);
        return new GradientCase(name, () => MeanSquaredError.Forward(predictions, targets, batch, size),
            [new GradientTarget("predictions", predictions, dPredictions)]);
    }

    private static bool PreActivationsClearOfZero(ReadOnlySpan<float> x, float[] weight, float[] bias, int inputs, int outputs, float clearance)
    {
        for (var o = 0; o < outputs; o++)
        {
            double pre = bias.Length == 0 ? 0 : bias[o];
            for (var i = 0; i < inputs; i++)
                pre += (double)x[i] * weight[o * inputs + i];
            if (Math.Abs(pre) < clearance)
                return false;
        }

        return true;
    }

    private static bool MarginsClearOfKink(ReadOnlySpan<float> row, int label, float margin, float clearance)
    {
        var active = false;
        for (var j = 0; j < row.Length; j++)
        {
            if (j == label)
                continue;
            var term = row[j] - row[label] + margin;
            if (Math.Abs(term) < clearance)
                return false;
            active |= term > 0;
        }

        return active;
    }

    private static int[] Labels(Random random, int batch, int classes)
    {
        var labels = new int[batch];
        for (var b = 0; b < batch; b++)
            labels[b] = random.Next(classes);
        return labels;
    }

    public static float[] Uniform(Random random, int length, float bound)
    {
        var values = new float[length];
        Fill(random, values, bound);
        return values;
    }

    private static void Fill(Random random, Span<float> values, float bound)
    {
        for (var i = 0; i < values.Length; i++)
            values[i] = (float)((random.NextDouble() * 2 - 1) * bound);
    }

    private static float[] AwayFromZero(float[] values, float clearance)
    {
        for (var i = 0; i < values.Length; i++)
            values[i] = MathF.CopySign(MathF.Abs(values[i]) + clearance, values[i]);
        return values;
    }

    private static double Dot(float[] a, float[] b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
            sum += (double)a[i] * b[i];
        return sum;
    }
}
