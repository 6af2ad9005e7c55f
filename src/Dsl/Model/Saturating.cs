namespace NetForge.Dsl.Model;

/// <summary>
/// Products and sums of non-negative counts that stop at <see cref="long.MaxValue"/> instead of wrapping. FLOP
/// counts only describe a network (in comments and summaries), so a count past a long reads as "at least this
/// many" rather than failing the network; the sizes the generated code indexes with are checked against an int.
/// </summary>
internal static class Saturating
{
    /// <summary>The product of the factors, or <see cref="long.MaxValue"/> when it would be larger.</summary>
    public static long Multiply(params long[] factors)
    {
        if (factors.Contains(0))
            return 0;
        var product = 1L;
        foreach (var factor in factors)
        {
            if (product > long.MaxValue / factor)
                return long.MaxValue;
            product *= factor;
        }
        return product;
    }

    /// <summary>The sum, or <see cref="long.MaxValue"/> when it would be larger.</summary>
    public static long Add(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;
}
