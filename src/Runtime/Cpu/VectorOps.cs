using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace NetForge.Cpu;

/// <summary>
/// The few vector operations the kernels need, abstracted over the vector width so that one kernel body
/// serves every width: the JIT compiles a separate copy for each struct implementation and inlines the calls.
/// </summary>
/// <typeparam name="TVec">The vector type; <see cref="float"/> for the scalar fallback.</typeparam>
/// <remarks>
/// The kernels' methods with loops skip tiered compilation (<see cref="MethodImplOptions.AggressiveOptimization"/>):
/// quickly compiled loops made a first training epoch up to a third slower until the runtime recompiled them.
/// </remarks>
internal interface IVectorOps<TVec> where TVec : struct
{
    /// <summary>Floats per vector.</summary>
    static abstract int Count { get; }

    static abstract TVec Zero { get; }

    static abstract TVec Load(ref float source);

    static abstract void Store(TVec value, ref float destination);

    static abstract TVec Broadcast(float value);

    /// <summary>
    /// left · right + addend with one rounding, on every width: where the hardware has no fused multiply-add the
    /// runtime computes it in software, so that a value is the same whichever width (or scalar tail) computed it.
    /// </summary>
    static abstract TVec MultiplyAdd(TVec left, TVec right, TVec addend);

    static abstract TVec Add(TVec left, TVec right);

    static abstract TVec Multiply(TVec left, TVec right);

    /// <summary>Lane by lane, condition &gt; 0 ? whenPositive : otherwise; a NaN condition picks otherwise.</summary>
    static abstract TVec SelectWherePositive(TVec condition, TVec whenPositive, TVec otherwise);

    /// <summary>Lane by lane, left &gt; right ? left : right: the larger value, and right when they tie or either is NaN.</summary>
    static abstract TVec Larger(TVec left, TVec right);

    // The arithmetic an optimizer's update takes, each operation correctly rounded on every width.
    static abstract TVec Subtract(TVec left, TVec right);

    static abstract TVec Divide(TVec left, TVec right);

    static abstract TVec SquareRoot(TVec value);

    static abstract TVec Negate(TVec value);

    static abstract TVec Abs(TVec value);

    /// <summary>Lane by lane, left &lt; right ? whenLess : otherwise; a NaN on either side picks otherwise.</summary>
    static abstract TVec SelectWhereLess(TVec left, TVec right, TVec whenLess, TVec otherwise);
}

/// <summary>
/// Sums along a row in a fixed layout of <see cref="Lanes.Group"/> lanes, whatever the vector width, so that a sum
/// has the same bits on a machine with 512-bit, 256-bit or 128-bit vectors (or none: the runtime then runs the
/// 128-bit code in software).
/// </summary>
/// <remarks>
/// Lane j accumulates the elements at 16·c + j, in order of c, one fused multiply-add (or addition) each. A 512-bit
/// vector holds all 16 lanes; a narrower one takes 16 / Count passes over the row, each pass one group of Count
/// lanes. The lanes then reduce in 128-bit quarters: a quarter's sum is (l0 + l1) + (l2 + l3), and the four
/// quarters add in order, so that each pass of a narrower width continues where the last one stopped. The last
/// n mod 16 elements of a row, when there are any, are summed on their own, in order, and added last.
/// </remarks>
internal interface ILaneSums<TVec> : IVectorOps<TVec> where TVec : struct
{
    /// <summary>[Σa, Σb, Σc, Σd] of the first pass's accumulators, sharing the shuffles between them.</summary>
    static abstract Vector128<float> Sum4(TVec a, TVec b, TVec c, TVec d);

    /// <summary>total + [Σa, Σb, Σc, Σd], for a later pass, continuing the order of the quarters.</summary>
    static abstract Vector128<float> AddSum4(Vector128<float> total, TVec a, TVec b, TVec c, TVec d);
}

