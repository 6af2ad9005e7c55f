using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

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
        Vector512.IsHardwareAccelerated ? Vector512<float>.Count
        : Vector256.IsHardwareAccelerated ? Vector256<float>.Count
        : Vector128.IsHardwareAccelerated ? Vector128<float>.Count
        : 1;

    private static float Loop(long iterations, int seed) =>
        Vector512.IsHardwareAccelerated ? LoopVector512(iterations, seed)
        : Vector256.IsHardwareAccelerated ? LoopVector256(iterations, seed)
        : Vector128.IsHardwareAccelerated ? LoopVector128(iterations, seed)
        : ScalarLoop(iterations, seed);

    // x ← x·a + b with a just below 1 stays finite for any number of iterations. One method per width, because the
    // chains must stay in registers of that width.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float LoopVector512(long iterations, int seed)
    {
        var a = Vector512.Create(0.999999f);
        var b = Vector512.Create(1e-7f);
        var x0 = Vector512.Create((float)seed);
        var x1 = x0 + b;
        var x2 = x1 + b;
        var x3 = x2 + b;
        var x4 = x3 + b;
        var x5 = x4 + b;
        var x6 = x5 + b;
        var x7 = x6 + b;
        var x8 = x7 + b;
        var x9 = x8 + b;
        var x10 = x9 + b;
        var x11 = x10 + b;
        for (long i = 0; i < iterations; i++)
        {
            x0 = Vector512.FusedMultiplyAdd(x0, a, b);
            x1 = Vector512.FusedMultiplyAdd(x1, a, b);
            x2 = Vector512.FusedMultiplyAdd(x2, a, b);
            x3 = Vector512.FusedMultiplyAdd(x3, a, b);
            x4 = Vector512.FusedMultiplyAdd(x4, a, b);
            x5 = Vector512.FusedMultiplyAdd(x5, a, b);
            x6 = Vector512.FusedMultiplyAdd(x6, a, b);
            x7 = Vector512.FusedMultiplyAdd(x7, a, b);
            x8 = Vector512.FusedMultiplyAdd(x8, a, b);
            x9 = Vector512.FusedMultiplyAdd(x9, a, b);
            x10 = Vector512.FusedMultiplyAdd(x10, a, b);
            x11 = Vector512.FusedMultiplyAdd(x11, a, b);
        }
        return Vector512.Sum(x0 + x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9 + x10 + x11);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float LoopVector256(long iterations, int seed)
    {
        var a = Vector256.Create(0.999999f);
        var b = Vector256.Create(1e-7f);
        var x0 = Vector256.Create((float)seed);
        var x1 = x0 + b;
        var x2 = x1 + b;
        var x3 = x2 + b;
        var x4 = x3 + b;
        var x5 = x4 + b;
        var x6 = x5 + b;
        var x7 = x6 + b;
        var x8 = x7 + b;
        var x9 = x8 + b;
        var x10 = x9 + b;
        var x11 = x10 + b;
        for (long i = 0; i < iterations; i++)
        {
            x0 = Vector256.FusedMultiplyAdd(x0, a, b);
            x1 = Vector256.FusedMultiplyAdd(x1, a, b);
            x2 = Vector256.FusedMultiplyAdd(x2, a, b);
            x3 = Vector256.FusedMultiplyAdd(x3, a, b);
            x4 = Vector256.FusedMultiplyAdd(x4, a, b);
            x5 = Vector256.FusedMultiplyAdd(x5, a, b);
            x6 = Vector256.FusedMultiplyAdd(x6, a, b);
            x7 = Vector256.FusedMultiplyAdd(x7, a, b);
            x8 = Vector256.FusedMultiplyAdd(x8, a, b);
            x9 = Vector256.FusedMultiplyAdd(x9, a, b);
            x10 = Vector256.FusedMultiplyAdd(x10, a, b);
            x11 = Vector256.FusedMultiplyAdd(x11, a, b);
        }
        return Vector256.Sum(x0 + x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9 + x10 + x11);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float LoopVector128(long iterations, int seed)
    {
        var a = Vector128.Create(0.999999f);
        var b = Vector128.Create(1e-7f);
        var x0 = Vector128.Create((float)seed);
        var x1 = x0 + b;
        var x2 = x1 + b;
        var x3 = x2 + b;
        var x4 = x3 + b;
        var x5 = x4 + b;
        var x6 = x5 + b;
        var x7 = x6 + b;
        var x8 = x7 + b;
        var x9 = x8 + b;
        var x10 = x9 + b;
        var x11 = x10 + b;
        for (long i = 0; i < iterations; i++)
        {
            x0 = Vector128.FusedMultiplyAdd(x0, a, b);
            x1 = Vector128.FusedMultiplyAdd(x1, a, b);
            x2 = Vector128.FusedMultiplyAdd(x2, a, b);
            x3 = Vector128.FusedMultiplyAdd(x3, a, b);
            x4 = Vector128.FusedMultiplyAdd(x4, a, b);
            x5 = Vector128.FusedMultiplyAdd(x5, a, b);
            x6 = Vector128.FusedMultiplyAdd(x6, a, b);
            x7 = Vector128.FusedMultiplyAdd(x7, a, b);
            x8 = Vector128.FusedMultiplyAdd(x8, a, b);
            x9 = Vector128.FusedMultiplyAdd(x9, a, b);
            x10 = Vector128.FusedMultiplyAdd(x10, a, b);
            x11 = Vector128.FusedMultiplyAdd(x11, a, b);
        }
        return Vector128.Sum(x0 + x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9 + x10 + x11);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float ScalarLoop(long iterations, int seed)
    {
        float x0 = seed, x1 = seed + 1, x2 = seed + 2, x3 = seed + 3, x4 = seed + 4, x5 = seed + 5;
        float x6 = seed + 6, x7 = seed + 7, x8 = seed + 8, x9 = seed + 9, x10 = seed + 10, x11 = seed + 11;
        for (long i = 0; i < iterations; i++)
        {
            x0 = MathF.FusedMultiplyAdd(x0, 0.999999f, 1e-7f);
            x1 = MathF.FusedMultiplyAdd(x1, 0.999999f, 1e-7f);
            x2 = MathF.FusedMultiplyAdd(x2, 0.999999f, 1e-7f);
            x3 = MathF.FusedMultiplyAdd(x3, 0.999999f, 1e-7f);
            x4 = MathF.FusedMultiplyAdd(x4, 0.999999f, 1e-7f);
            x5 = MathF.FusedMultiplyAdd(x5, 0.999999f, 1e-7f);
            x6 = MathF.FusedMultiplyAdd(x6, 0.999999f, 1e-7f);
            x7 = MathF.FusedMultiplyAdd(x7, 0.999999f, 1e-7f);
            x8 = MathF.FusedMultiplyAdd(x8, 0.999999f, 1e-7f);
            x9 = MathF.FusedMultiplyAdd(x9, 0.999999f, 1e-7f);
            x10 = MathF.FusedMultiplyAdd(x10, 0.999999f, 1e-7f);
            x11 = MathF.FusedMultiplyAdd(x11, 0.999999f, 1e-7f);
        }
        return x0 + x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9 + x10 + x11;
    }
}
