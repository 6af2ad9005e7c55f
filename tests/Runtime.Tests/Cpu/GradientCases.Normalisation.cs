using System.Globalization;
using NetForge.Cpu;

namespace NetForge.Runtime.Tests.Cpu;

/// <summary>
/// The gradient checks of the regularising layers: batch normalisation in training mode, dropout with a fixed
/// mask, and maxout.
/// </summary>
internal static partial class GradientCases
{
    /// <summary>Adds the cases. The shape lists are locals, for the reason given in GradientCases.Layers.cs.</summary>
    private static void AddNormalisationCases(Action<string, Func<int, GradientCase>> add)
    {
        // Flat shapes (spatial 1), where every plane is one value, and feature maps whose planes of 9, 20, 35 and 36
        // values leave tails after whole vectors of 4, 8 and 16 floats.
        (int Batch, int Channels, int Height, int Width)[] shapes =
            [(3, 5, 1, 1), (5, 17, 1, 1), (16, 3, 1, 1), (2, 3, 4, 5), (1, 2, 5, 7), (3, 2, 3, 3), (2, 1, 6, 6)];
        foreach (var (batch, channels, height, width) in shapes)
        {
            var dims = height * width == 1 ? new[] { batch, channels } : new[] { batch, channels, height, width };
            var identity = Name("batchnorm", "identity", dims);
            add(identity, s => BatchNormTraining(identity, batch, channels, height * width, 1e-5f, new Identity(), s));
            var relu = Name("batchnorm", "relu", dims);
            add(relu, s => BatchNormTraining(relu, batch, channels, height * width, 1e-5f, new Relu(), s));
        }

        // Two values per channel, the fewest training accepts. Their normalised values are ±1 whatever the inputs
        // unless epsilon is comparable with the variance, so a small epsilon would leave a gradient of x that is
        // zero up to rounding; this one gives it a size the check can measure.
        var pair = Name("batchnorm", "identity", 2, 5) + " epsilon 0.5";
        add(pair, s => BatchNormTraining(pair, 2, 5, 1, 0.5f, new Identity(), s));

        (int Length, float P)[] dropouts = [(1, 0f), (7, 0.3f), (33, 0f), (33, 0.5f), (100, 0.25f), (100, 0.9f)];
        foreach (var (length, p) in dropouts)
        {
            var name = Name("dropout", "", length) + string.Create(CultureInfo.InvariantCulture, $" p {p}");
            add(name, s => DropoutMasked(name, length, p, s));
        }

        (int Batch, int Outputs, int Pieces)[] maxouts = [(1, 1, 1), (1, 3, 2), (3, 4, 3), (2, 5, 4), (4, 2, 5)];
        foreach (var (batch, outputs, pieces) in maxouts)
        {
            var name = Name("maxout", "", batch, outputs, pieces);
            add(name, s => MaxoutGroups(name, batch, outputs, pieces, tiedBelowMaximum: false, s));
            if (pieces >= 3)
            {
                var tied = Name("maxout-tied-below-maximum", "", batch, outputs, pieces);
                add(tied, s => MaxoutGroups(tied, batch, outputs, pieces, tiedBelowMaximum: true, s));
            }
        }
    }

    /// <summary>
    /// Batch normalisation in training mode, differentiated with respect to x, weight and bias. The objective
    /// weights each output by its own random factor: with one factor per channel, Σ over a normalised channel
    /// would not depend on x at all and the check of x would pass for any gradient near zero.
    /// </summary>
    private static GradientCase BatchNormTraining<TAct>(string name, int batch, int channels, int spatial, float epsilon, TAct act, int seed)
        where TAct : struct, IActivation
    {
        const float momentum = 0.1f;
        var random = new Random(seed);
        var size = batch * channels * spatial;
        var x = new float[size];
        var weight = new float[channels];
        var bias = new float[channels];
        var kinked = HasKinkAtZero<TAct>();
        for (var c = 0; c < channels; c++)
        {
            do
            {
                weight[c] = (float)((0.5 + random.NextDouble()) * (random.Next(2) == 0 ? -1 : 1));
                bias[c] = (float)((random.NextDouble() * 2 - 1) * (kinked ? 0.1 : 0.5));

                // Away from zero, the values leave a gap around the channel's mean where the kink of a relu with a
                // small bias falls; a draw whose values still come too close to it is redrawn.
                var offset = kinked ? 0 : (random.NextDouble() * 2 - 1);
                foreach (var i in BatchNormReference.Indices(batch, channels, spatial, c))
                {
                    var u = (random.NextDouble() * 2 - 1) * 2;
                    x[i] = (float)(offset + (kinked ? Math.CopySign(Math.Abs(u) + 0.5, u) : u));
                }
            }
            while (kinked && !ChannelClearOfKink(x, weight[c], bias[c], batch, channels, spatial, c, epsilon));
        }

        var r = Uniform(random, size, 1f);
        var y = new float[size];
        var mean = new float[channels];
        var inverseStd = new float[channels];
        var runningMean = new float[channels];
        var runningVar = Filled(channels, 1f);
        BatchNorm.ForwardTraining(x, weight, bias, runningMean, runningVar, y, mean, inverseStd, batch, channels, spatial, momentum, epsilon, act);
        var dy = (float[])r.Clone();
        var dWeight = new float[channels];
        var dBias = new float[channels];
        var dx = new float[size];
        BatchNorm.Backward(x, weight, y, mean, inverseStd, dy, dWeight, dBias, dx, batch, channels, spatial, act);

        // The objective is the double reference's, not the kernel's. The gradient with respect to x is small next
        // to the outputs (most of a change of one input is normalised away), so the rounding of a float objective,
        // divided by the step, reached 3e-4 of the typical gradient: a third of the tolerance. In double the worst
        // error is 3e-5. The kernel's forward pass is compared with the same reference in BatchNormTests.
        var inDouble = InDouble<TAct>();
        return new GradientCase(name, () =>
            Dot(r, BatchNormReference.Training(x, weight, bias, epsilon, batch, channels, spatial, inDouble)),
            [new GradientTarget("x", x, dx), new GradientTarget("weight", weight, dWeight), new GradientTarget("bias", bias, dBias)]);
    }

