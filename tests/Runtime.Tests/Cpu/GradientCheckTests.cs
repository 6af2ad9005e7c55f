namespace NetForge.Runtime.Tests.Cpu;

public class GradientCheckTests
{
    public static TheoryData<string> Cases => GradientCases.Names;

    [Theory]
    [MemberData(nameof(Cases))]
    public void Analytic_gradient_matches_central_differences(string name) =>
        GradientCheck.AssertMatches(GradientCases.Create(name));

    /// <summary>
    /// Shows that each check above can fail: an error of five times the tolerance, put into the largest entry or
    /// into the smallest one (where the floor decides), is reported for every buffer of every case.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradient_check_reports_a_slightly_wrong_entry(string name)
    {
        var gradientCase = GradientCases.Create(name);
        foreach (var target in gradientCase.Targets)
        {
            var numeric = GradientCheck.Numeric(gradientCase.Objective, target.Values);
            var floor = GradientCheck.FloorFraction * GradientCheck.RootMeanSquare(numeric);
            foreach (var k in new[] { IndexOfLargest(target.Analytic), IndexOfSmallest(target.Analytic) })
            {
                var wrong = (float[])target.Analytic.Clone();
                var size = Math.Max(Math.Max(Math.Abs(wrong[k]), floor), 1e-6);
                wrong[k] += (float)(5 * GradientCheck.Tolerance * size);
                var error = GradientCheck.Compare(wrong, numeric);
                Assert.True(error.Relative > GradientCheck.Tolerance, $"{name}, {target.Name}[{k}] off by {5 * GradientCheck.Tolerance * size:G3} went unnoticed: {error}");
            }
        }
    }

    [Fact]
    public void Floor_keeps_rounding_in_a_zero_entry_from_failing_the_check()
    {
        var values = new float[] { 1f, 2f, 3f };
        double Objective() => 0.5 * values[0] + 0.5 * values[1] + 1e-7 * values[2];
        Assert.True(GradientCheck.Measure(Objective, values, [0.5f, 0.5f, 0f]).Relative < GradientCheck.Tolerance);
        Assert.True(GradientCheck.Measure(Objective, values, [0.5f, 0.5f, 1e-3f]).Relative > GradientCheck.Tolerance);
    }

    private static int IndexOfLargest(float[] values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
            if (Math.Abs(values[i]) > Math.Abs(values[best]))
                best = i;
        return best;
    }

    private static int IndexOfSmallest(float[] values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
            if (Math.Abs(values[i]) < Math.Abs(values[best]))
                best = i;
        return best;
    }
}
