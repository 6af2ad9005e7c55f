using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NetForge.Cpu;

/// <summary>
/// Sums of floats taken in double, in a fixed layout of eight lanes (four 128-bit vectors of two doubles) whatever
/// the machine's vector width, so that a batch's statistics and a gradient's norm have the same bits everywhere.
/// </summary>
/// <remarks>
/// Lane j accumulates the elements at 8·c + j, in order of c. The lanes reduce as ((l0,1 + l4,5) + (l2,3 + l6,7)),
/// then the pair's two doubles; the last count mod 8 elements are added after, in order. Without SIMD hardware the
/// runtime runs the 128-bit code in software, with the same results.
/// </remarks>
internal static class DoubleSums
{
    private const int Group = 8;

    /// <summary>Σx.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Sum(ref float x, nint count)
    {
        Vector128<double> a0 = default, a1 = default, a2 = default, a3 = default;
        var whole = count & ~(nint)(Group - 1);
        for (nint i = 0; i < whole; i += Group)
        {
            var (low, high) = (Vector128.LoadUnsafe(ref Unsafe.Add(ref x, i)), Vector128.LoadUnsafe(ref Unsafe.Add(ref x, i + 4)));
            a0 += Vector128.WidenLower(low);
            a1 += Vector128.WidenUpper(low);
            a2 += Vector128.WidenLower(high);
            a3 += Vector128.WidenUpper(high);
        }

        var sum = Fold(a0, a1, a2, a3);
        for (var i = whole; i < count; i++)
            sum += Unsafe.Add(ref x, i);
        return sum;
    }

    /// <summary>Σ(x − mean)²; with a mean of zero, Σx².</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double SquaredDeviations(ref float x, nint count, double mean)
    {
        Vector128<double> a0 = default, a1 = default, a2 = default, a3 = default;
        var means = Vector128.Create(mean);
        var whole = count & ~(nint)(Group - 1);
        for (nint i = 0; i < whole; i += Group)
        {
            var (low, high) = (Vector128.LoadUnsafe(ref Unsafe.Add(ref x, i)), Vector128.LoadUnsafe(ref Unsafe.Add(ref x, i + 4)));
            var (d0, d1) = (Vector128.WidenLower(low) - means, Vector128.WidenUpper(low) - means);
            var (d2, d3) = (Vector128.WidenLower(high) - means, Vector128.WidenUpper(high) - means);
            a0 += d0 * d0;
            a1 += d1 * d1;
            a2 += d2 * d2;
            a3 += d3 * d3;
        }

        var sum = Fold(a0, a1, a2, a3);
        for (var i = whole; i < count; i++)
        {
            var deviation = Unsafe.Add(ref x, i) - mean;
            sum += deviation * deviation;
        }

        return sum;
    }

    /// <summary>Σdy and Σdy·(x − mean).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (double Dy, double DyCentred) GradientSums(ref float dy, ref float x, nint count, double mean)
    {
        Vector128<double> s0 = default, s1 = default, s2 = default, s3 = default;
        Vector128<double> p0 = default, p1 = default, p2 = default, p3 = default;
        var means = Vector128.Create(mean);
        var whole = count & ~(nint)(Group - 1);
        for (nint i = 0; i < whole; i += Group)
        {
            var (dLow, dHigh) = (Vector128.LoadUnsafe(ref Unsafe.Add(ref dy, i)), Vector128.LoadUnsafe(ref Unsafe.Add(ref dy, i + 4)));
            var (xLow, xHigh) = (Vector128.LoadUnsafe(ref Unsafe.Add(ref x, i)), Vector128.LoadUnsafe(ref Unsafe.Add(ref x, i + 4)));
            var (d0, d1, d2, d3) = (Vector128.WidenLower(dLow), Vector128.WidenUpper(dLow), Vector128.WidenLower(dHigh), Vector128.WidenUpper(dHigh));
            s0 += d0;
            s1 += d1;
            s2 += d2;
            s3 += d3;
            p0 += d0 * (Vector128.WidenLower(xLow) - means);
            p1 += d1 * (Vector128.WidenUpper(xLow) - means);
            p2 += d2 * (Vector128.WidenLower(xHigh) - means);
            p3 += d3 * (Vector128.WidenUpper(xHigh) - means);
        }

        var (sumDy, sumProduct) = (Fold(s0, s1, s2, s3), Fold(p0, p1, p2, p3));
        for (var i = whole; i < count; i++)
        {
            double d = Unsafe.Add(ref dy, i);
            sumDy += d;
            sumProduct += d * (Unsafe.Add(ref x, i) - mean);
        }

        return (sumDy, sumProduct);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Fold(Vector128<double> a0, Vector128<double> a1, Vector128<double> a2, Vector128<double> a3)
    {
        var pair = (a0 + a2) + (a1 + a3);
        return pair.GetElement(0) + pair.GetElement(1);
    }
}