/// <summary>
/// Operations on neighbouring pairs of lanes and on lane masks (all bits set or none), for kernels that work on
/// pairs of values in place, as the 2 × 2 max-pooling backward pass does with each row of a window.
/// </summary>
internal interface IPairOps<TVec> : IVectorOps<TVec> where TVec : struct
{
    /// <summary>All bits set in the odd lanes, none in the even ones.</summary>
    static abstract TVec OddLanes { get; }

    /// <summary>All bits set in the even lanes, none in the odd ones.</summary>
    static abstract TVec EvenLanes { get; }

    /// <summary>[v1, v0, v3, v2, …]: each lane's pair partner.</summary>
    static abstract TVec SwapPairs(TVec value);

    /// <summary>Count / 2 floats from <paramref name="source"/>, each twice: [s0, s0, s1, s1, …].</summary>
    static abstract TVec LoadTwice(ref float source);

    /// <summary>Stores the even lanes, [v0, v2, v4, …], as Count / 2 floats.</summary>
    static abstract void StoreEvenLanes(TVec value, ref float destination);

    /// <summary>Lane by lane, a mask of left &gt; right (none where either is NaN).</summary>
    static abstract TVec GreaterThan(TVec left, TVec right);

    /// <summary>Lane by lane, mask ? whenTrue : otherwise.</summary>
    static abstract TVec Select(TVec mask, TVec whenTrue, TVec otherwise);

    static abstract TVec And(TVec left, TVec right);

    /// <summary>left &amp; ~right.</summary>
    static abstract TVec AndNot(TVec left, TVec right);
}

/// <summary>The fixed lane layout of <see cref="ILaneSums{TVec}"/>.</summary>
internal static class Lanes
{
    /// <summary>Lanes in the layout: one 512-bit vector of floats.</summary>
    public const int Group = 16;

    /// <summary>The elements of a row of <paramref name="length"/> that fill whole groups; the rest is the tail.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static nint Whole(nint length) => length & ~(nint)(Group - 1);

    /// <summary>The first pass's sums, or a later pass's added to them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Sum4<TOps, TVec>(nint start, Vector128<float> total, TVec a, TVec b, TVec c, TVec d)
        where TOps : struct, ILaneSums<TVec>
        where TVec : struct =>
        start == 0 ? TOps.Sum4(a, b, c, d) : TOps.AddSum4(total, a, b, c, d);

    /// <summary>Σ values[i] in the layout, for a row of any length.</summary>
    public static float Sum<TOps, TVec>(ref float values, nint length)
        where TOps : struct, ILaneSums<TVec>
        where TVec : struct
    {
        var whole = Whole(length);
        var total = Vector128<float>.Zero;
        for (nint start = 0; start < Group; start += TOps.Count)
        {
            var sum = TOps.Zero;
            for (var i = start; i < whole; i += Group)
                sum = TOps.Add(sum, TOps.Load(ref Unsafe.Add(ref values, i)));
            total = Sum4<TOps, TVec>(start, total, sum, sum, sum, sum);
        }

        var tail = 0f;
        for (var i = whole; i < length; i++)
            tail += Unsafe.Add(ref values, i);
        return total.ToScalar() + tail;
    }
}

/// <summary>Reductions shared by the vector widths.</summary>
internal static class Horizontal
{
    /// <summary>[Σa, Σb, Σc, Σd] for four 4-float vectors, each (v0 + v1) + (v2 + v3): a 4×4 transpose fused with the additions.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Sum4(Vector128<float> a, Vector128<float> b, Vector128<float> c, Vector128<float> d)
    {
        if (Sse3.IsSupported)
            return Sse3.HorizontalAdd(Sse3.HorizontalAdd(a, b), Sse3.HorizontalAdd(c, d));
        if (AdvSimd.Arm64.IsSupported)
            return AdvSimd.Arm64.AddPairwise(AdvSimd.Arm64.AddPairwise(a, b), AdvSimd.Arm64.AddPairwise(c, d));
        return Vector128.Create(Pairs(a), Pairs(b), Pairs(c), Pairs(d));
    }