    /// <summary>
    /// Whether no step of the stencil can move a pre-activation w·x̂ + b of the channel across relu's kink. A step
    /// moves one value by at most Reach, which moves the pre-activation by Reach when it is the bias, by Reach·|x̂ᵢ|
    /// when it is the weight, and, to first order, by Reach·|w|·inverseStd·(1 + (1 + |x̂ᵢ|·max|x̂|)/M) when it is an
    /// input (its own, or through the channel's mean and variance); a margin covers the higher orders.
    /// </summary>
    private static bool ChannelClearOfKink(float[] x, float weight, float bias, int batch, int channels, int spatial, int c, float epsilon)
    {
        var (normalised, inverseStd) = NormaliseReference(x, batch, channels, spatial, c, epsilon);
        var largest = normalised.Max(Math.Abs);
        var count = normalised.Length;
        foreach (var v in normalised)
        {
            var inputReach = Math.Abs(weight) * inverseStd * (1 + (1 + Math.Abs(v) * largest) / count);
            var reach = GradientCheck.Reach * Math.Max(Math.Max(1, Math.Abs(v)), inputReach);
            if (Math.Abs(weight * v + bias) < reach + 0.05)
                return false;
        }

        return true;
    }

    /// <summary>The channel's x̂ and inverse standard deviation, from the double reference.</summary>
    private static (double[] Normalised, double InverseStd) NormaliseReference(float[] x, int batch, int channels, int spatial, int c, float epsilon)
    {
        var indices = BatchNormReference.Indices(batch, channels, spatial, c).ToArray();
        var mean = indices.Average(i => (double)x[i]);
        var inverseStd = 1 / Math.Sqrt(indices.Average(i => (x[i] - mean) * (x[i] - mean)) + epsilon);
        return (indices.Select(i => (x[i] - mean) * inverseStd).ToArray(), inverseStd);
    }

    /// <summary>The activations of the batch-normalisation cases, in double, so that the objective is not rounded to float.</summary>
    private static Func<double, double> InDouble<TAct>() where TAct : struct, IActivation =>
        typeof(TAct) == typeof(Identity) ? v => v
        : typeof(TAct) == typeof(Relu) ? v => Math.Max(v, 0)
        : throw new NotSupportedException(typeof(TAct).Name);

    /// <summary>Dropout is linear in x once its mask is drawn; every objective call draws the same mask from the same seed.</summary>
    private static GradientCase DropoutMasked(string name, int length, float p, int seed)
    {
        var random = new Random(seed);
        var x = Uniform(random, length, 2f);
        var r = Uniform(random, length, 1f);
        var maskSeed = Dropout.StepSeed(seed, 0, 0);
        var mask = new float[length];
        var y = new float[length];
        Dropout.Forward(x, y, mask, length, p, maskSeed);
        var dx = new float[length];
        Dropout.Backward(mask, r, dx, length);
        return new GradientCase(name, () =>
        {
            Dropout.Forward(x, y, mask, length, p, maskSeed);
            return Dot(r, y);
        }, [new GradientTarget("x", x, dx)]);
    }

    /// <summary>
    /// Maxout is piecewise linear, with kinks where a group's largest inputs tie. As for max pooling, the inputs
    /// are distinct multiples of 0.25, well over the stencil's reach apart. With <paramref name="tiedBelowMaximum"/>
    /// each group's two smallest inputs are made equal: a tie away from the maximum is no kink, and must get no gradient.
    /// </summary>
    private static GradientCase MaxoutGroups(string name, int batch, int outputs, int pieces, bool tiedBelowMaximum, int seed)
    {
        var random = new Random(seed);
        var length = batch * outputs * pieces;
        var x = new float[length];
        var order = Enumerable.Range(0, length).ToArray();
        random.Shuffle(order);
        for (var i = 0; i < length; i++)
            x[i] = (order[i] - length / 2) * 0.25f;
        if (tiedBelowMaximum)
        {
            for (var g = 0; g < batch * outputs; g++)
            {
                var group = x.AsSpan(g * pieces, pieces);
                var sorted = group.ToArray();
                Array.Sort(sorted);
                group[group.IndexOf(sorted[0])] = sorted[1];
            }
        }

        var r = Uniform(random, batch * outputs, 1f);
        var y = new float[batch * outputs];
        Maxout.Forward(x, y, batch, outputs, pieces);
        var dx = new float[length];
        Maxout.Backward(x, y, r, dx, batch, outputs, pieces);
        return new GradientCase(name, () =>
        {
            Maxout.Forward(x, y, batch, outputs, pieces);
            return Dot(r, y);
        }, [new GradientTarget("x", x, dx)]);
    }

    private static double Dot(float[] a, double[] b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
            sum += a[i] * b[i];
        return sum;
    }

    private static float[] Filled(int length, float value)
    {
        var values = new float[length];
        Array.Fill(values, value);
        return values;
    }
}
