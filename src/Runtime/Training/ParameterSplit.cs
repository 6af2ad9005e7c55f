using System.Runtime.CompilerServices;

namespace NetForge;

/// <summary>What an optimizer does to some values of one parameter tensor, for <see cref="ParameterSplit"/>.</summary>
internal interface ITensorUpdate
{
    /// <summary>Updates values [<paramref name="start"/>, start + <paramref name="count"/>) of parameter
    /// <paramref name="tensor"/> as a step on one thread updates them.</summary>
    void Update(int tensor, int start, int count);
}

/// <summary>
/// An optimizer's step over every parameter in one hand-over to the trainer's workers. Each part has a share of every
/// tensor, in whole blocks of <see cref="Block"/> values, a multiple of every vector width, so that each value takes the
/// vector or scalar path it takes on one thread and the bits do not depend on the thread count; the values past a
/// tensor's last whole block go with its last share. A part works through its own shares first, then takes what the
/// others have left (<see cref="Cpu.RangeClaims"/>): the shares of a dense weight follow the output rows whose gradient
/// the same part computed, still in its core's cache, and the small tensors no longer wait on one thread.
/// </summary>
internal sealed class ParameterSplit
{
    /// <summary>The values of a block: 16, one AVX-512 vector, two AVX ones, four of 128 bits.</summary>
    public const int Block = 16;

    /// <summary>The fewest values a step splits: some 6 µs of one core's Adam, against a hand-over of about a microsecond.</summary>
    public const int SplitLength = 1 << 13;

    private readonly int[] _lengths;
    private readonly int _parts;

    // The parts' shares of the tensors in the order the claims cut them: part 0's share of every tensor, then part 1's.
    // A share is its tensor, its first and end values, and its units: its whole blocks, and one more for the values past
    // the tensor's last whole block in the last part's share.
    private readonly int[] _tensor;
    private readonly int[] _first;
    private readonly int[] _end;
    private readonly int[] _unitStart;
    private readonly int _units;

    private ParameterSplit(int[] lengths, int parts)
    {
        _lengths = lengths;
        _parts = parts;
        var tensor = new List<int>();
        var first = new List<int>();
        var end = new List<int>();
        var unitStart = new List<int>();
        var units = 0;
        for (var part = 0; part < parts; part++)
        {
            for (var t = 0; t < lengths.Length; t++)
            {
                var (start, stop) = Cpu.Workers.Share(part, parts, lengths[t], Block);
                var count = (stop - start + Block - 1) / Block;
                if (count == 0)
                    continue;
                tensor.Add(t);
                first.Add(start);
                end.Add(stop);
                unitStart.Add(units);
                units += count;
            }
        }
        (_tensor, _first, _end, _unitStart, _units) = (tensor.ToArray(), first.ToArray(), end.ToArray(), unitStart.ToArray(), units);
    }

    /// <summary>
    /// Runs <paramref name="update"/> on every value of every parameter that is not frozen: over the calling thread's
    /// workers when it has some and the values are many enough, else on the calling thread. <paramref name="cache"/>
    /// keeps the shares from step to step, laid out again only when the tensors or the number of workers change.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TUpdate>(ref ParameterSplit? cache, IReadOnlyList<Tensor> parameters, in TUpdate update)
        where TUpdate : struct, ITensorUpdate
    {
        var total = 0L;
        for (var t = 0; t < parameters.Count; t++)
            total += parameters[t].Frozen ? 0 : parameters[t].Length;
        if (Cpu.Workers.Current is not { } workers || total < SplitLength)
        {
            for (var t = 0; t < parameters.Count; t++)
            {
                if (!parameters[t].Frozen)
                    update.Update(t, 0, parameters[t].Length);
            }
            return;
        }

        if (cache is null || !cache.Fits(parameters, workers.Count))
            cache = new ParameterSplit(parameters.Select(p => p.Length).ToArray(), workers.Count);
        var work = PassWork<TUpdate>.Get();
        (work.Update, work.Split, work.Parameters, work.Claims) = (update, cache, parameters, workers.Claims);
        workers.Claims.Reset(cache._units, 1);
        workers.Run(work);
        (work.Split, work.Parameters) = (null, null);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Fits(IReadOnlyList<Tensor> parameters, int parts)
    {
        if (parts != _parts || parameters.Count != _lengths.Length)
            return false;
        for (var t = 0; t < _lengths.Length; t++)
        {
            if (parameters[t].Length != _lengths[t])
                return false;
        }
        return true;
    }

    /// <summary>Updates the values of units [<paramref name="unit"/>, unit + <paramref name="count"/>), share by share.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Apply<TUpdate>(in TUpdate update, IReadOnlyList<Tensor> parameters, int unit, int count)
        where TUpdate : struct, ITensorUpdate
    {
        var share = ShareOf(unit);
        var endUnit = unit + count;
        while (unit < endUnit)
        {
            var shareEnd = share + 1 < _unitStart.Length ? _unitStart[share + 1] : _units;
            var last = Math.Min(endUnit, shareEnd);
            var start = _first[share] + (unit - _unitStart[share]) * Block;
            var end = last == shareEnd ? _end[share] : _first[share] + (last - _unitStart[share]) * Block;
            if (!parameters[_tensor[share]].Frozen)
                update.Update(_tensor[share], start, end - start);
            unit = last;
            share++;
        }
    }

    // The share that holds a unit: the last whose first unit is not past it.
    private int ShareOf(int unit)
    {
        var (low, high) = (0, _unitStart.Length - 1);
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (_unitStart[middle] <= unit)
                low = middle;
            else
                high = middle - 1;
        }
        return low;
    }

    /// <summary>One part's claims of a split step; one per calling thread and kind of update, reused.</summary>
    private sealed class PassWork<TUpdate> : Cpu.IPartWork where TUpdate : struct, ITensorUpdate
    {
        [ThreadStatic]
        private static PassWork<TUpdate>? _cached;

        public TUpdate Update;
        public ParameterSplit? Split;
        public IReadOnlyList<Tensor>? Parameters;
        public Cpu.RangeClaims? Claims;

        public static PassWork<TUpdate> Get() => _cached ??= new();

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run(int part)
        {
            var victim = part;
            while (Claims!.Next(part, ref victim, out var unit, out var count))
                Split!.Apply(Update, Parameters!, unit, count);
        }
    }
}
