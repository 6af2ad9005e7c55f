using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetForge.Cpu;

/// <summary>Matrix transposes for the kernels that change a tensor's layout, between filters and positions or taps.</summary>
internal static class Transposition
{
    /// <summary>
    /// Writes <paramref name="source"/>, [rows, columns], into <paramref name="target"/> as [columns, rows], each target
    /// row written one value after the other. Compiled optimised at once, as the kernels are: left to tiering, such a
    /// loop ran unoptimised through the first hundreds of training steps. Spans are not checked.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(ReadOnlySpan<float> source, int rows, int columns, Span<float> target)
    {
        ref var s0 = ref MemoryMarshal.GetReference(source);
        ref var t0 = ref MemoryMarshal.GetReference(target);
        for (nint c = 0; c < columns; c++)
        {
            ref var column = ref Unsafe.Add(ref s0, c);
            ref var row = ref Unsafe.Add(ref t0, c * rows);
            for (nint r = 0; r < rows; r++)
                Unsafe.Add(ref row, r) = Unsafe.Add(ref column, r * columns);
        }
    }
}
