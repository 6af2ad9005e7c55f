using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace NetForge;

/// <summary>Asks the processor to start loading memory that will be read soon.</summary>
internal static class CacheHint
{
    /// <summary>
    /// Prefetches the cache lines of <paramref name="values"/>. A batch gathers rows from all over a data set larger
    /// than the caches; fetching the next rows while the current one is decoded hides most of each row's miss.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Prefetch<T>(ReadOnlySpan<T> values) where T : unmanaged
    {
        if (!Sse.IsSupported || values.IsEmpty)
            return;
        fixed (T* start = values)
        {
            var first = (byte*)start;
            var end = first + (nint)values.Length * sizeof(T);
            for (var line = first; line < end; line += 64)
                Sse.Prefetch0(line);
        }
    }
}
