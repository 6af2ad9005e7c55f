using System.Diagnostics;

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

    private readonly SemaphoreSlim[] _go;
    private readonly CountdownEvent _done;
    private IPartWork? _work;
    private Exception? _failure;

    private Workers(int count)
    {
        Count = count;
        _go = new SemaphoreSlim[count - 1];
        _done = new CountdownEvent(count - 1);
        Claims = new RangeClaims(count);
        LaterClaims = new RangeClaims(count);
        for (var i = 0; i < _go.Length; i++)
        {
            _go[i] = new SemaphoreSlim(0);
            var part = i + 1;
            var go = _go[i];
            new Thread(() => Loop(go, part)) { IsBackground = true, Name = FormattableString.Invariant($"NetForge worker {part}") }.Start();
        }
    }

    /// <summary>
    /// The least arithmetic a call must have to be split: 4 MFLOP, some 50 µs of one core's work at batch 64. A worker
    /// spins between the calls of a training step, so handing it a part costs a few microseconds; below this the
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
    /// <paramref name="block"/>, a multiple of four (<see cref="RangeClaims"/>), part 0 on the calling thread. The pass
    /// carries its buffers as pointers, which the caller keeps fixed until this returns.
    /// </summary>
    public void SplitRange<TPass>(in TPass pass, int count, int block = 4) where TPass : struct, IRangePass
    {
        var work = RangeWork<TPass>.Get();
        Claims.Reset(count, block);
        (work.Pass, work.Claims) = (pass, Claims);
        Run(work);
    }

    /// <summary>One part's items of a split pass; one per calling thread and pass, reused.</summary>
    private sealed class RangeWork<TPass> : IPartWork where TPass : struct, IRangePass
    {
        [ThreadStatic]
        private static RangeWork<TPass>? _cached;

        public TPass Pass;
        public RangeClaims? Claims;

        public static RangeWork<TPass> Get() => _cached ??= new();

        public void Run(int part)
        {
            var victim = part;
            while (Claims!.Next(part, ref victim, out var start, out var count))
                Pass.Run(start, count);
        }
    }

    /// <summary>Runs every part of <paramref name="work"/>, part 0 on the calling thread, and returns when all are done.</summary>
    public void Run(IPartWork work)
    {
        _work = work;
        _failure = null;
        _done.Reset(Count - 1);
        foreach (var go in _go)
            go.Release();
        try
        {
            work.Run(0);
        }
        finally
        {
            AwaitParts();
            _work = null;
        }
        if (_failure is { } failure)
            throw new InvalidOperationException("A worker thread failed in a kernel.", failure);
    }

    /// <summary>
    /// Waits for the workers' parts, spinning for up to <see cref="CallerSpinMicroseconds"/> before sleeping: the parts
    /// of a split product differ by some microseconds, and a caller that has gone to sleep takes several more to wake.
    /// </summary>
    private void AwaitParts()
    {
        var start = Stopwatch.GetTimestamp();
        while (!_done.IsSet)
        {
            if (Stopwatch.GetElapsedTime(start).TotalMicroseconds > CallerSpinMicroseconds)
            {
                _done.Wait();
                return;
            }
            Thread.SpinWait(32);
        }
    }

    private const double CallerSpinMicroseconds = 200;

    private void Loop(SemaphoreSlim go, int part)
    {
        while (true)
        {
            Await(go);
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
                _done.Signal();
            }
        }
    }

    /// <summary>
    /// Waits for the next call, spinning for up to a millisecond before sleeping: between two split products of one
    /// training step the caller runs the other layers and the optimizer for a few hundred microseconds, and waking a
    /// sleeping thread costs more than that spin.
    /// </summary>
    private static void Await(SemaphoreSlim go)
    {
        var start = Stopwatch.GetTimestamp();
        while (!go.Wait(0))
        {
            if (Stopwatch.GetElapsedTime(start).TotalMicroseconds > SpinMicroseconds)
            {
                go.Wait();
                return;
            }
            Thread.SpinWait(32);
        }
    }

    private const double SpinMicroseconds = 1000;

    /// <summary>Puts back the workers a thread had before <see cref="Enter"/>.</summary>
    public readonly struct Scope(Workers? previous) : IDisposable
    {
        public void Dispose() => _current = previous;
    }
}
