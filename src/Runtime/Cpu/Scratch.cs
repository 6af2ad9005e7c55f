using System.Runtime.CompilerServices;

namespace NetForge.Cpu;

/// <summary>
/// Working memory for kernels that need more than their arguments (the convolution's unrolled patches), so that
/// the generated code need not pass any. Each thread has its own buffer, which keeps the kernels thread-safe; it
/// grows only when a call needs more than any before it, so a steady-state training step allocates nothing.
/// No kernel calls another while it holds the buffer, so one buffer per thread suffices.
/// </summary>
internal static class Scratch
{
    /// <summary>Floats per 64-byte cache line: regions start on a line, so that aligned vector loads never split one.</summary>
    public const int Alignment = 16;

    [ThreadStatic]
    private static float[]? t_buffer;

    /// <summary>Where the first cache-line-aligned float of <see cref="t_buffer"/> is.</summary>
    [ThreadStatic]
    private static int t_start;

    /// <summary>The calling thread's buffer, at least <paramref name="length"/> floats long; its contents are left over from earlier calls.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative or too large for an array.</exception>
    public static Span<float> Get(int length)
    {
        var buffer = t_buffer;
        if (buffer is null || buffer.Length - t_start < length)
        {
            if ((uint)length > (uint)(Array.MaxLength - Alignment))
                throw new ArgumentOutOfRangeException(nameof(length), length, "The kernel needs more working memory than an array can hold.");

            // Pinned, so that the alignment computed here stays true: the array never moves.
            buffer = GC.AllocateUninitializedArray<float>(length + Alignment - 1, pinned: true);
            t_buffer = buffer;
            t_start = StartOfLine(buffer);
        }

        return buffer.AsSpan(t_start, length);
    }

    /// <summary>Rounds <paramref name="length"/> up to whole cache lines, for laying out several regions in one buffer.</summary>
    public static int Round(int length) => checked((length + Alignment - 1) / Alignment * Alignment);

    /// <summary>Cuts the first <paramref name="length"/> floats off <paramref name="rest"/>, which then starts at the next cache line.</summary>
    public static Span<float> Take(ref Span<float> rest, int length)
    {
        var part = rest[..length];
        rest = rest[Round(length)..];
        return part;
    }

    private static unsafe int StartOfLine(float[] buffer)
    {
        var address = (nuint)Unsafe.AsPointer(ref buffer[0]);
        var misalignment = (int)(address % (Alignment * sizeof(float)));
        return misalignment == 0 ? 0 : (Alignment * sizeof(float) - misalignment) / sizeof(float);
    }
}
