using System.Globalization;

namespace NetForge.Runtime.Tests.Cpu;

/// <summary>One buffer a kernel differentiates with respect to, and the gradient the kernel computed for it.</summary>
/// <param name="Name">What the buffer is, for failure messages (e.g. "weight").</param>
/// <param name="Values">The buffer the objective reads; the check perturbs it one value at a time and restores it.</param>
/// <param name="Analytic">The kernel's gradient of the objective with respect to <paramref name="Values"/>.</param>
internal sealed record GradientTarget(string Name, float[] Values, float[] Analytic);

/// <summary>A scalar objective built on a kernel, with the kernel's gradients for each of its inputs.</summary>
/// <param name="Name">Names the kernel and shape, for failure messages.</param>
/// <param name="Objective">Recomputes the objective, in double, from the current contents of the targets' buffers.</param>
/// <param name="Targets">The buffers to check.</param>
internal sealed record GradientCase(string Name, Func<double> Objective, IReadOnlyList<GradientTarget> Targets);

/// <summary>The worst disagreement found between an analytic and a numerical gradient.</summary>
internal readonly record struct GradientError(double Relative, int Index, double Analytic, double Numeric, double Floor)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"relative error {Relative:G3} at index {Index}: analytic {Analytic:G6}, numeric {Numeric:G6}, floor {Floor:G3}");
}

/// <summary>Compares analytic gradients with central differences of a scalar objective.</summary>
/// <remarks>
/// The kernels compute in float, so the objective is only known to about 6e-8 of the outputs' magnitude, and a
/// difference quotient divides that rounding by the step. A two-point difference with a step of 1e-2 leaves
/// errors of up to 2e-4 of the typical gradient. The fourth-order stencil below lets the step grow to 5e-2 (five
/// times less rounding per unit step) while its O(step⁴) truncation error stays near 1e-6: the worst error seen
/// over all the cases is then about 4e-5 of the typical gradient.
/// </remarks>
internal static class GradientCheck
{
    /// <summary>The largest relative error accepted.</summary>
    public const double Tolerance = 1e-3;

    /// <summary>The step of the difference stencil.</summary>
    public const float Step = 0.05f;

    /// <summary>
    /// How far the stencil moves a value (two steps). Inputs must stay this far, plus a margin, from kinks such as
    /// relu's at 0, or the numerical derivative would average the two sides.
    /// </summary>
    public const float Reach = 2 * Step;

    /// <summary>
    /// The floor of the relative error's denominator, as a fraction of the root-mean-square numerical gradient.
    /// Without a floor an entry that is zero up to rounding (a saturated unit, an unlikely class) would turn that
    /// rounding into a huge relative error. With it, entries smaller than a tenth of the typical gradient must still
    /// agree to within Tolerance·FloorFraction = 1e-4 of the typical gradient: about twice the float rounding
    /// measured above, so a wrong small entry is caught but rounding is not mistaken for a bug.
    /// </summary>
    public const double FloorFraction = 0.1;

    /// <summary>The numerical gradient of <paramref name="objective"/> with respect to every entry of <paramref name="values"/>.</summary>
    public static double[] Numeric(Func<double> objective, float[] values)
    {
        var numeric = new double[values.Length];
        for (var k = 0; k < values.Length; k++)
        {
            var original = values[k];
            var near = Difference(objective, values, k, original, Step);
            var far = Difference(objective, values, k, original, 2 * Step);
            values[k] = original;

            // (8·[f(x+h) − f(x−h)] − [f(x+2h) − f(x−2h)]) / 12h: the h³ error terms of the two differences cancel.
            numeric[k] = (8 * near - far) / (12.0 * Step);
        }

        return numeric;
    }

    /// <summary>Measures the worst relative error of <paramref name="analytic"/> over every entry of <paramref name="values"/>.</summary>
    public static GradientError Measure(Func<double> objective, float[] values, IReadOnlyList<float> analytic) =>
        Compare(analytic, Numeric(objective, values));

    /// <summary>The worst relative error of <paramref name="analytic"/> against a numerical gradient.</summary>
    public static GradientError Compare(IReadOnlyList<float> analytic, double[] numeric)
    {
        if (analytic.Count != numeric.Length)
            throw new ArgumentException("The analytic gradient must have one entry per value.", nameof(analytic));
        var floor = FloorFraction * RootMeanSquare(numeric);
        var worst = new GradientError(0, -1, 0, 0, floor);
        for (var k = 0; k < numeric.Length; k++)
        {
            var a = (double)analytic[k];
            var n = numeric[k];
            var scale = Math.Max(Math.Max(Math.Abs(a), Math.Abs(n)), floor);
            var relative = scale == 0 ? 0 : Math.Abs(a - n) / scale;
            if (worst.Index < 0 || relative > worst.Relative)
                worst = new GradientError(relative, k, a, n, floor);
        }

        return worst;
    }

    /// <summary>Asserts that every target's analytic gradient matches the numerical one.</summary>
    public static void AssertMatches(GradientCase gradientCase)
    {
        foreach (var target in gradientCase.Targets)
        {
            var error = Measure(gradientCase.Objective, target.Values, target.Analytic);
            Assert.True(error.Relative < Tolerance, $"{gradientCase.Name}, gradient of {target.Name}: {error}");
        }
    }

    public static double RootMeanSquare(IReadOnlyCollection<double> values) =>
        values.Count == 0 ? 0 : Math.Sqrt(values.Sum(v => v * v) / values.Count);

    private static double Difference(Func<double> objective, float[] values, int k, float original, float step)
    {
        values[k] = original + step;
        var up = objective();
        values[k] = original - step;
        return up - objective();
    }
}
