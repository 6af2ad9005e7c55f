namespace NetForge;

/// <summary>
/// SplitMix64, a tiny generator whose output is fixed by its seed on every platform and runtime version, which
/// makes initial parameters and shuffles reproducible from a seed alone.
/// </summary>
internal struct SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong Next()
    {
        var z = unchecked(_state += 0x9E3779B97F4A7C15UL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A value in [0, <paramref name="bound"/>).</summary>
    /// <remarks>The high half of a 64×64-bit product; its bias, at most bound / 2^64, is far below anything a
    /// shuffle of an in-memory data set could show.</remarks>
    public int NextBelow(int bound) => (int)Math.BigMul(Next(), (ulong)bound, out _);
}
