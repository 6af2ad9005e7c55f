using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NetForge.Cpu;

/// <summary>
/// y = act(x·Wᵀ + bias) in dot-product form: each output is the dot product of an input row and a weight row,
/// both contiguous. Blocks of four samples × four outputs keep 16 vector accumulators busy, so every loaded
/// vector feeds four fused multiply-adds. Every dot product is summed in the lane layout of
/// <see cref="ILaneSums{TVec}"/>, whatever the block, the width or the thread that computes it.
/// </summary>
/// <remarks>
/// The methods skip tiered compilation: a single prediction reaches the one-sample blocks that batched
/// training never calls, and unoptimised code there made a prediction four times slower until the
/// runtime got round to recompiling it.
/// </remarks>
internal static class DenseForwardKernel
{
    /// <summary>
    /// Spans are not checked: the caller has validated their lengths. With <see cref="Workers.Current"/> set and work
    /// enough, the outputs or the samples are split over the workers; each output is computed as it would be alone.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Run<TOps, TVec, TAct>(
        ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> y,
        int batch, int inputs, int outputs, TAct activation)
        where TOps : struct, ILaneSums<TVec>
        where TVec : struct
        where TAct : struct, IActivation
    {
        if (Workers.Current is not { } workers || (2L * batch * inputs * outputs < Workers.SplitFlops && (long)inputs * outputs < SplitWeights))
        {
            Serial<TOps, TVec, TAct>(x, weight, bias, y, batch, inputs, outputs, activation);
            return;
        }
        fixed (float* px = x, pw = weight, pb = bias, py = y)
        {
            // Where the weights outweigh the batch's inputs, each worker takes some of the outputs, and so reads only
            // its rows of the weights: the rows whose gradient, and whose optimizer update, the same worker computes,
            // so they stay in its core's cache from one step to the next. Otherwise each takes some of the samples.
            // The chunks are whole blocks of the widest kernel, three outputs of eight samples, so that the blocks
            // left over are the call's, not every chunk's.
            // A single sample's call takes a few microseconds: fixed shares, as the claims of chunks cost more than they
            // balance there (the MLP's 784 × 256 layer took 6.6–6.8 µs on two threads with chunks, 4.3–5.2 µs without).
            if (batch == 1 && outputs >= 4 * workers.Count)
                workers.SplitFixed(new OutputPass<TOps, TVec, TAct>(px, pw, pb, py, batch, inputs, outputs, activation), outputs, SampleBlock);
            else if (outputs > batch && outputs >= 4 * workers.Count)
                workers.SplitRange(new OutputPass<TOps, TVec, TAct>(px, pw, pb, py, batch, inputs, outputs, activation), outputs, OutputBlock);
            else if (batch >= 4 * workers.Count)
                workers.SplitRange(new ForwardPass<TOps, TVec, TAct>(px, pw, pb, bias.Length, py, inputs, outputs, activation), batch, 8);
            else
                Serial<TOps, TVec, TAct>(x, weight, bias, y, batch, inputs, outputs, activation);
        }
    }

    /// <summary>
    /// The fewest weights for which a product of little arithmetic (a single prediction) is split all the same: reading
    /// 64 KB of weights from the L2 cache takes 0.5–0.7 µs, and handing half of them to a spinning worker and back
    /// 0.2–0.3 µs (the MLP's 256 × 128 layer took 0.90–0.96 µs alone and 0.82–0.85 µs on two threads; LeNet-5's 400 × 120,
    /// 1.5 µs and 1.0–1.1 µs).
    /// </summary>
    private const long SplitWeights = 1 << 14;

    /// <summary>
    /// The outputs a single sample's split shares out in whole numbers of: one <c>Block1x4</c>, so that the shares are
    /// as even as the outputs allow (12 gave the MLP's 256 outputs 120 and 136).
    /// </summary>
    private const int SampleBlock = 4;

    /// <summary>The outputs an output split shares out in whole numbers of: four blocks of three outputs or three of four, so that every share ends where a block does.</summary>
    private const int OutputBlock = 12;

    /// <summary>The product on some of the samples.</summary>
    private readonly unsafe struct ForwardPass<TOps, TVec, TAct>(float* x, float* weight, float* bias, int biasLength, float* y,
        int inputs, int outputs, TAct activation) : IRangePass
        where TOps : struct, ILaneSums<TVec>
        where TVec : struct
        where TAct : struct, IActivation
    {
        public void Run(int start, int count) =>
            Serial<TOps, TVec, TAct>(new ReadOnlySpan<float>(x + (nint)start * inputs, count * inputs), new ReadOnlySpan<float>(weight, outputs * inputs),
                new ReadOnlySpan<float>(bias, biasLength), new Span<float>(y + (nint)start * outputs, count * outputs), count, inputs, outputs, outputs, activation);
    }

    /// <summary>The product on some of the outputs, for every sample.</summary>
    private readonly unsafe struct OutputPass<TOps, TVec, TAct>(float* x, float* weight, float* bias, float* y,
        int batch, int inputs, int outputs, TAct activation) : IRangePass
        where TOps : struct, ILaneSums<TVec>
        where TVec : struct
        where TAct : struct, IActivation
    {
        public void Run(int start, int count) =>
            Serial<TOps, TVec, TAct>(new ReadOnlySpan<float>(x, batch * inputs), new ReadOnlySpan<float>(weight + (nint)start * inputs, count * inputs),
                bias is null ? default : new ReadOnlySpan<float>(bias + start, count), new Span<float>(y + start, (batch - 1) * outputs + count),
                batch, inputs, count, outputs, activation);
    }

    /// <summary>The product on the calling thread alone, for callers that split the work themselves.</summary>
    internal static void Serial<TOps, TVec, TAct>(
        ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> y,
        int batch, int inputs, int outputs, TAct activation)
        where TOps : struct, ILaneSums<TVec>
        where TVec : struct
        where TAct : struct, IActivation =>
        Serial<TOps, TVec, TAct>(x, weight, bias, y, batch, inputs, outputs, outputs, activation);

    /// <summary>The product on the calling thread alone, its output rows <paramref name="yStride"/> apart.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Serial<TOps, TVec, TAct>(
        ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> y,
        int batch, int inputs, int outputs, int yStride, TAct activation)
        where TOps : struct, ILaneSums<TVec>
        where TVec : struct
        where TAct : struct, IActivation
    {
        ref var x0 = ref MemoryMarshal.GetReference(x);
        ref var w0 = ref MemoryMarshal.GetReference(weight);
        ref var y0 = ref MemoryMarshal.GetReference(y);
        var epilogue = new Epilogue<TAct>(bias, activation);
        // The blocks of several samples take their tails from DenseTails; a sample alone sums its own, as it always
        // did, which costs a single prediction less than laying out the tail columns.
        var hasTails = batch >= 4 && Lanes.Whole(inputs) < inputs;
        var tails = hasTails ? new DenseTails(weight, inputs, outputs) : default;
        ref var t0 = ref tails.Sums;
        nint tStride = tails.Stride;

        // Sample blocks outside, output blocks inside: the input rows stay in the L1 cache while the weight rows
        // stream past them. Where one register holds a whole lane group, eight samples share each weight vector:
        // the weights come from the L2 cache, and half as many passes over them halve that traffic.
        var sample = 0;
        if (TOps.Count == Lanes.Group)
        {
            for (; sample <= batch - 8; sample += 8)
            {
                ref var xRows = ref Unsafe.Add(ref x0, (nint)sample * inputs);
                ref var yRow = ref Unsafe.Add(ref y0, (nint)sample * yStride);
                if (hasTails)
                    tails.Sum<TOps, TVec>(ref xRows, 8);
                var output = 0;
                for (; output <= outputs - 3; output += 3)
                    Block8x3<TOps, TVec, TAct>(ref xRows, ref Unsafe.Add(ref w0, (nint)output * inputs), inputs,
                        ref Unsafe.Add(ref yRow, output), yStride, output, epilogue, ref Unsafe.Add(ref t0, output), tStride);
                for (; output < outputs; output++)
                {
                    Block4x1<TOps, TVec, TAct>(ref xRows, ref Unsafe.Add(ref w0, (nint)output * inputs), inputs,
                        ref Unsafe.Add(ref yRow, output), yStride, output, epilogue, ref Unsafe.Add(ref t0, output), tStride);
                    Block4x1<TOps, TVec, TAct>(ref Unsafe.Add(ref xRows, 4 * (nint)inputs), ref Unsafe.Add(ref w0, (nint)output * inputs), inputs,
                        ref Unsafe.Add(ref yRow, 4 * (nint)yStride + output), yStride, output, epilogue, ref Unsafe.Add(ref t0, 4 * tStride + output), tStride);
                }
            }
        }

        for (; sample <= batch - 4; sample += 4)
        {
            ref var xRows = ref Unsafe.Add(ref x0, (nint)sample * inputs);
            ref var yRow = ref Unsafe.Add(ref y0, (nint)sample * yStride);
            if (hasTails)
                tails.Sum<TOps, TVec>(ref xRows, 4);
            var output = 0;
            for (; output <= outputs - 4; output += 4)
                Block4x4<TOps, TVec, TAct>(ref xRows, ref Unsafe.Add(ref w0, (nint)output * inputs), inputs,
                    ref Unsafe.Add(ref yRow, output), yStride, output, epilogue, ref Unsafe.Add(ref t0, output), tStride);
            for (; output < outputs; output++)
                Block4x1<TOps, TVec, TAct>(ref xRows, ref Unsafe.Add(ref w0, (nint)output * inputs), inputs,
                    ref Unsafe.Add(ref yRow, output), yStride, output, epilogue, ref Unsafe.Add(ref t0, output), tStride);
        }

        for (; sample < batch; sample++)
        {
            ref var xRow = ref Unsafe.Add(ref x0, (nint)sample * inputs);
            ref var yRow = ref Unsafe.Add(ref y0, (nint)sample * yStride);
            var output = 0;
            for (; output <= outputs - 4; output += 4)
                Block1x4<TOps, TVec, TAct>(ref xRow, ref Unsafe.Add(ref w0, (nint)output * inputs), inputs,
                    ref Unsafe.Add(ref yRow, output), output, epilogue);
            for (; output < outputs; output++)
                Unsafe.Add(ref yRow, output) = epilogue.Apply(Dot<TOps, TVec>(ref xRow, ref Unsafe.Add(ref w0, (nint)output * inputs), inputs), output);
        }
    }

    /// <summary>
    /// Four samples × four outputs: each step loads four weight vectors and four input vectors for 16 fused
    /// multiply-adds; the 16 sums are reduced four at a time, sharing the shuffles.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block4x4<TOps, TVec, TAct>(ref float x, ref float w, int inputs, ref float y, nint yStride, int output, Epilogue<TAct> epilogue,
        ref float tails, nint tailStride)
        where TOps : struct, ILaneSums<TVec>
        where TVec : struct
        where TAct : struct, IActivation
    {
        nint n = inputs;
        ref var x1 = ref Unsafe.Add(ref x, n);
        ref var x2 = ref Unsafe.Add(ref x, 2 * n);
        ref var x3 = ref Unsafe.Add(ref x, 3 * n);
        ref var w1 = ref Unsafe.Add(ref w, n);
        ref var w2 = ref Unsafe.Add(ref w, 2 * n);
        ref var w3 = ref Unsafe.Add(ref w, 3 * n);
        var whole = Lanes.Whole(n);
        Vector128<float> r0 = default, r1 = default, r2 = default, r3 = default;
        for (nint start = 0; start < Lanes.Group; start += TOps.Count)
        {
            TVec a00 = TOps.Zero, a01 = TOps.Zero, a02 = TOps.Zero, a03 = TOps.Zero;
            TVec a10 = TOps.Zero, a11 = TOps.Zero, a12 = TOps.Zero, a13 = TOps.Zero;
            TVec a20 = TOps.Zero, a21 = TOps.Zero, a22 = TOps.Zero, a23 = TOps.Zero;
            TVec a30 = TOps.Zero, a31 = TOps.Zero, a32 = TOps.Zero, a33 = TOps.Zero;
            for (var i = start; i < whole; i += Lanes.Group)
            {
                var v0 = TOps.Load(ref Unsafe.Add(ref w, i));
                var v1 = TOps.Load(ref Unsafe.Add(ref w1, i));
                var v2 = TOps.Load(ref Unsafe.Add(ref w2, i));
                var v3 = TOps.Load(ref Unsafe.Add(ref w3, i));
                var u = TOps.Load(ref Unsafe.Add(ref x, i));
                a00 = TOps.MultiplyAdd(u, v0, a00);
                a01 = TOps.MultiplyAdd(u, v1, a01);
                a02 = TOps.MultiplyAdd(u, v2, a02);
                a03 = TOps.MultiplyAdd(u, v3, a03);
                u = TOps.Load(ref Unsafe.Add(ref x1, i));
                a10 = TOps.MultiplyAdd(u, v0, a10);
                a11 = TOps.MultiplyAdd(u, v1, a11);
                a12 = TOps.MultiplyAdd(u, v2, a12);
                a13 = TOps.MultiplyAdd(u, v3, a13);
                u = TOps.Load(ref Unsafe.Add(ref x2, i));
                a20 = TOps.MultiplyAdd(u, v0, a20);
                a21 = TOps.MultiplyAdd(u, v1, a21);
                a22 = TOps.MultiplyAdd(u, v2, a22);
                a23 = TOps.MultiplyAdd(u, v3, a23);
                u = TOps.Load(ref Unsafe.Add(ref x3, i));
                a30 = TOps.MultiplyAdd(u, v0, a30);
                a31 = TOps.MultiplyAdd(u, v1, a31);
                a32 = TOps.MultiplyAdd(u, v2, a32);
                a33 = TOps.MultiplyAdd(u, v3, a33);
            }

            r0 = Lanes.Sum4<TOps, TVec>(start, r0, a00, a01, a02, a03);
            r1 = Lanes.Sum4<TOps, TVec>(start, r1, a10, a11, a12, a13);
            r2 = Lanes.Sum4<TOps, TVec>(start, r2, a20, a21, a22, a23);
            r3 = Lanes.Sum4<TOps, TVec>(start, r3, a30, a31, a32, a33);
        }

        if (whole < n)
        {
            r0 += Vector128.LoadUnsafe(ref tails);
            r1 += Vector128.LoadUnsafe(ref Unsafe.Add(ref tails, tailStride));
            r2 += Vector128.LoadUnsafe(ref Unsafe.Add(ref tails, 2 * tailStride));
            r3 += Vector128.LoadUnsafe(ref Unsafe.Add(ref tails, 3 * tailStride));
        }

        epilogue.Store4(ref y, output, r0);
        epilogue.Store4(ref Unsafe.Add(ref y, yStride), output, r1);
        epilogue.Store4(ref Unsafe.Add(ref y, 2 * yStride), output, r2);
        epilogue.Store4(ref Unsafe.Add(ref y, 3 * yStride), output, r3);
    }

    /// <summary>
    /// Eight samples × three outputs, for vectors of a whole lane group: 24 accumulators, three weight and eight
    /// input vectors per step, so that each weight vector feeds eight fused multiply-adds.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block8x3<TOps, TVec, TAct>(ref float x, ref float w, int inputs, ref float y, nint yStride, int output, Epilogue<TAct> epilogue,
        ref float tails, nint tailStride)
        where TOps : struct, ILaneSums<TVec>
        where TVec : struct
        where TAct : struct, IActivation
    {
        nint n = inputs;
        ref var w1 = ref Unsafe.Add(ref w, n);
        ref var w2 = ref Unsafe.Add(ref w, 2 * n);
        ref var x4 = ref Unsafe.Add(ref x, 4 * n);
        var whole = Lanes.Whole(n);
        TVec a00 = TOps.Zero, a01 = TOps.Zero, a02 = TOps.Zero, a10 = TOps.Zero, a11 = TOps.Zero, a12 = TOps.Zero;
        TVec a20 = TOps.Zero, a21 = TOps.Zero, a22 = TOps.Zero, a30 = TOps.Zero, a31 = TOps.Zero, a32 = TOps.Zero;
        TVec a40 = TOps.Zero, a41 = TOps.Zero, a42 = TOps.Zero, a50 = TOps.Zero, a51 = TOps.Zero, a52 = TOps.Zero;
        TVec a60 = TOps.Zero, a61 = TOps.Zero, a62 = TOps.Zero, a70 = TOps.Zero, a71 = TOps.Zero, a72 = TOps.Zero;
        for (nint i = 0; i < whole; i += Lanes.Group)
        {
            var v0 = TOps.Load(ref Unsafe.Add(ref w, i));
            var v1 = TOps.Load(ref Unsafe.Add(ref w1, i));
            var v2 = TOps.Load(ref Unsafe.Add(ref w2, i));
            ref var xi = ref Unsafe.Add(ref x, i);
            ref var xj = ref Unsafe.Add(ref x4, i);
            var u = TOps.Load(ref xi);
            a00 = TOps.MultiplyAdd(u, v0, a00);
            a01 = TOps.MultiplyAdd(u, v1, a01);
            a02 = TOps.MultiplyAdd(u, v2, a02);
            u = TOps.Load(ref Unsafe.Add(ref xi, n));
            a10 = TOps.MultiplyAdd(u, v0, a10);
            a11 = TOps.MultiplyAdd(u, v1, a11);
            a12 = TOps.MultiplyAdd(u, v2, a12);
            u = TOps.Load(ref Unsafe.Add(ref xi, 2 * n));
            a20 = TOps.MultiplyAdd(u, v0, a20);
            a21 = TOps.MultiplyAdd(u, v1, a21);
            a22 = TOps.MultiplyAdd(u, v2, a22);
            u = TOps.Load(ref Unsafe.Add(ref xi, 3 * n));
            a30 = TOps.MultiplyAdd(u, v0, a30);
            a31 = TOps.MultiplyAdd(u, v1, a31);
            a32 = TOps.MultiplyAdd(u, v2, a32);
            u = TOps.Load(ref xj);
            a40 = TOps.MultiplyAdd(u, v0, a40);
            a41 = TOps.MultiplyAdd(u, v1, a41);
            a42 = TOps.MultiplyAdd(u, v2, a42);
            u = TOps.Load(ref Unsafe.Add(ref xj, n));
            a50 = TOps.MultiplyAdd(u, v0, a50);
            a51 = TOps.MultiplyAdd(u, v1, a51);
            a52 = TOps.MultiplyAdd(u, v2, a52);
            u = TOps.Load(ref Unsafe.Add(ref xj, 2 * n));
            a60 = TOps.MultiplyAdd(u, v0, a60);
            a61 = TOps.MultiplyAdd(u, v1, a61);
            a62 = TOps.MultiplyAdd(u, v2, a62);
            u = TOps.Load(ref Unsafe.Add(ref xj, 3 * n));
            a70 = TOps.MultiplyAdd(u, v0, a70);
            a71 = TOps.MultiplyAdd(u, v1, a71);
            a72 = TOps.MultiplyAdd(u, v2, a72);
        }

        var tail = whole < n;
        if (typeof(TVec) == typeof(Vector512<float>) && Avx512F.IsSupported && !tail)
        {
            // The 24 sums in six groups of four, sample after sample, each as Sum4 makes it: the first sixteen (samples 0
            // to 4 and sample 5's first output) in one vector, the last eight in the lower half of another.
            var first = Vector512Ops.AddQuarters(
                Vector512Ops.QuarterSums(Wide(a00), Wide(a01), Wide(a02), Wide(a10)),
                Vector512Ops.QuarterSums(Wide(a11), Wide(a12), Wide(a20), Wide(a21)),
                Vector512Ops.QuarterSums(Wide(a22), Wide(a30), Wide(a31), Wide(a32)),
                Vector512Ops.QuarterSums(Wide(a40), Wide(a41), Wide(a42), Wide(a50)));
            var fifth = Vector512Ops.QuarterSums(Wide(a51), Wide(a52), Wide(a60), Wide(a61));
            var sixth = Vector512Ops.QuarterSums(Wide(a62), Wide(a70), Wide(a71), Wide(a72));
            epilogue.Store8x3(ref y, yStride, output, first, Vector512Ops.AddQuarters(fifth, sixth, fifth, sixth));
            return;
        }

        Finish3(tail, ref tails, ref y, output, epilogue, TOps.Sum4(a00, a01, a02, a02));
        Finish3(tail, ref Unsafe.Add(ref tails, tailStride), ref Unsafe.Add(ref y, yStride), output, epilogue, TOps.Sum4(a10, a11, a12, a12));
        Finish3(tail, ref Unsafe.Add(ref tails, 2 * tailStride), ref Unsafe.Add(ref y, 2 * yStride), output, epilogue, TOps.Sum4(a20, a21, a22, a22));
        Finish3(tail, ref Unsafe.Add(ref tails, 3 * tailStride), ref Unsafe.Add(ref y, 3 * yStride), output, epilogue, TOps.Sum4(a30, a31, a32, a32));
        Finish3(tail, ref Unsafe.Add(ref tails, 4 * tailStride), ref Unsafe.Add(ref y, 4 * yStride), output, epilogue, TOps.Sum4(a40, a41, a42, a42));
        Finish3(tail, ref Unsafe.Add(ref tails, 5 * tailStride), ref Unsafe.Add(ref y, 5 * yStride), output, epilogue, TOps.Sum4(a50, a51, a52, a52));
        Finish3(tail, ref Unsafe.Add(ref tails, 6 * tailStride), ref Unsafe.Add(ref y, 6 * yStride), output, epilogue, TOps.Sum4(a60, a61, a62, a62));
        Finish3(tail, ref Unsafe.Add(ref tails, 7 * tailStride), ref Unsafe.Add(ref y, 7 * yStride), output, epilogue, TOps.Sum4(a70, a71, a72, a72));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Wide<TVec>(TVec value) where TVec : struct => Unsafe.BitCast<TVec, Vector512<float>>(value);

    /// <summary>Adds one sample's tails of three outputs (<see cref="DenseTails"/>), if it has any, to their lane sums and stores the three outputs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish3<TAct>(bool tail, ref float tails, ref float y, int output, Epilogue<TAct> epilogue, Vector128<float> sums)
        where TAct : struct, IActivation
    {
        // The fourth lane, past the three outputs, is not stored.
        if (tail)
            sums += Vector128.LoadUnsafe(ref tails);
        if (VectorActivation.IsVectorised<TAct>())
        {
            epilogue.Store3Sums(ref y, output, sums);
            return;
        }

        y = epilogue.Apply(sums.GetElement(0), output);
        Unsafe.Add(ref y, 1) = epilogue.Apply(sums.GetElement(1), output + 1);
        Unsafe.Add(ref y, 2) = epilogue.Apply(sums.GetElement(2), output + 2);
    }

    /// <summary>Four samples × one output, for the outputs left over after the blocks of four.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block4x1<TOps, TVec, TAct>(ref float x, ref float w, int inputs, ref float y, nint yStride, int output, Epilogue<TAct> epilogue,
        ref float tails, nint tailStride)
        where TOps : struct, ILaneSums<TVec>
        where TVec : struct
        where TAct : struct, IActivation
    {
        nint n = inputs;
        ref var x1 = ref Unsafe.Add(ref x, n);
        ref var x2 = ref Unsafe.Add(ref x, 2 * n);
        ref var x3 = ref Unsafe.Add(ref x, 3 * n);
        var whole = Lanes.Whole(n);
        var r = Vector128<float>.Zero;
        for (nint start = 0; start < Lanes.Group; start += TOps.Count)
        {
            TVec a0 = TOps.Zero, a1 = TOps.Zero, a2 = TOps.Zero, a3 = TOps.Zero;
            for (var i = start; i < whole; i += Lanes.Group)
            {
                var v = TOps.Load(ref Unsafe.Add(ref w, i));
                a0 = TOps.MultiplyAdd(TOps.Load(ref Unsafe.Add(ref x, i)), v, a0);
                a1 = TOps.MultiplyAdd(TOps.Load(ref Unsafe.Add(ref x1, i)), v, a1);
                a2 = TOps.MultiplyAdd(TOps.Load(ref Unsafe.Add(ref x2, i)), v, a2);
                a3 = TOps.MultiplyAdd(TOps.Load(ref Unsafe.Add(ref x3, i)), v, a3);
            }

            r = Lanes.Sum4<TOps, TVec>(start, r, a0, a1, a2, a3);
        }

        // The four samples' tails of the output, summed apart as in the other blocks.
        var tail = whole < n
            ? Vector128.Create(tails, Unsafe.Add(ref tails, tailStride), Unsafe.Add(ref tails, 2 * tailStride), Unsafe.Add(ref tails, 3 * tailStride))
            : Vector128<float>.Zero;
        r += tail;
        if (VectorActivation.IsVectorised<TAct>())
        {
            r = epilogue.Finish(r, epilogue.Bias(output));
            y = r.ToScalar();
            Unsafe.Add(ref y, yStride) = r.GetElement(1);
            Unsafe.Add(ref y, 2 * yStride) = r.GetElement(2);
            Unsafe.Add(ref y, 3 * yStride) = r.GetElement(3);
            return;
        }

        y = epilogue.Apply(r.GetElement(0), output);
        Unsafe.Add(ref y, yStride) = epilogue.Apply(r.GetElement(1), output);
        Unsafe.Add(ref y, 2 * yStride) = epilogue.Apply(r.GetElement(2), output);
        Unsafe.Add(ref y, 3 * yStride) = epilogue.Apply(r.GetElement(3), output);
    }

    /// <summary>
    /// One sample × four outputs, for the samples left over after the blocks of four (and for batch 1). Inlined into
    /// <c>Serial</c>, which is compiled optimised at once: as a call of its own, with the epilogue copied in, it cost
    /// a single prediction's 784 × 128 share 3.7 µs where the same loop written inline took 3.5.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block1x4<TOps, TVec, TAct>(ref float x, ref float w, int inputs, ref float y, int output, Epilogue<TAct> epilogue)
        where TOps : struct, ILaneSums<TVec>
        where TVec : struct
        where TAct : struct, IActivation
    {
        nint n = inputs;
        ref var w1 = ref Unsafe.Add(ref w, n);
        ref var w2 = ref Unsafe.Add(ref w, 2 * n);
        ref var w3 = ref Unsafe.Add(ref w, 3 * n);
        var whole = Lanes.Whole(n);
        var r = Vector128<float>.Zero;
        for (nint start = 0; start < Lanes.Group; start += TOps.Count)
        {
            TVec a0 = TOps.Zero, a1 = TOps.Zero, a2 = TOps.Zero, a3 = TOps.Zero;
            for (var i = start; i < whole; i += Lanes.Group)
            {
                var u = TOps.Load(ref Unsafe.Add(ref x, i));
                a0 = TOps.MultiplyAdd(u, TOps.Load(ref Unsafe.Add(ref w, i)), a0);
                a1 = TOps.MultiplyAdd(u, TOps.Load(ref Unsafe.Add(ref w1, i)), a1);
                a2 = TOps.MultiplyAdd(u, TOps.Load(ref Unsafe.Add(ref w2, i)), a2);
                a3 = TOps.MultiplyAdd(u, TOps.Load(ref Unsafe.Add(ref w3, i)), a3);
            }

            r = Lanes.Sum4<TOps, TVec>(start, r, a0, a1, a2, a3);
        }

        if (whole < n)
            r += DotTail4(ref Unsafe.Add(ref x, whole), ref Unsafe.Add(ref w, whole), n, n - whole);
        epilogue.Store4(ref y, output, r);
    }

    /// <summary>
    /// The tail of one input row against four weight rows (<paramref name="wStride"/> apart): the last
    /// <paramref name="count"/> inputs, fewer than a lane group, summed in order.
    /// </summary>
    private static Vector128<float> DotTail4(ref float x, ref float w, nint wStride, nint count)
    {
        var sum = Vector128<float>.Zero;
        for (nint i = 0; i < count; i++)
        {
            ref var wi = ref Unsafe.Add(ref w, i);
            var rows = Vector128.Create(wi, Unsafe.Add(ref wi, wStride), Unsafe.Add(ref wi, 2 * wStride), Unsafe.Add(ref wi, 3 * wStride));
            sum = Vector128.FusedMultiplyAdd(rows, Vector128.Create(Unsafe.Add(ref x, i)), sum);
        }

        return sum;
    }

    /// <summary>One dot product, for the outputs left over after the blocks of four of a sample left over after them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float Dot<TOps, TVec>(ref float x, ref float w, int inputs)
        where TOps : struct, ILaneSums<TVec>
        where TVec : struct
    {
        nint n = inputs;
        var whole = Lanes.Whole(n);
        var r = Vector128<float>.Zero;
        for (nint start = 0; start < Lanes.Group; start += TOps.Count)
        {
            var a = TOps.Zero;
            for (var i = start; i < whole; i += Lanes.Group)
                a = TOps.MultiplyAdd(TOps.Load(ref Unsafe.Add(ref x, i)), TOps.Load(ref Unsafe.Add(ref w, i)), a);
            r = Lanes.Sum4<TOps, TVec>(start, r, a, a, a, a);
        }

        var tail = 0f;
        for (var i = whole; i < n; i++)
            tail = MathF.FusedMultiplyAdd(Unsafe.Add(ref x, i), Unsafe.Add(ref w, i), tail);
        return r.ToScalar() + tail;
    }

    /// <summary>Adds the bias (when there is one) and applies the activation to a finished dot product.</summary>
    private readonly ref struct Epilogue<TAct>(ReadOnlySpan<float> bias, TAct activation)
        where TAct : struct, IActivation
    {
        private readonly ReadOnlySpan<float> _bias = bias;
        private readonly TAct _activation = activation;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float Apply(float sum, int output) =>
            _activation.Forward(_bias.IsEmpty ? sum : sum + Unsafe.Add(ref MemoryMarshal.GetReference(_bias), output));

        /// <summary>The bias of <paramref name="output"/> in every lane, or zeros for a layer without bias.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector128<float> Bias(int output) =>
            _bias.IsEmpty ? Vector128<float>.Zero : Vector128.Create(Unsafe.Add(ref MemoryMarshal.GetReference(_bias), output));

        /// <summary>
        /// Adds <paramref name="bias"/> to four sums and applies an activation that <see cref="VectorActivation.IsVectorised"/>,
        /// the bits of <see cref="Apply"/> on each. Applied one output at a time, relu's comparison was a branch, which the
        /// outputs of new data took the wrong way half the time: LeNet-5's 120 × 84 layer at batch 64 took 41–45 µs a step
        /// on the Zen 5 build machine, against 12–16 µs on the same data again.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector128<float> Finish(Vector128<float> sums, Vector128<float> bias) =>
            VectorActivation.Forward<Vector128Ops, Vector128<float>, TAct>(_bias.IsEmpty ? sums : sums + bias, _activation);

        /// <summary>Finishes three neighbouring outputs of one sample from lanes 0 to 2 of <paramref name="sums"/>, where the activation is vectorised; nothing is stored past them.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Store3Sums(ref float y, int output, Vector128<float> sums)
        {
            var bias = Vector128<float>.Zero;
            if (!_bias.IsEmpty)
            {
                ref var b = ref Unsafe.Add(ref MemoryMarshal.GetReference(_bias), output);
                bias = Vector128.Create(b, Unsafe.Add(ref b, 1), Unsafe.Add(ref b, 2), 0f);
            }
            var values = Finish(sums, bias);
            Unsafe.WriteUnaligned(ref Unsafe.As<float, byte>(ref y), values.AsDouble().ToScalar());
            Unsafe.Add(ref y, 2) = values.GetElement(2);
        }

        /// <summary>
        /// Finishes the three outputs from <paramref name="output"/> on of eight samples, <paramref name="yStride"/> apart,
        /// from their sums in sample order: sample s's at 3s to 3s + 2 of <paramref name="first"/> followed by
        /// <paramref name="second"/>. The bias and the activations that have a vector form are applied to the vectors.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Store8x3(ref float y, nint yStride, int output, Vector512<float> first, Vector512<float> second)
        {
            if (!_bias.IsEmpty)
            {
                ref var b = ref Unsafe.Add(ref MemoryMarshal.GetReference(_bias), output);
                var three = Vector128.Create(b, Unsafe.Add(ref b, 1), Unsafe.Add(ref b, 2), 0f).ToVector256Unsafe().ToVector512Unsafe();
                first += Avx512F.PermuteVar16x32(three, Vector512.Create(0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0));
                second += Avx512F.PermuteVar16x32(three, Vector512.Create(1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1));
            }

            first = VectorActivation.Forward<Vector512Ops, Vector512<float>, TAct>(first, _activation);
            second = VectorActivation.Forward<Vector512Ops, Vector512<float>, TAct>(second, _activation);
            Store3(ref y, first);
            Store3(ref Unsafe.Add(ref y, yStride), Avx512F.PermuteVar16x32(first, Vector512.Create(3, 4, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)));
            Store3(ref Unsafe.Add(ref y, 2 * yStride), Avx512F.PermuteVar16x32(first, Vector512.Create(6, 7, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)));
            Store3(ref Unsafe.Add(ref y, 3 * yStride), Avx512F.PermuteVar16x32(first, Vector512.Create(9, 10, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)));
            Store3(ref Unsafe.Add(ref y, 4 * yStride), Avx512F.PermuteVar16x32(first, Vector512.Create(12, 13, 14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)));
            Store3(ref Unsafe.Add(ref y, 5 * yStride), Avx512F.PermuteVar16x32x2(first, Vector512.Create(15, 16, 17, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), second));
            Store3(ref Unsafe.Add(ref y, 6 * yStride), Avx512F.PermuteVar16x32(second, Vector512.Create(2, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)));
            Store3(ref Unsafe.Add(ref y, 7 * yStride), Avx512F.PermuteVar16x32(second, Vector512.Create(5, 6, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)));
        }

        /// <summary>Stores lanes 0 to 2, the activation applied to them where it has no vector form; no store reaches past them, into another thread's outputs.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Store3(ref float y, Vector512<float> values)
        {
            var low = values.GetLower().GetLower();
            if (VectorActivation.IsVectorised<TAct>())
            {
                Unsafe.WriteUnaligned(ref Unsafe.As<float, byte>(ref y), low.AsDouble().ToScalar());
                Unsafe.Add(ref y, 2) = low.GetElement(2);
                return;
            }

            y = _activation.Forward(low.ToScalar());
            Unsafe.Add(ref y, 1) = _activation.Forward(low.GetElement(1));
            Unsafe.Add(ref y, 2) = _activation.Forward(low.GetElement(2));
        }

        /// <summary>Finishes four neighbouring outputs of one sample.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Store4(ref float y, int output, Vector128<float> sums)
        {
            var bias = _bias.IsEmpty ? Vector128<float>.Zero : Vector128.LoadUnsafe(ref Unsafe.Add(ref MemoryMarshal.GetReference(_bias), output));
            if (VectorActivation.IsVectorised<TAct>())
            {
                Finish(sums, bias).StoreUnsafe(ref y);
                return;
            }

            if (!_bias.IsEmpty)
                sums += bias;
            y = _activation.Forward(sums.GetElement(0));
            Unsafe.Add(ref y, 1) = _activation.Forward(sums.GetElement(1));
            Unsafe.Add(ref y, 2) = _activation.Forward(sums.GetElement(2));
            Unsafe.Add(ref y, 3) = _activation.Forward(sums.GetElement(3));
        }
    }
}
