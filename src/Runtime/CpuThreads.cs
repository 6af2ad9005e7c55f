namespace NetForge;

/// <summary>
/// How many threads the calling thread's predictions and evaluations use, as <c>torch.set_num_threads</c> sets it for
/// PyTorch, but for one thread at a time: <c>using (CpuThreads.Use(2)) { network.Predict(input, output); }</c>.
/// A <see cref="Trainer"/> uses <see cref="TrainerOptions.Threads"/> instead. The threads are started on the first
/// use and kept for the calling thread; the work is split so that every value is computed as on one thread, so the
/// outputs are the same bits whatever the number of threads.
/// </summary>
public static class CpuThreads
{
    /// <summary>
    /// Until the returned scope is disposed, the kernels the calling thread runs split their large products over
    /// <paramref name="threads"/> threads, it among them; 1 runs them alone.
    /// </summary>
    /// <remarks>A single prediction gains where its weights are large: each thread reads its share of them, from its own
    /// core's cache. Between calls the other threads spin for up to a millisecond, so back-to-back predictions hand
    /// over their work in a few microseconds, and one after a pause pays for waking them.</remarks>
    /// <param name="threads">The number of threads, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threads"/> is below 1.</exception>
    public static Scope Use(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        return new Scope(Cpu.Workers.Enter(threads));
    }

    /// <summary>The extent of a <see cref="Use"/>; disposing it puts back the threads the calling thread used before.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly Cpu.Workers.Scope _inner;

        internal Scope(Cpu.Workers.Scope inner) => _inner = inner;

        /// <summary>Ends the scope.</summary>
        public void Dispose() => _inner.Dispose();
    }
}
