using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace NetForge.Cpu;

/// <summary>One part of a kernel call that <see cref="Workers"/> runs on one of its threads.</summary>
internal interface IPartWork
{
    /// <summary>Runs part <paramref name="part"/> of <see cref="Workers.Count"/>.</summary>
    void Run(int part);
}

/// <summary>What a kernel does to a range of the items it splits (samples, or a dense layer's outputs), for
/// <see cref="Workers.SplitRange{TPass}"/>.</summary>
internal interface IRangePass
{
    /// <summary>Runs the kernel on <paramref name="count"/> items from <paramref name="start"/> on, as it would alone.</summary>
    void Run(int start, int count);
}

/// <summary>
/// Threads that run the parts of a kernel call beside the calling thread, started once and reused by every call.
/// A kernel splits only what each output's arithmetic does not depend on (which samples, which output rows), so a
/// result is the same bits whatever the number of threads. The kernels called on a thread use the workers that
/// <see cref="Enter"/> set for that thread, so that trainers on different threads do not share them.
/// </summary>
internal sealed class Workers
{
    [ThreadStatic]
    private static Workers? _current;

    // Each calling thread keeps its workers for later trainers that want as many.
    [ThreadStatic]
    private static Workers? _kept;

    // A call is handed over by bumping _call, which the spinning workers watch. Each part is claimed for the call, in
    // its slot, by its worker or, if the worker has not come by the time the caller has done its own part, by the
    // caller, which then runs it itself: on a shared machine a worker's core is now and then taken away for a few
    // milliseconds, and a single prediction waited that long for it, a hundred times its own time. The caller then
    // waits only for the parts a worker claimed, each of which marks its slot done: a plain write and read of one cache
    // line each way, where a semaphore and a countdown event took some 2 µs a call. A thread that has spun long enough
    // sleeps on its semaphore after raising its flag in _sleeping; the other side wakes it only if it finds the flag up.
    private readonly SemaphoreSlim[] _wake;
    private readonly int[] _sleeping;
    private readonly int[] _slots;
    private IPartWork? _work;
    private Exception? _failure;
    private int _call;

    private Workers(int count)
    {
        Count = count;
        _wake = new SemaphoreSlim[count];
        _sleeping = new int[count * FlagStride];
        _slots = new int[count * FlagStride];
        Claims = new RangeClaims(count);
        LaterClaims = new RangeClaims(count);
        for (var part = 0; part < count; part++)
            _wake[part] = new SemaphoreSlim(0);
        for (var part = 1; part < count; part++)
        {
            var worker = part;
            new Thread(() => Loop(worker)) { IsBackground = true, Name = FormattableString.Invariant($"NetForge worker {worker}") }.Start();
        }
    }

    // Each thread's sleeping flag, and each part's slot, on a cache line of its own, so that raising or claiming one
    // does not disturb the others' spins. A slot holds the number of the last call its part was claimed for, then of
    // the last call a worker finished it for.
    private const int FlagStride = 16;
    private const int Claimed = 0;
    private const int Done = 1;

    /// <summary>
    /// The least arithmetic a call must have to be split: 4 MFLOP, some 50 µs of one core's work at batch 64. A worker
    /// spins between the calls of a training step, so handing it a part costs about a microsecond; below this the
    /// split stops paying on the build machine (measured against 1 and 16 MFLOP on the benchmark networks).
    /// </summary>
    public const long SplitFlops = 4 << 20;

    /// <summary>The number of parts a call is split into: the workers and the calling thread.</summary>
    public int Count { get; }

    /// <summary>How the parts of the next call share out its items: the caller resets it before <see cref="Run"/>.</summary>
    public RangeClaims Claims { get; }

    /// <summary>A second range for the same call, for a work that splits two ranges one after the other.</summary>
    public RangeClaims LaterClaims { get; }

    /// <summary>The workers of the calling thread's kernels, or null when they run alone.</summary>
    public static Workers? Current => _current;

    /// <summary>Makes the calling thread's kernels split their work over <paramref name="threads"/> threads until the
    /// returned scope ends; 1 runs them alone.</summary>
    public static Scope Enter(int threads)
    {
        var previous = _current;
        if (threads <= 1)
            _current = null;
        else
        {
            if (_kept is null || _kept.Count != threads)
                _kept = new Workers(threads);
            _current = _kept;
        }
        return new Scope(previous);
    }

