using System.Runtime.CompilerServices;

namespace NetForge.Cpu;

/// <summary>
/// How the parts of a split call share out its range of items. The range is cut into a few chunks of whole blocks of
/// items (four samples or outputs for the kernels that block them by four), the last chunk also taking the items past
/// the last whole block, so that every item is in the kind of block it would be in alone. Each part works through its
/// own share of the chunks from the front, then takes what is left of the other parts' shares from their backs: a
/// thread on a slower core (one shared with another machine, say) does less, and a part's items stay on its thread
/// from call to call, in its core's cache, unless it falls behind. Which thread computes a chunk never changes its
/// values.
/// </summary>
internal sealed class RangeClaims
{
    // Each part's share as (front << 32) | back, in chunks, a cache line apart so that an owner's claims stay in its core.
    private const int Stride = 8;

    /// <summary>How many chunks each part's share has, at most; more balance better, and cost a claim each.</summary>
    private const int ChunksPerPart = 4;

    private readonly long[] _shares;
    private readonly int _parts;
    private int _count;
    private int _block;
    private int _blocks;
    private int _chunks;

    public RangeClaims(int parts)
    {
        _parts = parts;
        _shares = new long[parts * Stride];
    }

    /// <summary>Shares out <paramref name="count"/> items in chunks of whole blocks of <paramref name="block"/>; the caller does this before any part starts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Reset(int count, int block)
    {
        _count = count;
        _block = block;
        _blocks = count / block;
        _chunks = count == 0 ? 0 : Math.Min(Math.Max(1, _blocks), ChunksPerPart * _parts);
        for (var part = 0; part < _parts; part++)
        {
            long front = (long)_chunks * part / _parts;
            long back = (long)_chunks * (part + 1) / _parts;
            Volatile.Write(ref _shares[part * Stride], (front << 32) | back);
        }
    }

    /// <summary>
    /// The next items for part <paramref name="part"/>: from its own share, then from the others', starting with the
    /// one <paramref name="victim"/> names, which the caller starts at its part and keeps between calls. False when none
    /// are left.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Next(int part, ref int victim, out int start, out int length)
    {
        for (var tried = 0; tried < _parts; tried++)
        {
            if (Take(victim, front: victim == part, out var chunk))
            {
                start = BlockStart(chunk);
                length = (chunk == _chunks - 1 ? _count : BlockStart(chunk + 1)) - start;
                return true;
            }
            victim = (victim + 1) % _parts;
        }
        (start, length) = (0, 0);
        return false;
    }

    // The chunks' whole blocks differ in number by one at most, so that no part's share is much more than another's.
    private int BlockStart(int chunk) => _block * (int)((long)chunk * _blocks / _chunks);

    // A share's owner takes its chunks from the front, and the other parts from the back, with one exchange each.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Take(int share, bool front, out int chunk)
    {
        ref var bounds = ref _shares[share * Stride];
        while (true)
        {
            var seen = Volatile.Read(ref bounds);
            var (first, end) = ((int)(seen >> 32), (int)seen);
            if (first >= end)
            {
                chunk = -1;
                return false;
            }
            var taken = front ? ((long)(first + 1) << 32) | (uint)end : ((long)first << 32) | (uint)(end - 1);
            if (Interlocked.CompareExchange(ref bounds, taken, seen) == seen)
            {
                chunk = front ? first : end - 1;
                return true;
            }
        }
    }
}
