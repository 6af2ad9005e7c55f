namespace NetForge;

/// <summary>
/// SplitMix64, a tiny generator whose output is fixed by its seed on every platform and runtime version, which
/// makes initial parameters and shuffles reproducible from a seed alone.
/// </summary>
internal struct SplitMix64(ulong seed)
{
    /// <summary>What the state advances by per output: the odd integer nearest 2⁶⁴ divided by the golden ratio.</summary>
    public const ulong Gamma = 0x9E3779B97F4A7C15UL;

    /// <summary>The first multiplier of <see cref="Mix"/>.</summary>
    public const ulong MixMultiplier1 = 0xBF58476D1CE4E5B9UL;

    /// <summary>The second multiplier of <see cref="Mix"/>.</summary>
    public const ulong MixMultiplier2 = 0x94D049BB133111EBUL;

    private ulong _state = seed;

    public ulong Next() => Mix(unchecked(_state += Gamma));

    /// <summary>
    /// The finaliser that turns a state into an output: a bijection of 64-bit values in which every input bit
    /// affects every output bit, so that it also serves as a counter-based hash.
    /// </summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * MixMultiplier1;
        z = (z ^ (z >> 27)) * MixMultiplier2;
        return z ^ (z >> 31);
    }

    /// <summary>A value in [0, <paramref name="bound"/>).</summary>
    /// <remarks>The high half of a 64×64-bit product; its bias, at most bound / 2^64, is far below anything a
    /// shuffle of an in-memory data set could show.</remarks>
    public int NextBelow(int bound) => (int)Math.BigMul(Next(), (ulong)bound, out _);
}
