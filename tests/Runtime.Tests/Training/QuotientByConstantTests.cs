using System.Runtime.Intrinsics;
using NetForge.Cpu;

namespace NetForge.Runtime.Tests.Training;

/// <summary>
/// Adam's division by the square root of its second bias correction, made with a reciprocal and two fused
/// multiply-adds: the same bits as the division, for the divisors of many steps and square roots over the whole range
/// a kept second moment can have, at every vector width and in the scalar tail.
/// </summary>
public class QuotientByConstantTests
{
    public static TheoryData<int> Steps => new([1, 2, 3, 7, 10, 100, 937, 1000, 9370, 50_000]);

    [Theory]
    [MemberData(nameof(Steps))]
    public void The_quotient_has_the_bits_of_the_division(int step)
    {
        var divisor = (float)Math.Sqrt(1.0 - Math.Pow(0.999, step));
        var reciprocal = 1f / divisor;
        var random = new Random(step);
        var values = new float[1 << 16];
        for (var i = 0; i < values.Length; i++)
        {
            // Square roots of second moments from the smallest kept one, about 1e-19, to that of float's largest value.
            values[i] = (float)Math.Exp(random.NextDouble() * (Math.Log(1.9e19) - Math.Log(1.1e-19)) + Math.Log(1.1e-19));
        }
        float[] edges = [0f, 1.0842022e-19f, 1f, divisor, reciprocal, 1.8446743e19f, float.PositiveInfinity];
        edges.CopyTo(values, 0);

        if (Vector512.IsHardwareAccelerated)
            CheckVectors<Vector512Ops, Vector512<float>>(values, divisor, reciprocal, (v, lane) => v[lane]);
        if (Vector256.IsHardwareAccelerated)
            CheckVectors<Vector256Ops, Vector256<float>>(values, divisor, reciprocal, (v, lane) => v[lane]);
        CheckVectors<Vector128Ops, Vector128<float>>(values, divisor, reciprocal, (v, lane) => v[lane]);
        CheckVectors<ScalarOps, float>(values, divisor, reciprocal, (v, _) => v);
    }

    private static void CheckVectors<TOps, TVec>(float[] values, float divisor, float reciprocal, Func<TVec, int, float> lane)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
    {
        for (var i = 0; i + TOps.Count <= values.Length; i += TOps.Count)
        {
            var quotient = Adam.QuotientByConstant<TOps, TVec>(TOps.Load(ref values[i]), TOps.Broadcast(divisor), TOps.Broadcast(reciprocal));
            for (var j = 0; j < TOps.Count; j++)
                AssertSameBits(values[i + j] / divisor, lane(quotient, j), values[i + j], divisor);
        }
    }

    private static void AssertSameBits(float expected, float actual, float a, float divisor) =>
        Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(actual),
            FormattableString.Invariant($"{a:R} / {divisor:R}: the division gives {expected:R}, the reciprocal's form {actual:R}"));
}
