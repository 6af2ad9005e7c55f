using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetForge.Cpu;

/// <summary>The dense backward pass: mask dy by the activation's derivative, then dBias, dW = dyᵀ·x and dx = dy·W.</summary>
internal static class DenseBackwardKernel
{
    /// <summary>
    /// Spans are not checked: the caller has validated their lengths. With <see cref="Workers.Current"/> set and work
    /// enough, the two products are split over the workers, the weight gradient by output rows and the input gradient
    /// by samples; every value is summed in the same order as alone.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Run<TOps, TVec, TAct>(
        ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> y, Span<float> dy,
        Span<float> dWeight, Span<float> dBias, Span<float> dx, int batch, int inputs, int outputs, TAct activation)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
        where TAct : struct, IActivation
    {
        VectorActivation.Mask<TOps, TVec, TAct>(y, dy, batch * outputs, activation);

        if (!dBias.IsEmpty)
            SumRows<TOps, TVec>(dy, dBias, batch, outputs);

        if (Workers.Current is not { } workers || 2L * batch * inputs * outputs < Workers.SplitFlops)
        {
            if (!dWeight.IsEmpty)
                RowCombination.Run<TOps, TVec>(dy, outputs, 1, x, inputs, dWeight, inputs, outputs, batch, inputs);
            if (!dx.IsEmpty)
                RowCombination.Run<TOps, TVec>(dy, 1, outputs, weight, inputs, dx, inputs, batch, outputs, inputs);
            return;
        }
        fixed (float* px = x, pw = weight, pdy = dy, pdw = dWeight, pdx = dx)
        {
            var work = BackwardWork<TOps, TVec>.Get();
            work.X = px;
            work.W = pw;
            work.Dy = pdy;
            work.DWeight = dWeight.IsEmpty ? null : pdw;
            work.Dx = dx.IsEmpty ? null : pdx;
            (work.Batch, work.Inputs, work.Outputs, work.Rows, work.Samples) = (batch, inputs, outputs, workers.Claims, workers.LaterClaims);
            workers.Claims.Reset(outputs, 4);
            workers.LaterClaims.Reset(batch, 4);
            workers.Run(work);
        }
    }

    /// <summary>One part's output rows of dW and samples of dx; one per calling thread and kernel, reused.</summary>
    private sealed unsafe class BackwardWork<TOps, TVec> : IPartWork
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
    {
        [ThreadStatic]
        private static BackwardWork<TOps, TVec>? _cached;

        public float* X, W, Dy, DWeight, Dx;
        public int Batch, Inputs, Outputs;
        public RangeClaims? Rows, Samples;

        public static BackwardWork<TOps, TVec> Get() => _cached ??= new();

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run(int part)
        {
            var dy = new ReadOnlySpan<float>(Dy, Batch * Outputs);
            int first, count;
            var victim = part;
            while (DWeight is not null && Rows!.Next(part, ref victim, out first, out count))
                RowCombination.Run<TOps, TVec>(dy[first..], Outputs, 1, new ReadOnlySpan<float>(X, Batch * Inputs), Inputs,
                    new Span<float>(DWeight + (nint)first * Inputs, count * Inputs), Inputs, count, Batch, Inputs);
            victim = part;
            while (Dx is not null && Samples!.Next(part, ref victim, out first, out count))
                RowCombination.Run<TOps, TVec>(dy[(first * Outputs)..], 1, Outputs, new ReadOnlySpan<float>(W, Outputs * Inputs), Inputs,
                    new Span<float>(Dx + (nint)first * Inputs, count * Inputs), Inputs, count, Outputs, Inputs);
        }
    }

    /// <summary>dBias[o] = Σ_b dy[b, o], vectorised along the outputs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SumRows<TOps, TVec>(ReadOnlySpan<float> dy, Span<float> dBias, int batch, int outputs)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
    {
        ref var d0 = ref MemoryMarshal.GetReference(dy);
        ref var b0 = ref MemoryMarshal.GetReference(dBias);
        nint lanes = TOps.Count;
        nint n = outputs;
        nint o = 0;
        for (; o <= n - lanes; o += lanes)
        {
            var sum = TOps.Zero;
            for (nint b = 0; b < batch; b++)
                sum = TOps.Add(sum, TOps.Load(ref Unsafe.Add(ref d0, b * n + o)));
            TOps.Store(sum, ref Unsafe.Add(ref b0, o));
        }

        for (; o < n; o++)
        {
            var sum = 0f;
            for (nint b = 0; b < batch; b++)
                sum += Unsafe.Add(ref d0, b * n + o);
            Unsafe.Add(ref b0, o) = sum;
        }
    }
}
