namespace NetForge.Cpu;

/// <summary>
/// Zeroed float arrays whose first value starts a 64-byte cache line. .NET places array data on 8 bytes only, and a
/// 512-bit load that straddles two lines costs about twice an aligned one: the dense kernels ran at half their speed
/// on misaligned rows on the build machine. A row whose length is a multiple of 16 floats then starts every row on a
/// line too.
/// </summary>
/// <remarks>
/// The arrays live on the pinned object heap, which never moves them and, on a fresh region, hands out memory in
/// order; a padding array placed in front puts the wanted array on a line. The result is checked, not assumed: where
/// the heap put it elsewhere, new arrays are tried until one lands on a line, and after a few the array is returned
/// where it lies. Alignment changes only the speed, never a value.
/// </remarks>
internal static class AlignedArrays
{
    private const int LineBytes = 64;
    private const int PaddedAttempts = 3;
    private const int RetriedAttempts = 16;

    // Retrying holds the misplaced arrays until one fits, and the heap keeps the room they took; that is worth it for
    // weights and their gradients (the MLP's largest is 784 KB), not for the many-megabyte buffers of large maps.
    private const int RetriedBytes = 1 << 20;

    // The first multiple of a line above the 85,000 bytes from which .NET treats an object as large.
    private const int LargeObjectBytes = 85_056;

    /// <summary>A zeroed array of <paramref name="length"/> floats, its first value on a cache line where the heap allows.</summary>
    public static float[] Allocate(int length)
    {
        // An array shorter than a vector never feeds a full load.
        if (length < Scratch.Alignment)
            return new float[length];
        return Padded(length) ?? (4L * length <= RetriedBytes ? Retried(length) : GC.AllocateArray<float>(length, pinned: true));
    }

    // Two tiny probes show where the next object starts and how much room an object's header takes; a padding array
    // of the size that remains puts the wanted array on a line, if the heap places it after the padding.
    private static float[]? Padded(int length)
    {
        var first = GC.AllocateArray<byte>(1, pinned: true);
        var second = GC.AllocateArray<byte>(1, pinned: true);
        var header = Address(second) - Address(first) - 8;
        var end = Address(second) + 8;
        var large = 4L * length >= LargeObjectBytes;
        for (var attempt = 0; attempt < PaddedAttempts; attempt++)
        {
            // A padding array starts where the last object ended, the wanted array after it.
            var unpadded = end + header + header;
            var padding = (int)((LineBytes - unpadded % LineBytes) % LineBytes);
            var pad = GC.AllocateArray<byte>((attempt > 0 && large ? LargeObjectBytes : 0) + (padding == 0 ? LineBytes : padding), pinned: true);
            var array = GC.AllocateUninitializedArray<float>(length, pinned: true);
            GC.KeepAlive(pad);
            if (StartsLine(array))
                return Cleared(array);
            // The heap put the array elsewhere: into a gap left by collected objects, or, for a large array that did
            // not fit the current region, into another. Objects follow each other there too, so the next attempt pads
            // from this one's end, with a large padding after a large array so that it is placed there as well.
            end = Address(array) + ((4L * length + 7) & ~7L);
        }
        return null;
    }

    // Where gaps scatter the objects, each new array lands somewhere else, on a line about one time in eight. The
    // misplaced ones are held until one fits, so that the heap does not hand their room out again; they are left
    // uninitialised and so never touch their pages.
    private static float[] Retried(int length)
    {
        var misplaced = new List<float[]>();
        for (var attempt = 0; attempt < RetriedAttempts; attempt++)
        {
            var array = GC.AllocateUninitializedArray<float>(length, pinned: true);
            if (StartsLine(array))
                return Cleared(array);
            misplaced.Add(array);
        }
        return Cleared(misplaced[^1]);
    }

    private static float[] Cleared(float[] array)
    {
        Array.Clear(array);
        return array;
    }

    /// <summary>Whether the first value of <paramref name="array"/> starts a cache line.</summary>
    internal static bool StartsLine<T>(T[] array) where T : unmanaged => Address(array) % LineBytes == 0;

    private static unsafe long Address<T>(T[] array) where T : unmanaged
    {
        fixed (T* start = array)
            return (long)start;
    }
}