    /// <summary>
    /// Runs <paramref name="pass"/> on <paramref name="count"/> items split over the workers in chunks of whole blocks of
    /// <paramref name="block"/> items, the kernel's own blocking (<see cref="RangeClaims"/>), part 0 on the calling
    /// thread. The pass carries its buffers as pointers, which the caller keeps fixed until this returns.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void SplitRange<TPass>(in TPass pass, int count, int block = 4) where TPass : struct, IRangePass
    {
        var work = RangeWork<TPass>.Get();
        Claims.Reset(count, block);
        (work.Pass, work.Claims) = (pass, Claims);
        Run(work);
    }

    /// <summary>
    /// Runs <paramref name="pass"/> on <paramref name="count"/> items in fixed shares of whole blocks of
    /// <paramref name="block"/> items, one share a part and the items past the last whole block with the last share.
    /// For calls of a few microseconds (a single prediction's product), where the chunk claims of
    /// <see cref="SplitRange{TPass}"/> cross between the cores more often than they balance anything.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void SplitFixed<TPass>(in TPass pass, int count, int block) where TPass : struct, IRangePass
    {
        var work = FixedWork<TPass>.Get();
        (work.Pass, work.Items, work.Block, work.Parts) = (pass, count, block, Count);
        Run(work);
    }

    /// <summary>One part's fixed share of a split pass; one per calling thread and pass, reused.</summary>
    private sealed class FixedWork<TPass> : IPartWork where TPass : struct, IRangePass
    {
        [ThreadStatic]
        private static FixedWork<TPass>? _cached;

        public TPass Pass;
        public int Items, Block, Parts;

        public static FixedWork<TPass> Get() => _cached ??= new();

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run(int part)
        {
            var (start, end) = Share(part, Parts, Items, Block);
            if (end > start)
                Pass.Run(start, end - start);
        }
    }

    /// <summary>Part <paramref name="part"/>'s items of <see cref="SplitFixed{TPass}"/>: whole blocks, the last part also the items past them.</summary>
    internal static (int Start, int End) Share(int part, int parts, int count, int block)
    {
        var blocks = count / block;
        var start = block * (int)((long)part * blocks / parts);
        var end = part == parts - 1 ? count : block * (int)((long)(part + 1) * blocks / parts);
        return (start, end);
    }

    /// <summary>One part's items of a split pass; one per calling thread and pass, reused.</summary>
    private sealed class RangeWork<TPass> : IPartWork where TPass : struct, IRangePass
    {
        [ThreadStatic]
        private static RangeWork<TPass>? _cached;

        public TPass Pass;
        public RangeClaims? Claims;

        public static RangeWork<TPass> Get() => _cached ??= new();

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run(int part)
        {
            var victim = part;
            while (Claims!.Next(part, ref victim, out var start, out var count))
                Pass.Run(start, count);
        }
    }

    /// <summary>
    /// Runs every part of <paramref name="work"/>, part 0 on the calling thread, and returns when all are done. A part
    /// whose worker has not claimed it by the time part 0 is done runs on the calling thread too.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Run(IPartWork work)
    {
        _work = work;
        _failure = null;
        var call = unchecked(_call + 1);
        Volatile.Write(ref _call, call);
        for (var part = 1; part < Count; part++)
            WakeIfSleeping(part);
        // The parts the caller runs call their kernels alone, as the workers' do: a kernel inside a part that split
        // again would hand the workers a second call while they run the first.
        var current = _current;
        _current = null;
        try
        {
            work.Run(0);
        }
        catch
        {
            Finish(work, call, false);
            throw;
        }
        finally
        {
            _current = current;
        }
        Finish(work, call, true);
        if (_failure is { } failure)
            throw new InvalidOperationException("A worker thread failed in a kernel.", failure);
    }

    /// <summary>
    /// Claims every part no worker has claimed, so that a worker that comes late finds it taken and leaves it, and runs
    /// it if <paramref name="run"/> (not after part 0 failed); waits for the parts the workers claimed.
    /// </summary>
    private void Finish(IPartWork work, int call, bool run)
    {
        for (var part = 1; part < Count; part++)
        {
            if (TryClaim(part, call))
            {
                if (run)
                    RunAlone(work, part);
            }
            else
            {
                AwaitValue(0, ref _slots[part * FlagStride + Done], call, CallerSpinMicroseconds);
            }
        }
        _work = null;
    }

