namespace NetForge.Cpu.Float64;

/// <summary>
/// A fingerprint of the decisions a float64 pass took at kinks, where its function's slope jumps: which side of zero
/// each ReLU-like input fell on, which input won each max-pool window and maxout group, which hinge terms were active.
/// A gradient check compares the fingerprints of the points it differences: when they differ, a step crossed a kink
/// and the difference does not measure the slope. Kept per thread, so that checks on several threads do not mix.
/// </summary>
internal static class Kinks
{
    [ThreadStatic]
    private static ulong _fingerprint;

    /// <summary>The fingerprint of every decision noted since the last <see cref="Reset"/>.</summary>
    public static ulong Fingerprint => _fingerprint;

    public static void Reset() => _fingerprint = 0;

    /// <summary>Adds one decision; the odd multiplier makes the fingerprint depend on every decision and on their order.</summary>
    public static void Note(int decision) => _fingerprint = unchecked((_fingerprint + (ulong)decision + 1) * 0x9E3779B97F4A7C15UL);
}