    private static float Pairs(Vector128<float> v) => (v.GetElement(0) + v.GetElement(1)) + (v.GetElement(2) + v.GetElement(3));
}

/// <summary>AVX-512 width: 16 floats.</summary>
internal readonly struct Vector512Ops : ILaneSums<Vector512<float>>, IPairOps<Vector512<float>>
{
    public static int Count => Vector512<float>.Count;

    public static Vector512<float> OddLanes => Vector512.Create(0, -1, 0, -1, 0, -1, 0, -1, 0, -1, 0, -1, 0, -1, 0, -1).AsSingle();

    public static Vector512<float> EvenLanes => Vector512.Create(-1, 0, -1, 0, -1, 0, -1, 0, -1, 0, -1, 0, -1, 0, -1, 0).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> SwapPairs(Vector512<float> value) => Vector512.Shuffle(value, Vector512.Create(1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> LoadTwice(ref float source) => Vector512.Shuffle(Vector256.LoadUnsafe(ref source).ToVector512Unsafe(), Vector512.Create(0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreEvenLanes(Vector512<float> value, ref float destination) =>
        Vector512.Shuffle(value, Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 0, 2, 4, 6, 8, 10, 12, 14)).GetLower().StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> GreaterThan(Vector512<float> left, Vector512<float> right) => Vector512.GreaterThan(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Select(Vector512<float> mask, Vector512<float> whenTrue, Vector512<float> otherwise) => Vector512.ConditionalSelect(mask, whenTrue, otherwise);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> And(Vector512<float> left, Vector512<float> right) => left & right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> AndNot(Vector512<float> left, Vector512<float> right) => Vector512.AndNot(left, right);

    public static Vector512<float> Zero => Vector512<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Load(ref float source) => Vector512.LoadUnsafe(ref source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<float> value, ref float destination) => value.StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Broadcast(float value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> MultiplyAdd(Vector512<float> left, Vector512<float> right, Vector512<float> addend) =>
        Vector512.FusedMultiplyAdd(left, right, addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Add(Vector512<float> left, Vector512<float> right) => left + right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Multiply(Vector512<float> left, Vector512<float> right) => left * right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> SelectWherePositive(Vector512<float> condition, Vector512<float> whenPositive, Vector512<float> otherwise) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(condition, Vector512<float>.Zero), whenPositive, otherwise);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Larger(Vector512<float> left, Vector512<float> right) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(left, right), left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Subtract(Vector512<float> left, Vector512<float> right) => left - right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Divide(Vector512<float> left, Vector512<float> right) => left / right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> SquareRoot(Vector512<float> value) => Vector512.Sqrt(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Negate(Vector512<float> value) => -value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Abs(Vector512<float> value) => Vector512.Abs(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> SelectWhereLess(Vector512<float> left, Vector512<float> right, Vector512<float> whenLess, Vector512<float> otherwise) =>
        Vector512.ConditionalSelect(Vector512.LessThan(left, right), whenLess, otherwise);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Sum4(Vector512<float> a, Vector512<float> b, Vector512<float> c, Vector512<float> d)
    {
        var quarters = QuarterSums(a, b, c, d);
        return ((quarters.GetLower().GetLower() + quarters.GetLower().GetUpper()) + quarters.GetUpper().GetLower()) + quarters.GetUpper().GetUpper();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> AddSum4(Vector128<float> total, Vector512<float> a, Vector512<float> b, Vector512<float> c, Vector512<float> d)
    {
        var quarters = QuarterSums(a, b, c, d);
        return (((total + quarters.GetLower().GetLower()) + quarters.GetLower().GetUpper()) + quarters.GetUpper().GetLower()) + quarters.GetUpper().GetUpper();
    }

    /// <summary>
    /// Quarter m of the result is <see cref="Sum4"/> of the quarters of <paramref name="first"/> to <paramref name="fourth"/>
    /// (each of them <see cref="QuarterSums"/>' result), ((q0 + q1) + q2) + q3, four sums of four at once: the quarters
    /// are exchanged between the vectors so that one addition adds a quarter of each.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> AddQuarters(Vector512<float> first, Vector512<float> second, Vector512<float> third, Vector512<float> fourth)
    {
        // [f.q0, f.q1, s.q0, s.q1] and [f.q2, f.q3, s.q2, s.q3], then the same of the third and fourth.
        var low = Avx512F.Shuffle4x128(first, second, 0b_01_00_01_00);
        var high = Avx512F.Shuffle4x128(first, second, 0b_11_10_11_10);
        var low2 = Avx512F.Shuffle4x128(third, fourth, 0b_01_00_01_00);
        var high2 = Avx512F.Shuffle4x128(third, fourth, 0b_11_10_11_10);
        var q0 = Avx512F.Shuffle4x128(low, low2, 0b_10_00_10_00);
        var q1 = Avx512F.Shuffle4x128(low, low2, 0b_11_01_11_01);
        var q2 = Avx512F.Shuffle4x128(high, high2, 0b_10_00_10_00);
        var q3 = Avx512F.Shuffle4x128(high, high2, 0b_11_01_11_01);
        return ((q0 + q1) + q2) + q3;
    }

    /// <summary>Quarter q of the result is [Σa.q, Σb.q, Σc.q, Σd.q]: the 128-bit horizontal additions, done in every quarter at once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> QuarterSums(Vector512<float> a, Vector512<float> b, Vector512<float> c, Vector512<float> d)
    {
        if (!Avx512F.IsSupported)
        {
            return Vector512.Create(
                Vector256.Create(Horizontal.Sum4(a.GetLower().GetLower(), b.GetLower().GetLower(), c.GetLower().GetLower(), d.GetLower().GetLower()),
                    Horizontal.Sum4(a.GetLower().GetUpper(), b.GetLower().GetUpper(), c.GetLower().GetUpper(), d.GetLower().GetUpper())),
                Vector256.Create(Horizontal.Sum4(a.GetUpper().GetLower(), b.GetUpper().GetLower(), c.GetUpper().GetLower(), d.GetUpper().GetLower()),
                    Horizontal.Sum4(a.GetUpper().GetUpper(), b.GetUpper().GetUpper(), c.GetUpper().GetUpper(), d.GetUpper().GetUpper())));
        }

        // Within each quarter, as SSE3's HorizontalAdd: [x0 + x1, x2 + x3, y0 + y1, y2 + y3].
        var ab = Avx512F.Shuffle(a, b, 0b_10_00_10_00) + Avx512F.Shuffle(a, b, 0b_11_01_11_01);
        var cd = Avx512F.Shuffle(c, d, 0b_10_00_10_00) + Avx512F.Shuffle(c, d, 0b_11_01_11_01);
        return Avx512F.Shuffle(ab, cd, 0b_10_00_10_00) + Avx512F.Shuffle(ab, cd, 0b_11_01_11_01);
    }
}

/// <summary>AVX2 width: 8 floats.</summary>
internal readonly struct Vector256Ops : ILaneSums<Vector256<float>>, IPairOps<Vector256<float>>
{
    public static int Count => Vector256<float>.Count;

    public static Vector256<float> OddLanes => Vector256.Create(0, -1, 0, -1, 0, -1, 0, -1).AsSingle();

    public static Vector256<float> EvenLanes => Vector256.Create(-1, 0, -1, 0, -1, 0, -1, 0).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> SwapPairs(Vector256<float> value) => Vector256.Shuffle(value, Vector256.Create(1, 0, 3, 2, 5, 4, 7, 6));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> LoadTwice(ref float source) => Vector256.Shuffle(Vector128.LoadUnsafe(ref source).ToVector256Unsafe(), Vector256.Create(0, 0, 1, 1, 2, 2, 3, 3));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreEvenLanes(Vector256<float> value, ref float destination) =>
        Vector256.Shuffle(value, Vector256.Create(0, 2, 4, 6, 0, 2, 4, 6)).GetLower().StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> GreaterThan(Vector256<float> left, Vector256<float> right) => Vector256.GreaterThan(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Select(Vector256<float> mask, Vector256<float> whenTrue, Vector256<float> otherwise) => Vector256.ConditionalSelect(mask, whenTrue, otherwise);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> And(Vector256<float> left, Vector256<float> right) => left & right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> AndNot(Vector256<float> left, Vector256<float> right) => Vector256.AndNot(left, right);

    public static Vector256<float> Zero => Vector256<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load(ref float source) => Vector256.LoadUnsafe(ref source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<float> value, ref float destination) => value.StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Broadcast(float value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> MultiplyAdd(Vector256<float> left, Vector256<float> right, Vector256<float> addend) =>
        Vector256.FusedMultiplyAdd(left, right, addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Add(Vector256<float> left, Vector256<float> right) => left + right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Multiply(Vector256<float> left, Vector256<float> right) => left * right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> SelectWherePositive(Vector256<float> condition, Vector256<float> whenPositive, Vector256<float> otherwise) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(condition, Vector256<float>.Zero), whenPositive, otherwise);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Larger(Vector256<float> left, Vector256<float> right) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(left, right), left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Subtract(Vector256<float> left, Vector256<float> right) => left - right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Divide(Vector256<float> left, Vector256<float> right) => left / right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> SquareRoot(Vector256<float> value) => Vector256.Sqrt(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Negate(Vector256<float> value) => -value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Abs(Vector256<float> value) => Vector256.Abs(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> SelectWhereLess(Vector256<float> left, Vector256<float> right, Vector256<float> whenLess, Vector256<float> otherwise) =>
        Vector256.ConditionalSelect(Vector256.LessThan(left, right), whenLess, otherwise);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Sum4(Vector256<float> a, Vector256<float> b, Vector256<float> c, Vector256<float> d)
    {
        var halves = HalfSums(a, b, c, d);
        return halves.GetLower() + halves.GetUpper();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> AddSum4(Vector128<float> total, Vector256<float> a, Vector256<float> b, Vector256<float> c, Vector256<float> d)
    {
        var halves = HalfSums(a, b, c, d);
        return (total + halves.GetLower()) + halves.GetUpper();
    }

    /// <summary>Half h of the result is [Σa.h, Σb.h, Σc.h, Σd.h].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> HalfSums(Vector256<float> a, Vector256<float> b, Vector256<float> c, Vector256<float> d) =>
        Avx.IsSupported
            ? Avx.HorizontalAdd(Avx.HorizontalAdd(a, b), Avx.HorizontalAdd(c, d))
            : Vector256.Create(Horizontal.Sum4(a.GetLower(), b.GetLower(), c.GetLower(), d.GetLower()),
                Horizontal.Sum4(a.GetUpper(), b.GetUpper(), c.GetUpper(), d.GetUpper()));
}

/// <summary>SSE / NEON width: 4 floats.</summary>
internal readonly struct Vector128Ops : ILaneSums<Vector128<float>>, IPairOps<Vector128<float>>
{
    public static int Count => Vector128<float>.Count;

    public static Vector128<float> OddLanes => Vector128.Create(0, -1, 0, -1).AsSingle();

    public static Vector128<float> EvenLanes => Vector128.Create(-1, 0, -1, 0).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> SwapPairs(Vector128<float> value) => Vector128.Shuffle(value, Vector128.Create(1, 0, 3, 2));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> LoadTwice(ref float source) => Vector128.Create(source, source, Unsafe.Add(ref source, 1), Unsafe.Add(ref source, 1));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreEvenLanes(Vector128<float> value, ref float destination) =>
        Unsafe.WriteUnaligned(ref Unsafe.As<float, byte>(ref destination), Vector128.Shuffle(value, Vector128.Create(0, 2, 0, 2)).AsUInt64().ToScalar());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> GreaterThan(Vector128<float> left, Vector128<float> right) => Vector128.GreaterThan(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Select(Vector128<float> mask, Vector128<float> whenTrue, Vector128<float> otherwise) => Vector128.ConditionalSelect(mask, whenTrue, otherwise);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> And(Vector128<float> left, Vector128<float> right) => left & right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> AndNot(Vector128<float> left, Vector128<float> right) => Vector128.AndNot(left, right);

    public static Vector128<float> Zero => Vector128<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Load(ref float source) => Vector128.LoadUnsafe(ref source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<float> value, ref float destination) => value.StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Broadcast(float value) => Vector128.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> MultiplyAdd(Vector128<float> left, Vector128<float> right, Vector128<float> addend) =>
        Vector128.FusedMultiplyAdd(left, right, addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Add(Vector128<float> left, Vector128<float> right) => left + right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Multiply(Vector128<float> left, Vector128<float> right) => left * right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> SelectWherePositive(Vector128<float> condition, Vector128<float> whenPositive, Vector128<float> otherwise) =>
        Vector128.ConditionalSelect(Vector128.GreaterThan(condition, Vector128<float>.Zero), whenPositive, otherwise);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Larger(Vector128<float> left, Vector128<float> right) =>
        Vector128.ConditionalSelect(Vector128.GreaterThan(left, right), left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Subtract(Vector128<float> left, Vector128<float> right) => left - right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Divide(Vector128<float> left, Vector128<float> right) => left / right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> SquareRoot(Vector128<float> value) => Vector128.Sqrt(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Negate(Vector128<float> value) => -value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Abs(Vector128<float> value) => Vector128.Abs(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> SelectWhereLess(Vector128<float> left, Vector128<float> right, Vector128<float> whenLess, Vector128<float> otherwise) =>
        Vector128.ConditionalSelect(Vector128.LessThan(left, right), whenLess, otherwise);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Sum4(Vector128<float> a, Vector128<float> b, Vector128<float> c, Vector128<float> d) =>
        Horizontal.Sum4(a, b, c, d);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> AddSum4(Vector128<float> total, Vector128<float> a, Vector128<float> b, Vector128<float> c, Vector128<float> d) =>
        total + Horizontal.Sum4(a, b, c, d);
}

/// <summary>One float per "vector": the scalar tails of the vector kernels, lane for lane the same arithmetic.</summary>
internal readonly struct ScalarOps : IVectorOps<float>
{
    public static int Count => 1;

    public static float Zero => 0f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Load(ref float source) => source;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(float value, ref float destination) => destination = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Broadcast(float value) => value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MultiplyAdd(float left, float right, float addend) => MathF.FusedMultiplyAdd(left, right, addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Add(float left, float right) => left + right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Multiply(float left, float right) => left * right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float SelectWherePositive(float condition, float whenPositive, float otherwise) =>
        condition > 0f ? whenPositive : otherwise;

    /// <remarks>MAXSS computes exactly this, and without the branch a conditional would compile to.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Larger(float left, float right) =>
        Sse.IsSupported ? Sse.MaxScalar(Vector128.CreateScalarUnsafe(left), Vector128.CreateScalarUnsafe(right)).ToScalar() : left > right ? left : right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Subtract(float left, float right) => left - right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Divide(float left, float right) => left / right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float SquareRoot(float value) => MathF.Sqrt(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Negate(float value) => -value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Abs(float value) => MathF.Abs(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float SelectWhereLess(float left, float right, float whenLess, float otherwise) => left < right ? whenLess : otherwise;
}
