using System.Numerics;
using System.Runtime.InteropServices;

namespace NetForge;

/// <summary>Finds NaN and infinite values: those whose exponent bits are all set.</summary>
internal static class NonFinite
{
    private const uint ExponentBits = 0x7F80_0000;

    /// <summary>The index of the first value that is NaN or ±∞, or −1 when every value is finite.</summary>
    public static int IndexOf(ReadOnlySpan<float> values)
    {
        var bits = MemoryMarshal.Cast<float, uint>(values);
        var exponent = new Vector<uint>(ExponentBits);
        var i = 0;
        // Whole vectors are only tested; the scalar loop then pins down the first bad value in the vector that has one.
        for (; i <= bits.Length - Vector<uint>.Count; i += Vector<uint>.Count)
        {
            if (Vector.EqualsAny(new Vector<uint>(bits[i..]) & exponent, exponent))
                break;
        }
        for (; i < bits.Length; i++)
        {
            if ((bits[i] & ExponentBits) == ExponentBits)
                return i;
        }
        return -1;
    }
}
