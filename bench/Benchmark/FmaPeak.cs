using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using NetForge.Cpu;

namespace NetForge.Benchmark;

/// <summary>
/// This machine's fp32 fused multiply-add peak, measured rather than looked up: build machines differ in core count,
/// vector width and whether a second core is real, so every time the benchmark prints is compared with what the same
/// machine reached in the same run. Twelve independent accumulator chains per thread cover the FMA units' latency
/// (four cycles, two units) with registers to spare; the chains never touch memory.
/// </summary>
internal static class FmaPeak
{
    private const int Chains = 12;
    // About 50 ms a run at 165 GFLOP/s a thread: long enough that starting the threads does not count.
    private const long Iterations = 20_000_000;

    /// <summary>The best GFLOP/s of a few runs of the loop on <paramref name="threads"/> threads at once.</summary>
    public static double Measure(int threads, int runs = 5)
    {
        var best = 0.0;
        for (var run = 0; run < runs; run++)
            best = Math.Max(best, Once(threads));
        return best;
    }

    private static double Once(int threads)
    {
        using var start = new Barrier(threads + 1);
        var sinks = new float[threads];
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            sinks[t] = Loop(Iterations, t + 1);
        })).ToArray();
        foreach (var worker in workers)
            worker.Start();
        // Every worker is running and waiting when the clock starts.
        start.SignalAndWait();
        var clock = Stopwatch.StartNew();
        foreach (var worker in workers)
            worker.Join();
        clock.Stop();
        GC.KeepAlive(sinks);
        var flops = 2.0 * Chains * Lanes * Iterations * threads;
        return flops / clock.Elapsed.TotalSeconds / 1e9;
    }

    /// <summary>The lanes of the widest vector the hardware accelerates.</summary>
    public static int Lanes =>
        Vector512.IsHardwareAccelerated ? Vector512Ops.Count
        : Vector256.IsHardwareAccelerated ? Vector256Ops.Count
        : Vector128.IsHardwareAccelerated ? Vector128Ops.Count
        : ScalarOps.Count;

    // The same choice of width, and the same multiply-add, as the kernels make.
    private static float Loop(long iterations, int seed) =>
        Vector512.IsHardwareAccelerated ? Loop<Vector512Ops, Vector512<float>>(iterations, seed)
        : Vector256.IsHardwareAccelerated ? Loop<Vector256Ops, Vector256<float>>(iterations, seed)
        : Vector128.IsHardwareAccelerated ? Loop<Vector128Ops, Vector128<float>>(iterations, seed)
        : Loop<ScalarOps, float>(iterations, seed);

    // x ← x·a + b with a just below 1 stays finite for any number of iterations.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float Loop<TOps, TVec>(long iterations, int seed)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
    {
        var a = TOps.Broadcast(0.999999f);
        var b = TOps.Broadcast(1e-7f);
        var x0 = TOps.Broadcast(seed);
        TVec x1 = TOps.Add(x0, b), x2 = TOps.Add(x1, b), x3 = TOps.Add(x2, b), x4 = TOps.Add(x3, b), x5 = TOps.Add(x4, b);
        TVec x6 = TOps.Add(x5, b), x7 = TOps.Add(x6, b), x8 = TOps.Add(x7, b), x9 = TOps.Add(x8, b), x10 = TOps.Add(x9, b), x11 = TOps.Add(x10, b);
        for (long i = 0; i < iterations; i++)
        {
            x0 = TOps.MultiplyAdd(x0, a, b);
            x1 = TOps.MultiplyAdd(x1, a, b);
            x2 = TOps.MultiplyAdd(x2, a, b);
            x3 = TOps.MultiplyAdd(x3, a, b);
            x4 = TOps.MultiplyAdd(x4, a, b);
            x5 = TOps.MultiplyAdd(x5, a, b);
            x6 = TOps.MultiplyAdd(x6, a, b);
            x7 = TOps.MultiplyAdd(x7, a, b);
            x8 = TOps.MultiplyAdd(x8, a, b);
            x9 = TOps.MultiplyAdd(x9, a, b);
            x10 = TOps.MultiplyAdd(x10, a, b);
            x11 = TOps.MultiplyAdd(x11, a, b);
        }
        var sum = TOps.Add(TOps.Add(TOps.Add(x0, x1), TOps.Add(x2, x3)), TOps.Add(TOps.Add(x4, x5), TOps.Add(x6, x7)));
        // One lane of the result keeps the loop from being discarded.
        Span<float> lanes = stackalloc float[Cpu.Lanes.Group];
        TOps.Store(TOps.Add(sum, TOps.Add(TOps.Add(x8, x9), TOps.Add(x10, x11))), ref lanes[0]);
        return lanes[0];
    }
}
