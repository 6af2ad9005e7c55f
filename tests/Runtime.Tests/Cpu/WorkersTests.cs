using NetForge.Cpu;

namespace NetForge.Runtime.Tests.Cpu;

/// <summary>Dense products split over worker threads give the same bits as alone, whatever the number of threads.</summary>
public class WorkersTests
{
    // Each above the arithmetic a call needs to be split; batches and sizes that are not multiples of four among them,
    // with more outputs than samples (the forward splits the outputs) and fewer (it splits the samples), and single
    // samples, whose weights alone make the forward worth splitting.
    public static TheoryData<int, int, int, int> Shapes => new()
    {
        { 2, 64, 784, 256 }, { 2, 13, 3000, 220 }, { 3, 13, 3000, 220 }, { 3, 21, 2570, 157 }, { 4, 17, 4096, 121 }, { 2, 7, 8000, 150 },
        { 2, 96, 3000, 40 }, { 3, 203, 1000, 30 }, { 2, 1, 784, 256 }, { 3, 1, 256, 128 }, { 2, 2, 400, 120 }, { 3, 1, 1000, 150 }, { 2, 1, 2000, 70 },
    };

    private static float[] Values(Random random, int count) => Enumerable.Range(0, count).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();

    [Theory]
    [MemberData(nameof(Shapes))]
    public void A_split_forward_and_backward_give_the_bits_of_one_thread(int threads, int batch, int inputs, int outputs)
    {
        var random = new Random(batch + inputs + outputs);
        var (x, w, bias, dyGiven) = (Values(random, batch * inputs), Values(random, outputs * inputs), Values(random, outputs), Values(random, batch * outputs));

        (float[] Y, float[] Dy, float[] DW, float[] DB, float[] DX) Pass()
        {
            var y = new float[batch * outputs];
            Dense.Forward(x, w, bias, y, batch, inputs, outputs, new Relu());
            var (dy, dw, db, dx) = ((float[])dyGiven.Clone(), new float[outputs * inputs], new float[outputs], new float[batch * inputs]);
            Dense.Backward(x, w, y, dy, dw, db, dx, batch, inputs, outputs, new Relu());
            return (y, dy, dw, db, dx);
        }

        var alone = Pass();
        (float[] Y, float[] Dy, float[] DW, float[] DB, float[] DX) split;
        using (Workers.Enter(threads))
            split = Pass();

        Assert.Equal(alone.Y, split.Y);
        Assert.Equal(alone.Dy, split.Dy);
        Assert.Equal(alone.DW, split.DW);
        Assert.Equal(alone.DB, split.DB);
        Assert.Equal(alone.DX, split.DX);
    }

