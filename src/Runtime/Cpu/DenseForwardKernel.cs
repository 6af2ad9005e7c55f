using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetForge.Cpu;

/// <summary>
/// y = act(x·Wᵀ + bias) in dot-product form: each output is the dot product of an input row and a weight row,
/// both contiguous. Blocks of four samples × four outputs keep 16 vector accumulators busy, so every loaded
/// vector feeds four fused multiply-adds.
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
    /// enough, the samples are split over the workers; each sample's outputs are computed as they would be alone.
    /// </summary>
    public static unsafe void Run<TOps, TVec, TAct>(
        ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> y,
        int batch, int inputs, int outputs, TAct activation)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
        where TAct : struct, IActivation
    {
        if (Workers.Current is not { } workers || batch < 4 * workers.Count || 2L * batch * inputs * outputs < Workers.SplitFlops)
        {
            Serial<TOps, TVec, TAct>(x, weight, bias, y, batch, inputs, outputs, activation);
            return;
        }
        fixed (float* px = x, pw = weight, pb = bias, py = y)
        {
            var work = ForwardWork<TOps, TVec, TAct>.Get();
            work.X = px;
            work.W = pw;
            work.B = pb;
            work.Y = py;
            (work.BiasLength, work.Batch, work.Inputs, work.Outputs, work.Activation, work.Parts) = (bias.Length, batch, inputs, outputs, activation, workers.Count);
            workers.Run(work);
        }
    }

    /// <summary>One part's samples of a split call; one per calling thread and kernel, reused.</summary>
    private sealed unsafe class ForwardWork<TOps, TVec, TAct> : IPartWork
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
        where TAct : struct, IActivation
    {
        [ThreadStatic]
        private static ForwardWork<TOps, TVec, TAct>? _cached;

        public float* X, W, B, Y;
        public int BiasLength, Batch, Inputs, Outputs, Parts;
        public TAct Activation;

        public static ForwardWork<TOps, TVec, TAct> Get() => _cached ??= new();

        public void Run(int part)
        {
            var (start, end) = Workers.Range(Batch, part, Parts);
            var count = end - start;
            if (count > 0)
                Serial<TOps, TVec, TAct>(new ReadOnlySpan<float>(X + (nint)start * Inputs, count * Inputs), new ReadOnlySpan<float>(W, Outputs * Inputs),
                    new ReadOnlySpan<float>(B, BiasLength), new Span<float>(Y + (nint)start * Outputs, count * Outputs), count, Inputs, Outputs, Activation);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Serial<TOps, TVec, TAct>(
        ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> y,
        int batch, int inputs, int outputs, TAct activation)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
        where TAct : struct, IActivation
    {
        ref var x0 = ref MemoryMarshal.GetReference(x);
        ref var w0 = ref MemoryMarshal.GetReference(weight);
        ref var y0 = ref MemoryMarshal.GetReference(y);
        var epilogue = new Epilogue<TAct>(bias, activation);

        // Sample blocks outside, output blocks inside: the four input rows stay in the L1 cache while the
        // weight rows stream past them.
        var sample = 0;
        for (; sample <= batch - 4; sample += 4)
        {
            ref var xRows = ref Unsafe.Add(ref x0, (nint)sample * inputs);
            ref var yRow = ref Unsafe.Add(ref y0, (nint)sample * outputs);
            var output = 0;
            for (; output <= outputs - 4; output += 4)
                Block4x4<TOps, TVec, TAct>(ref xRows, ref Unsafe.Add(ref w0, (nint)output * inputs), inputs,
                    ref Unsafe.Add(ref yRow, output), outputs, output, epilogue);
            for (; output < outputs; output++)
                Block4x1<TOps, TVec, TAct>(ref xRows, ref Unsafe.Add(ref w0, (nint)output * inputs), inputs,
                    ref Unsafe.Add(ref yRow, output), outputs, output, epilogue);
        }

        for (; sample < batch; sample++)
        {
            ref var xRow = ref Unsafe.Add(ref x0, (nint)sample * inputs);
            ref var yRow = ref Unsafe.Add(ref y0, (nint)sample * outputs);
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
    private static void Block4x4<TOps, TVec, TAct>(ref float x, ref float w, int inputs, ref float y, nint yStride, int output, Epilogue<TAct> epilogue)
        where TOps : struct, IVectorOps<TVec>
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
        TVec a00 = TOps.Zero, a01 = TOps.Zero, a02 = TOps.Zero, a03 = TOps.Zero;
        TVec a10 = TOps.Zero, a11 = TOps.Zero, a12 = TOps.Zero, a13 = TOps.Zero;
        TVec a20 = TOps.Zero, a21 = TOps.Zero, a22 = TOps.Zero, a23 = TOps.Zero;
        TVec a30 = TOps.Zero, a31 = TOps.Zero, a32 = TOps.Zero, a33 = TOps.Zero;
        nint lanes = TOps.Count;
        nint i = 0;
        for (; i <= n - lanes; i += lanes)
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

        var r0 = TOps.Sum4(a00, a01, a02, a03);
        var r1 = TOps.Sum4(a10, a11, a12, a13);
        var r2 = TOps.Sum4(a20, a21, a22, a23);
        var r3 = TOps.Sum4(a30, a31, a32, a33);
        if (i < n)
        {
            r0 += DotTail4(ref Unsafe.Add(ref x, i), ref Unsafe.Add(ref w, i), n, n - i);
            r1 += DotTail4(ref Unsafe.Add(ref x1, i), ref Unsafe.Add(ref w, i), n, n - i);
            r2 += DotTail4(ref Unsafe.Add(ref x2, i), ref Unsafe.Add(ref w, i), n, n - i);
            r3 += DotTail4(ref Unsafe.Add(ref x3, i), ref Unsafe.Add(ref w, i), n, n - i);
        }

        epilogue.Store4(ref y, output, r0);
        epilogue.Store4(ref Unsafe.Add(ref y, yStride), output, r1);
        epilogue.Store4(ref Unsafe.Add(ref y, 2 * yStride), output, r2);
        epilogue.Store4(ref Unsafe.Add(ref y, 3 * yStride), output, r3);
    }

    /// <summary>Four samples × one output, for the outputs left over after the blocks of four.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block4x1<TOps, TVec, TAct>(ref float x, ref float w, int inputs, ref float y, nint yStride, int output, Epilogue<TAct> epilogue)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
        where TAct : struct, IActivation
    {
        nint n = inputs;
        ref var x1 = ref Unsafe.Add(ref x, n);
        ref var x2 = ref Unsafe.Add(ref x, 2 * n);
        ref var x3 = ref Unsafe.Add(ref x, 3 * n);
        TVec a0 = TOps.Zero, a1 = TOps.Zero, a2 = TOps.Zero, a3 = TOps.Zero;
        nint lanes = TOps.Count;
        nint i = 0;
        for (; i <= n - lanes; i += lanes)
        {
            var v = TOps.Load(ref Unsafe.Add(ref w, i));
            a0 = TOps.MultiplyAdd(TOps.Load(ref Unsafe.Add(ref x, i)), v, a0);
            a1 = TOps.MultiplyAdd(TOps.Load(ref Unsafe.Add(ref x1, i)), v, a1);
            a2 = TOps.MultiplyAdd(TOps.Load(ref Unsafe.Add(ref x2, i)), v, a2);
            a3 = TOps.MultiplyAdd(TOps.Load(ref Unsafe.Add(ref x3, i)), v, a3);
        }

        var r = TOps.Sum4(a0, a1, a2, a3);
        for (; i < n; i++)
        {
            var v = Unsafe.Add(ref w, i);
            r += Vector128.Create(Unsafe.Add(ref x, i), Unsafe.Add(ref x1, i), Unsafe.Add(ref x2, i), Unsafe.Add(ref x3, i)) * v;
        }

        y = epilogue.Apply(r.GetElement(0), output);
        Unsafe.Add(ref y, yStride) = epilogue.Apply(r.GetElement(1), output);
        Unsafe.Add(ref y, 2 * yStride) = epilogue.Apply(r.GetElement(2), output);
        Unsafe.Add(ref y, 3 * yStride) = epilogue.Apply(r.GetElement(3), output);
    }

    /// <summary>One sample × four outputs, for the samples left over after the blocks of four (and for batch 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block1x4<TOps, TVec, TAct>(ref float x, ref float w, int inputs, ref float y, int output, Epilogue<TAct> epilogue)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
        where TAct : struct, IActivation
    {
        nint n = inputs;
        ref var w1 = ref Unsafe.Add(ref w, n);
        ref var w2 = ref Unsafe.Add(ref w, 2 * n);
        ref var w3 = ref Unsafe.Add(ref w, 3 * n);
        TVec a0 = TOps.Zero, a1 = TOps.Zero, a2 = TOps.Zero, a3 = TOps.Zero;
        nint lanes = TOps.Count;
        nint i = 0;
        for (; i <= n - lanes; i += lanes)
        {
            var u = TOps.Load(ref Unsafe.Add(ref x, i));
            a0 = TOps.MultiplyAdd(u, TOps.Load(ref Unsafe.Add(ref w, i)), a0);
            a1 = TOps.MultiplyAdd(u, TOps.Load(ref Unsafe.Add(ref w1, i)), a1);
            a2 = TOps.MultiplyAdd(u, TOps.Load(ref Unsafe.Add(ref w2, i)), a2);
            a3 = TOps.MultiplyAdd(u, TOps.Load(ref Unsafe.Add(ref w3, i)), a3);
        }

        var r = TOps.Sum4(a0, a1, a2, a3);
        if (i < n)
            r += DotTail4(ref Unsafe.Add(ref x, i), ref Unsafe.Add(ref w, i), n, n - i);
        epilogue.Store4(ref y, output, r);
    }

    /// <summary>
    /// The scalar tail of one input row against four weight rows (<paramref name="wStride"/> apart), for the
    /// last <paramref name="count"/> inputs that do not fill a vector.
    /// </summary>
    private static Vector128<float> DotTail4(ref float x, ref float w, nint wStride, nint count)
    {
        var sum = Vector128<float>.Zero;
        for (nint i = 0; i < count; i++)
        {
            ref var wi = ref Unsafe.Add(ref w, i);
            sum += Vector128.Create(wi, Unsafe.Add(ref wi, wStride), Unsafe.Add(ref wi, 2 * wStride), Unsafe.Add(ref wi, 3 * wStride)) * Unsafe.Add(ref x, i);
        }

        return sum;
    }

    /// <summary>One dot product, split over four accumulators so the fused multiply-add latency is hidden.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float Dot<TOps, TVec>(ref float x, ref float w, int inputs)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
    {
        nint n = inputs;
        nint lanes = TOps.Count;
        TVec a0 = TOps.Zero, a1 = TOps.Zero, a2 = TOps.Zero, a3 = TOps.Zero;
        nint i = 0;
        for (; i <= n - 4 * lanes; i += 4 * lanes)
        {
            a0 = TOps.MultiplyAdd(TOps.Load(ref Unsafe.Add(ref x, i)), TOps.Load(ref Unsafe.Add(ref w, i)), a0);
            a1 = TOps.MultiplyAdd(TOps.Load(ref Unsafe.Add(ref x, i + lanes)), TOps.Load(ref Unsafe.Add(ref w, i + lanes)), a1);
            a2 = TOps.MultiplyAdd(TOps.Load(ref Unsafe.Add(ref x, i + 2 * lanes)), TOps.Load(ref Unsafe.Add(ref w, i + 2 * lanes)), a2);
            a3 = TOps.MultiplyAdd(TOps.Load(ref Unsafe.Add(ref x, i + 3 * lanes)), TOps.Load(ref Unsafe.Add(ref w, i + 3 * lanes)), a3);
        }

        for (; i <= n - lanes; i += lanes)
            a0 = TOps.MultiplyAdd(TOps.Load(ref Unsafe.Add(ref x, i)), TOps.Load(ref Unsafe.Add(ref w, i)), a0);

        var sum = TOps.Sum(TOps.Add(TOps.Add(a0, a1), TOps.Add(a2, a3)));
        for (; i < n; i++)
            sum += Unsafe.Add(ref x, i) * Unsafe.Add(ref w, i);
        return sum;
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

        /// <summary>Finishes four neighbouring outputs of one sample.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Store4(ref float y, int output, Vector128<float> sums)
        {
            if (!_bias.IsEmpty)
                sums += Vector128.LoadUnsafe(ref Unsafe.Add(ref MemoryMarshal.GetReference(_bias), output));
            y = _activation.Forward(sums.GetElement(0));
            Unsafe.Add(ref y, 1) = _activation.Forward(sums.GetElement(1));
            Unsafe.Add(ref y, 2) = _activation.Forward(sums.GetElement(2));
            Unsafe.Add(ref y, 3) = _activation.Forward(sums.GetElement(3));
        }
    }
}
