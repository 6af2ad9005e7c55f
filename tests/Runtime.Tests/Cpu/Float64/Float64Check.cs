using System.Globalization;
using F32 = NetForge.Cpu;
using F64 = NetForge.Cpu.Float64;

namespace NetForge.Runtime.Tests.Cpu.Float64;

/// <summary>Compares the float64 kernels with the float ones, and their gradients with finite differences.</summary>
internal static class Float64Check
{
    /// <summary>
    /// The float kernels' error against exact arithmetic is a few float roundings of the largest term; 1e-4 of the
    /// buffer's largest value leaves room for sums of a few hundred terms while catching any wrong index or term.
    /// </summary>
    public const double FloatTolerance = 1e-4;

    /// <summary>
    /// Centred differences in double with step 1e-6 err by about 1e-16·|objective|/1e-6 from rounding and by
    /// 1e-12·f‴ from truncation, both far below 1e-7 of the gradient for objectives of order one.
    /// </summary>
    public const double DifferenceStep = 1e-6;

    public const double DifferenceTolerance = 1e-7;

    public static float[] Floats(Random random, int length, float bound = 1f)
    {
        var values = new float[length];
        for (var i = 0; i < length; i++)
            values[i] = (float)((random.NextDouble() * 2 - 1) * bound);
        return values;
    }

    /// <summary>Values from a handful of levels, so that maxima tie often.</summary>
    public static float[] Levels(Random random, int length)
    {
        var values = new float[length];
        for (var i = 0; i < length; i++)
            values[i] = random.Next(-2, 3) * 0.5f;
        return values;
    }

    public static double[] Doubles(Random random, int length, double bound = 1.0)
    {
        var values = new double[length];
        for (var i = 0; i < length; i++)
            values[i] = (random.NextDouble() * 2 - 1) * bound;
        return values;
    }

    public static double[] Widen(ReadOnlySpan<float> values)
    {
        var wide = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
            wide[i] = values[i];
        return wide;
    }

    /// <summary>Asserts that the double results agree with the float ones to <see cref="FloatTolerance"/> of the largest float result.</summary>
    public static void Close(ReadOnlySpan<float> expected, ReadOnlySpan<double> actual, string what, double tolerance = FloatTolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        var scale = 1e-30;
        foreach (var value in expected)
            scale = Math.Max(scale, Math.Abs(value));
        for (var i = 0; i < expected.Length; i++)
        {
            if (!(Math.Abs(expected[i] - actual[i]) <= tolerance * scale))
                Assert.Fail(string.Create(CultureInfo.InvariantCulture, $"{what}[{i}]: float {expected[i]}, double {actual[i]} (scale {scale})"));
        }
    }

    /// <summary>
    /// Asserts that <paramref name="analytic"/> is the gradient of <paramref name="objective"/> with respect to
    /// <paramref name="values"/>, value by value, to <see cref="DifferenceTolerance"/> of the largest gradient.
    /// </summary>
    public static void Gradient(string what, double[] values, ReadOnlySpan<double> analytic, Func<double> objective)
    {
        Assert.Equal(values.Length, analytic.Length);
        var scale = 0.0;
        foreach (var value in analytic)
            scale = Math.Max(scale, Math.Abs(value));
        Assert.True(scale > 0, $"{what}: the gradient is zero everywhere, which checks nothing.");
        for (var i = 0; i < values.Length; i++)
        {
            var original = values[i];
            values[i] = original + DifferenceStep;
            var above = objective();
            values[i] = original - DifferenceStep;
            var below = objective();
            values[i] = original;
            var numeric = (above - below) / (2 * DifferenceStep);
            if (!(Math.Abs(numeric - analytic[i]) <= DifferenceTolerance * scale))
                Assert.Fail(string.Create(CultureInfo.InvariantCulture,
                    $"{what}[{i}]: analytic {analytic[i]:R}, numeric {numeric:R}, relative error {Math.Abs(numeric - analytic[i]) / scale:G3}"));
        }
    }

    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
            sum += a[i] * b[i];
        return sum;
    }
}

/// <summary>Something to run with a float activation and its float64 counterpart.</summary>
internal interface IActivationPairTest
{
    void Run<TFloat, TDouble>(TFloat single, TDouble wide)
        where TFloat : struct, F32.IActivation
        where TDouble : struct, F64.IActivation;
}

/// <summary>The activations by name, each as a float and a float64 struct.</summary>
internal static class ActivationPairs
{
    public static TheoryData<string> Names => new() { "identity", "relu", "leaky_relu", "elu", "sigmoid", "tanh" };

    public static void Run<TTest>(string name, TTest test)
        where TTest : IActivationPairTest
    {
        switch (name)
        {
            case "identity": test.Run(new F32.Identity(), new F64.Identity()); break;
            case "relu": test.Run(new F32.Relu(), new F64.Relu()); break;
            case "leaky_relu": test.Run(new F32.LeakyRelu(0.2f), new F64.LeakyRelu(0.2f)); break;
            case "elu": test.Run(new F32.Elu(0.5f), new F64.Elu(0.5f)); break;
            case "sigmoid": test.Run(new F32.Sigmoid(), new F64.Sigmoid()); break;
            case "tanh": test.Run(new F32.Tanh(), new F64.Tanh()); break;
            default: throw new ArgumentOutOfRangeException(nameof(name), name, "No such activation.");
        }
    }
}
