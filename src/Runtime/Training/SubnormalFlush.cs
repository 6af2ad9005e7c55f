using System.Numerics;

namespace NetForge;

/// <summary>
/// Sets optimizer state to zero once it has decayed below float's smallest normal value, about 1.2e-38. The moment of
/// a parameter whose gradient has become zero (a weight of a dead ReLU unit) shrinks geometrically and is subnormal
/// for some hundred steps before it rounds to zero, and x86 processors take some hundred cycles over each operation
/// that reads or makes a subnormal: after one epoch of LeNet-5, Adam's step took three times as long as with the
/// moments flushed. The parameters get the same bits either way: what such a moment adds to an update is below the
/// last place of any parameter not itself within about 1e-26 of zero. TensorFlow flushes subnormals on the CPU for
/// the same reason, and PyTorch does with <c>torch.set_flush_denormal(True)</c>; .NET cannot set the processor's
/// flush mode, so the optimizers flush the state they keep.
/// </summary>
internal static class SubnormalFlush
{
    private const float SmallestNormal = 1.17549435e-38f;

    /// <summary>The lanes of <paramref name="value"/> with their subnormal values made zero; NaN stays NaN.</summary>
    public static Vector<float> Flush(Vector<float> value) =>
        Vector.ConditionalSelect(Vector.LessThan(Vector.Abs(value), new Vector<float>(SmallestNormal)), Vector<float>.Zero, value);

    /// <summary>The lanes of <paramref name="value"/> with their subnormal values made zero, at any width; NaN stays NaN.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static TVec Flush<TOps, TVec>(TVec value)
        where TOps : struct, Cpu.IVectorOps<TVec>
        where TVec : struct =>
        TOps.SelectWhereLess(TOps.Abs(value), TOps.Broadcast(SmallestNormal), TOps.Zero, value);

    /// <summary><paramref name="value"/>, or zero if it is subnormal; NaN stays NaN.</summary>
    public static float Flush(float value) => MathF.Abs(value) < SmallestNormal ? 0f : value;
}
