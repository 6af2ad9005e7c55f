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

    /// <summary>
    /// Fills <paramref name="values"/> with floats drawn from a normal distribution of mean 0 and standard deviation
    /// <paramref name="std"/>, by Marsaglia's polar method on 53-bit uniforms.
    /// </summary>
    /// <param name="values">The values to overwrite, in order.</param>
    /// <param name="std">The standard deviation; zero or positive and finite.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="std"/> is negative, infinite or NaN.</exception>
    public void Normal(Span<float> values, float std)
    {
        if (!(std >= 0f) || float.IsInfinity(std))
            throw new ArgumentOutOfRangeException(nameof(std), std, "The standard deviation must be zero or positive and finite.");
        var i = 0;
        while (i < values.Length)
        {
            double u, v, s;
            do
            {
                u = 2 * NextDouble() - 1;
                v = 2 * NextDouble() - 1;
                s = u * u + v * v;
            }
            while (s >= 1 || s == 0);
            var factor = std * Math.Sqrt(-2 * Log(s) / s);
            values[i++] = (float)(u * factor);
            if (i < values.Length)
                values[i++] = (float)(v * factor);
        }
    }

    private double NextDouble() => (_bits.Next() >> 11) * (1.0 / (1UL << 53));

    /// <summary>
    /// The natural logarithm of a positive normal double from +, −, × and ÷ alone, which IEEE 754 rounds the same
    /// everywhere; <see cref="Math.Log(double)"/> comes from the platform's C library, whose last bit may differ
    /// between machines. Accurate to a few units in the last place.
    /// </summary>
    internal static double Log(double x)
    {
        const double ln2 = 0.69314718055994530942;
        var bits = BitConverter.DoubleToInt64Bits(x);
        var exponent = (int)((bits >> 52) & 0x7FF) - 1023;
        var mantissa = BitConverter.Int64BitsToDouble((bits & 0xFFFFFFFFFFFFFL) | 0x3FF0000000000000L);
        // Centring the mantissa on 1 keeps |z| below 0.172, where the series below converges fast.
        if (mantissa > 1.4142135623730951)
        {
            mantissa /= 2;
            exponent++;
        }
        // ln(m) = 2·atanh(z) = 2·(z + z³/3 + z⁵/5 + ...) with z = (m − 1)/(m + 1); z²¹ is below 1e-16 of z.
        var z = (mantissa - 1) / (mantissa + 1);
        var z2 = z * z;
        var sum = 0.0;
        for (var k = 12; k >= 0; k--)
            sum = sum * z2 + 1.0 / (2 * k + 1);
        return 2 * z * sum + exponent * ln2;
    }
}
