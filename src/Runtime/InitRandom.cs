namespace NetForge;

/// <summary>
/// A small deterministic random generator for initialising parameters, built on SplitMix64 (Steele, Lea and
/// Flood) rather than <see cref="System.Random"/>, whose algorithm may change between .NET versions. It uses only 64-bit integer arithmetic and one exact conversion to float, so a seed gives the same
/// numbers on every machine and runtime. Not for cryptography. A class rather than a struct so that passing it
/// around cannot silently copy the state and repeat numbers.
/// </summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public sealed class InitRandom
{
    private SplitMix64 _bits;

    /// <summary>Starts the sequence for <paramref name="seed"/>; every seed, negative ones included, gives its own sequence.</summary>
    /// <param name="seed">The seed.</param>
    public InitRandom(int seed)
    {
        _bits = new SplitMix64(unchecked((ulong)seed));
    }

    /// <summary>A uniformly distributed float in [0, 1).</summary>
    /// <returns>One of the 2²⁴ multiples of 2⁻²⁴ below 1, all equally likely.</returns>
    public float NextFloat() => (_bits.Next() >> 40) * (1f / (1 << 24));

    /// <summary>Fills <paramref name="values"/> with floats drawn uniformly from [−bound, bound).</summary>
    /// <param name="values">The values to overwrite, in order.</param>
    /// <param name="bound">The largest magnitude; zero or positive and finite.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bound"/> is negative, infinite or NaN.</exception>
    public void Uniform(Span<float> values, float bound)
    {
        if (!(bound >= 0f) || float.IsInfinity(bound))
            throw new ArgumentOutOfRangeException(nameof(bound), bound, "The bound must be zero or positive and finite.");
        for (var i = 0; i < values.Length; i++)
            values[i] = (2f * NextFloat() - 1f) * bound;
    }
}