    [Fact]
    public void A_backward_without_its_input_gradient_splits_the_weight_gradient_alone()
    {
        var random = new Random(3);
        const int batch = 64, inputs = 784, outputs = 256;
        var (x, w, y, dy) = (Values(random, batch * inputs), Values(random, outputs * inputs), Values(random, batch * outputs), Values(random, batch * outputs));
        var dwAlone = new float[outputs * inputs];
        Dense.Backward(x, w, y, (float[])dy.Clone(), dwAlone, default, default, batch, inputs, outputs, new Identity());
        var dwSplit = new float[outputs * inputs];
        using (Workers.Enter(2))
            Dense.Backward(x, w, y, (float[])dy.Clone(), dwSplit, default, default, batch, inputs, outputs, new Identity());

        Assert.Equal(dwAlone, dwSplit);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(12)]
    public void The_fixed_shares_cover_every_item_once_in_whole_blocks_but_the_last(int block)
    {
        for (var parts = 1; parts <= 5; parts++)
        {
            for (var count = 0; count <= 41; count++)
            {
                var seen = new int[count];
                for (var part = 0; part < parts; part++)
                {
                    var (start, end) = Workers.Share(part, parts, count, block);
                    Assert.Equal(0, start % block);
                    if (end != count)
                        Assert.Equal(0, (end - start) % block);
                    for (var i = start; i < end; i++)
                        seen[i]++;
                }
                Assert.All(seen, times => Assert.Equal(1, times));
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void The_chunks_cover_every_item_once_in_whole_blocks_but_the_last(int block)
    {
        for (var parts = 1; parts <= 5; parts++)
        {
            var claims = new RangeClaims(parts);
            for (var count = 0; count <= 41; count++)
            {
                // The parts claim in turn, each its own chunks first and then the others'.
                claims.Reset(count, block);
                var seen = new int[count];
                var victims = Enumerable.Range(0, parts).ToArray();
                var active = true;
                while (active)
                {
                    active = false;
                    for (var part = 0; part < parts; part++)
                    {
                        if (!claims.Next(part, ref victims[part], out var start, out var length))
                            continue;
                        active = true;
                        Assert.True(length > 0);
                        Assert.Equal(0, start % block);
                        if (start + length != count)
                            Assert.Equal(0, length % block);
                        for (var i = start; i < start + length; i++)
                            seen[i]++;
                    }
                }
                Assert.All(seen, times => Assert.Equal(1, times));
            }
        }
    }

    [Fact]
    public void A_part_takes_its_own_chunks_from_the_front_then_the_others_from_their_back()
    {
        var claims = new RangeClaims(2);
        claims.Reset(64, 4);
        var victim = 0;
        var starts = new List<int>();
        while (claims.Next(0, ref victim, out var start, out _))
            starts.Add(start);

        // Eight chunks of eight items: part 0's four from the front, then part 1's from the back.
        Assert.Equal([0, 8, 16, 24, 56, 48, 40, 32], starts);
        var other = 1;
        Assert.False(claims.Next(1, ref other, out _, out _));
    }

    [Fact]
    public void Threads_that_claim_at_once_run_every_item_once()
    {
        using var scope = Workers.Enter(3);
        var workers = Workers.Current!;
        for (var count = 1; count <= 300; count += 7)
        {
            var marks = new int[count];
            workers.SplitRange(new Marking(marks), count);
            Assert.All(marks, times => Assert.Equal(1, times));
        }
    }

    private readonly struct Marking(int[] marks) : IRangePass
    {
        public void Run(int start, int count)
        {
            for (var i = start; i < start + count; i++)
                Interlocked.Increment(ref marks[i]);
        }
    }

    [Fact]
    public void A_part_that_throws_fails_the_call_on_the_calling_thread_and_the_workers_go_on()
    {
        using var scope = Workers.Enter(2);
        var workers = Workers.Current!;

        var error = Assert.Throws<InvalidOperationException>(() => workers.Run(new Throwing()));
        Assert.IsType<ArithmeticException>(error.InnerException);
        var counted = new Counting();
        workers.Run(counted);
        Assert.Equal(2, counted.Parts);
    }

    [Fact]
    public void A_call_returns_only_when_every_part_is_done_whether_the_caller_spins_or_blocks()
    {
        using var scope = Workers.Enter(3);
        var workers = Workers.Current!;
        // Parts from none to 2 ms of work: the caller spins for the short ones and blocks for the long ones, and
        // the calls come back to back, so that an event left set by one call would end the next one's wait early.
        for (var call = 0; call < 60; call++)
        {
            var work = new Slow(TimeSpan.FromMicroseconds(call % 3 == 0 ? 0 : call % 3 == 1 ? 50 : 2000));
            workers.Run(work);
            Assert.Equal(3, work.Finished);
        }
    }

    [Fact]
    public void Workers_that_went_to_sleep_between_calls_wake_for_the_next_and_miss_none()
    {
        using var scope = Workers.Enter(3);
        var workers = Workers.Current!;
        // Gaps below, about and above the millisecond a worker spins before it sleeps, so that some calls come while a
        // worker is just raising its flag: a lost wake-up would hang a call, one left over would end a sleep early.
        double[] gaps = [0, 300, 950, 1000, 1050, 1200, 3000];
        for (var call = 0; call < 4 * gaps.Length; call++)
        {
            var start = System.Diagnostics.Stopwatch.GetTimestamp();
            while (System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMicroseconds < gaps[call % gaps.Length])
                Thread.SpinWait(10);
            var counted = new Counting();
            workers.Run(counted);
            Assert.Equal(3, counted.Parts);
        }
    }

    [Fact]
    public void A_part_whose_worker_comes_late_runs_once_on_the_calling_thread()
    {
        using var scope = Workers.Enter(2);
        var workers = Workers.Current!;
        var caller = Environment.CurrentManagedThreadId;
        // Part 0 takes from nothing to some microseconds, so that the caller finishes it now before the worker has come
        // for part 1 and now after: part 1 must run exactly once a call, on whichever thread claimed it.
        var (onCaller, onWorker) = (0, 0);
        for (var call = 0; call < 20_000; call++)
        {
            var work = new Racing(call % 7 * 40, caller);
            workers.Run(work);
            Assert.Equal(1, work.Runs(0));
            Assert.Equal(1, work.Runs(1));
            if (work.PartOneOnCaller)
                onCaller++;
            else
                onWorker++;
        }

        Assert.True(onCaller > 0, "the caller never ran part 1");
        Assert.True(onWorker > 0, "the worker never ran part 1");
    }

    /// <summary>Part 0 spins for a while; each part counts its runs, and part 1 notes the thread it ran on.</summary>
    private sealed class Racing(int spins, int caller) : IPartWork
    {
        private readonly int[] _runs = new int[2];

        public bool PartOneOnCaller { get; private set; }

        public int Runs(int part) => Volatile.Read(ref _runs[part]);

        public void Run(int part)
        {
            if (part == 0)
                Thread.SpinWait(spins);
            else
                PartOneOnCaller = Environment.CurrentManagedThreadId == caller;
            Interlocked.Increment(ref _runs[part]);
        }
    }

    [Fact]
    public void Leaving_a_scope_puts_back_what_the_thread_had()
    {
        using (Workers.Enter(2))
        {
            var outer = Workers.Current;
            using (Workers.Enter(1))
                Assert.Null(Workers.Current);
            Assert.Same(outer, Workers.Current);
        }
        Assert.Null(Workers.Current);
    }

    private sealed class Throwing : IPartWork
    {
        public void Run(int part)
        {
            if (part == 1)
                throw new ArithmeticException("part 1");
        }
    }

    /// <summary>Parts 1 and up busy for a while; each counts itself when done.</summary>
    private sealed class Slow(TimeSpan time) : IPartWork
    {
        private int _finished;

        public int Finished => Volatile.Read(ref _finished);

        public void Run(int part)
        {
            var start = System.Diagnostics.Stopwatch.GetTimestamp();
            while (part > 0 && System.Diagnostics.Stopwatch.GetElapsedTime(start) < time)
                Thread.SpinWait(10);
            Interlocked.Increment(ref _finished);
        }
    }

    private sealed class Counting : IPartWork
    {
        private int _parts;

        public int Parts => _parts;

        public void Run(int part) => Interlocked.Increment(ref _parts);
    }
}