    /// <summary>Runs a worker's part on the calling thread, its kernels alone and its failure reported as the worker's would be.</summary>
    private void RunAlone(IPartWork work, int part)
    {
        var current = _current;
        _current = null;
        try
        {
            work.Run(part);
        }
        catch (Exception e)
        {
            Interlocked.CompareExchange(ref _failure, e, null);
        }
        finally
        {
            _current = current;
        }
    }

    /// <summary>Takes part <paramref name="part"/> for call <paramref name="call"/>, unless another thread has.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryClaim(int part, int call)
    {
        ref var slot = ref _slots[part * FlagStride + Claimed];
        var previous = unchecked(call - 1);
        return Volatile.Read(ref slot) == previous && Interlocked.CompareExchange(ref slot, call, previous) == previous;
    }

    /// <summary>
    /// How long the caller spins for the workers' parts before sleeping: the parts of a split product differ by some
    /// microseconds, and a caller that has gone to sleep takes several more to wake.
    /// </summary>
    private const double CallerSpinMicroseconds = 200;

    /// <summary>
    /// How long a worker spins for the next call before sleeping: between two split products of one training step the
    /// caller runs the other layers and the optimizer for a few hundred microseconds, and waking a sleeping thread costs
    /// more than that spin.
    /// </summary>
    private const double SpinMicroseconds = 1000;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Loop(int part)
    {
        var seen = 0;
        while (true)
        {
            // A worker that comes late goes straight to the latest call; the caller has run the parts of those before.
            AwaitChange(part, ref _call, seen, SpinMicroseconds);
            var call = Volatile.Read(ref _call);
            seen = call;
            if (!TryClaim(part, call))
                continue;
            try
            {
                _work!.Run(part);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _failure, e, null);
            }
            finally
            {
                Volatile.Write(ref _slots[part * FlagStride + Done], call);
                WakeIfSleeping(0);
            }
        }
    }

    /// <summary>Waits on thread <paramref name="thread"/> until <paramref name="field"/> holds <paramref name="target"/>, as <see cref="Await"/> does.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AwaitValue(int thread, ref int field, int target, double spinMicroseconds) => Await(thread, ref field, target, true, spinMicroseconds);

    /// <summary>Waits on thread <paramref name="thread"/> until <paramref name="field"/> no longer holds <paramref name="old"/>, as <see cref="Await"/> does.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AwaitChange(int thread, ref int field, int old, double spinMicroseconds) => Await(thread, ref field, old, false, spinMicroseconds);

    /// <summary>
    /// Waits on thread <paramref name="thread"/> until <paramref name="field"/> holds <paramref name="value"/> (or, with
    /// <paramref name="equal"/> false, until it holds another): spins for up to <paramref name="spinMicroseconds"/>,
    /// then raises the thread's flag and sleeps, unless the value came meanwhile. The thread that sets the value then
    /// takes the flag down and wakes it; if that thread took the flag first, its wake-up is on the way and is waited
    /// for, so that none is left over for the next wait. A wake-up can be late, from a thread that set an earlier value
    /// and was held up before waking, so the value is checked again after every one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Await(int thread, ref int field, int value, bool equal, double spinMicroseconds)
    {
        var start = Stopwatch.GetTimestamp();
        while ((Volatile.Read(ref field) == value) != equal)
        {
            if (Stopwatch.GetElapsedTime(start).TotalMicroseconds <= spinMicroseconds)
            {
                Thread.SpinWait(1);
                continue;
            }
            ref var flag = ref _sleeping[thread * FlagStride];
            Interlocked.Exchange(ref flag, 1);
            if ((Volatile.Read(ref field) == value) != equal || Interlocked.Exchange(ref flag, 0) == 0)
                _wake[thread].Wait();
        }
    }

    /// <summary>Wakes thread <paramref name="thread"/> if it sleeps in <see cref="AwaitValue"/>; call after setting its value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WakeIfSleeping(int thread)
    {
        if (Interlocked.Exchange(ref _sleeping[thread * FlagStride], 0) == 1)
            _wake[thread].Release();
    }

    /// <summary>Puts back the workers a thread had before <see cref="Enter"/>.</summary>
    public readonly struct Scope(Workers? previous) : IDisposable
    {
        public void Dispose() => _current = previous;
    }
}
