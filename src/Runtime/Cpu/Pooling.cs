using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.InteropServices;

namespace NetForge.Cpu;

/// <summary>What the pooling layers share: the argument checks, the geometry of the windows, and the loops.</summary>
internal static class Pooling
{
    public static void Check(int xLength, int yLength, int batch, PoolShape shape)
    {
        shape.CheckInitialised(nameof(shape));
        BufferCheck.Size(batch, nameof(batch));
        BufferCheck.AtLeast(xLength, batch, shape.InputSize, "x");
        BufferCheck.AtLeast(yLength, batch, shape.OutputSize, "y");
    }

    /// <summary>
    /// Reduces every window in two passes per output row: each column over the window's rows, in whole vectors along
    /// the row, then each window's columns. The maximum compares by selecting, never branching: which value of a
    /// window is largest is as unpredictable as the data. With <see cref="Workers.Current"/> set and values enough, the
    /// samples are split over the workers.
    /// </summary>
    public static unsafe void Forward<TOps, TVec, TReduce>(ReadOnlySpan<float> x, Span<float> y, int batch, PoolShape shape)
        where TOps : struct, IPairOps<TVec>
        where TVec : struct
        where TReduce : struct, IWindowReduction
    {
        if (Workers.Current is not { } workers || batch < 2 || (long)batch * shape.InputSize < SplitValues)
        {
            SerialForward<TOps, TVec, TReduce>(x, y, batch, shape);
            return;
        }
        fixed (float* px = x, py = y)
            workers.SplitRange(new ForwardPass<TOps, TVec, TReduce>(px, py, shape), batch);
    }

    /// <summary>
    /// The fewest input values a pooling call must have to be split over the workers by samples; pooling reads and
    /// writes each value about once, so this is less arithmetic than the products need.
    /// </summary>
    private const long SplitValues = 1 << 16;

    /// <summary>The forward pass over some of the samples.</summary>
    private readonly unsafe struct ForwardPass<TOps, TVec, TReduce>(float* x, float* y, PoolShape shape) : IRangePass
        where TOps : struct, IPairOps<TVec>
        where TVec : struct
        where TReduce : struct, IWindowReduction
    {
        public void Run(int start, int count) =>
            SerialForward<TOps, TVec, TReduce>(new ReadOnlySpan<float>(x + (nint)start * shape.InputSize, count * shape.InputSize),
                new Span<float>(y + (nint)start * shape.OutputSize, count * shape.OutputSize), count, shape);
    }

    /// <summary>The max pooling's backward pass over some of the samples.</summary>
    private readonly unsafe struct MaxBackwardPass<TOps, TVec>(float* x, float* dy, float* dx, PoolShape shape) : IRangePass
        where TOps : struct, IPairOps<TVec>
        where TVec : struct
    {
        public void Run(int start, int count) =>
            SerialMaxBackward<TOps, TVec>(new ReadOnlySpan<float>(x + (nint)start * shape.InputSize, count * shape.InputSize),
                new ReadOnlySpan<float>(dy + (nint)start * shape.OutputSize, count * shape.OutputSize),
                new Span<float>(dx + (nint)start * shape.InputSize, count * shape.InputSize), count, shape);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SerialForward<TOps, TVec, TReduce>(ReadOnlySpan<float> x, Span<float> y, int batch, PoolShape shape)
        where TOps : struct, IPairOps<TVec>
        where TVec : struct
        where TReduce : struct, IWindowReduction
    {
        if (shape.Width < TOps.Count && TOps.Count > 4)
        {
            // Rows narrower than a vector take the next narrower width, which combines the same values in the same order.
            if (TOps.Count == 16)
                SerialForward<Vector256Ops, Vector256<float>, TReduce>(x, y, batch, shape);
            else
                SerialForward<Vector128Ops, Vector128<float>, TReduce>(x, y, batch, shape);
            return;
        }

        if (shape.Size == 2 && shape.Stride == 2 && shape.OutputWidth >= TOps.Count / 2)
        {
            Forward2x2<TOps, TVec, TReduce>(x, y, batch, shape);
            return;
        }

        ref var x0 = ref MemoryMarshal.GetReference(x);
        ref var y0 = ref MemoryMarshal.GetReference(y);
        ref var c0 = ref MemoryMarshal.GetReference(Scratch.Get(shape.Width));
        var windows = new Windows(shape);
        var scale = TReduce.Scale(shape.Size);
        nint lanes = TOps.Count;
        for (nint plane = 0; plane < batch * shape.Channels; plane++)
        {
            ref var input = ref Unsafe.Add(ref x0, plane * windows.InputPlane);
            ref var output = ref Unsafe.Add(ref y0, plane * windows.OutputPlane);
            for (nint oh = 0; oh < windows.OutputHeight; oh++)
            {
                ref var top = ref Unsafe.Add(ref input, oh * windows.Stride * windows.Width);
                if (windows.Width >= lanes)
                {
                    // The last vector ends at the last column, recomputing some columns identically.
                    for (nint w = 0; w < windows.Width; w += lanes)
                    {
                        var start = Math.Min(w, windows.Width - lanes);
                        var column = TOps.Load(ref Unsafe.Add(ref top, start));
                        for (nint i = 1; i < windows.Size; i++)
                            column = TReduce.Combine<TOps, TVec>(TOps.Load(ref Unsafe.Add(ref top, i * windows.Width + start)), column);
                        TOps.Store(column, ref Unsafe.Add(ref c0, start));
                    }
                }
                else
                {
                    for (nint w = 0; w < windows.Width; w++)
                    {
                        var column = Unsafe.Add(ref top, w);
                        for (nint i = 1; i < windows.Size; i++)
                            column = TReduce.Combine<ScalarOps, float>(Unsafe.Add(ref top, i * windows.Width + w), column);
                        Unsafe.Add(ref c0, w) = column;
                    }
                }

                ref var row = ref Unsafe.Add(ref output, oh * windows.OutputWidth);
                if (windows.Size == 2 && windows.Stride == 2 && windows.OutputWidth >= lanes / 2)
                {
                    PairRow<TOps, TVec, TReduce>(ref c0, ref row, windows.OutputWidth, scale);
                    continue;
                }

                for (nint ow = 0; ow < windows.OutputWidth; ow++)
                {
                    ref var first = ref Unsafe.Add(ref c0, ow * windows.Stride);
                    var value = first;
                    for (nint j = 1; j < windows.Size; j++)
                        value = TReduce.Combine<ScalarOps, float>(Unsafe.Add(ref first, j), value);
                    Unsafe.Add(ref row, ow) = value * scale;
                }
            }
        }
    }

    /// <summary>
    /// The usual pooling, 2 × 2 windows that tile the plane, Count / 2 windows a vector: the two rows' values are combined
    /// in registers, the bottom into the top, then each lane pair as <see cref="PairRow{TOps, TVec, TReduce}"/> does, so
    /// that every output is what the general loop computes. The last vector ends at the last window.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Forward2x2<TOps, TVec, TReduce>(ReadOnlySpan<float> x, Span<float> y, int batch, PoolShape shape)
        where TOps : struct, IPairOps<TVec>
        where TVec : struct
        where TReduce : struct, IWindowReduction
    {
        ref var x0 = ref MemoryMarshal.GetReference(x);
        ref var y0 = ref MemoryMarshal.GetReference(y);
        nint width = shape.Width;
        nint plane = shape.Height * width;
        nint outputWidth = shape.OutputWidth;
        nint outputPlane = shape.OutputHeight * outputWidth;
        nint half = TOps.Count / 2;
        var scales = TOps.Broadcast(TReduce.Scale(shape.Size));
        for (nint p = 0; p < batch * shape.Channels; p++)
        {
            for (nint oh = 0; oh < shape.OutputHeight; oh++)
            {
                ref var top = ref Unsafe.Add(ref x0, p * plane + 2 * oh * width);
                ref var row = ref Unsafe.Add(ref y0, p * outputPlane + oh * outputWidth);
                for (nint ow = 0; ow < outputWidth; ow += half)
                {
                    var start = Math.Min(ow, outputWidth - half);
                    ref var left = ref Unsafe.Add(ref top, 2 * start);
                    var column = TReduce.Combine<TOps, TVec>(TOps.Load(ref Unsafe.Add(ref left, width)), TOps.Load(ref left));
                    var combined = TReduce.Combine<TOps, TVec>(TOps.SwapPairs(column), column);
                    TOps.StoreEvenLanes(TOps.Multiply(combined, scales), ref Unsafe.Add(ref row, start));
                }
            }
        }
    }

    /// <summary>
    /// One output row of 2 × 2 windows from its column reductions, Count / 2 windows a vector: each lane pair combines
    /// its two columns as the scalar loop does (the right column into the left), and the even lanes are the outputs.
    /// The last vector ends at the last window, recomputing some windows identically.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PairRow<TOps, TVec, TReduce>(ref float columns, ref float row, nint outputWidth, float scale)
        where TOps : struct, IPairOps<TVec>
        where TVec : struct
        where TReduce : struct, IWindowReduction
    {
        nint half = TOps.Count / 2;
        var scales = TOps.Broadcast(scale);
        for (nint ow = 0; ow < outputWidth; ow += half)
        {
            var start = Math.Min(ow, outputWidth - half);
            var left = TOps.Load(ref Unsafe.Add(ref columns, 2 * start));
            var combined = TReduce.Combine<TOps, TVec>(TOps.SwapPairs(left), left);
            TOps.StoreEvenLanes(TOps.Multiply(combined, scales), ref Unsafe.Add(ref row, start));
        }
    }

    /// <summary>
    /// Overwrites dx with each output's gradient added to its window's largest input (the first in row-major order
    /// on ties). Each plane is zeroed just before its gradients are added, so that it is still in the L1 cache. With
    /// <see cref="Workers.Current"/> set and values enough, the samples are split over the workers.
    /// </summary>
    public static unsafe void MaxBackward<TOps, TVec>(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, int batch, PoolShape shape)
        where TOps : struct, IPairOps<TVec>
        where TVec : struct
    {
        if (Workers.Current is not { } workers || batch < 2 || (long)batch * shape.InputSize < SplitValues)
        {
            SerialMaxBackward<TOps, TVec>(x, dy, dx, batch, shape);
            return;
        }
        fixed (float* px = x, pdy = dy, pdx = dx)
            workers.SplitRange(new MaxBackwardPass<TOps, TVec>(px, pdy, pdx, shape), batch);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SerialMaxBackward<TOps, TVec>(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, int batch, PoolShape shape)
        where TOps : struct, IPairOps<TVec>
        where TVec : struct
    {
        if (shape.Size == 2 && shape.Stride == 2)
        {
            MaxBackward2x2<TOps, TVec>(x, dy, dx, batch, shape);
            return;
        }

        var windows = new Windows(shape);
        ref var x0 = ref MemoryMarshal.GetReference(x);
        ref var d0 = ref MemoryMarshal.GetReference(dy);
        ref var g0 = ref MemoryMarshal.GetReference(dx);
        for (nint plane = 0; plane < batch * shape.Channels; plane++)
        {
            ref var input = ref Unsafe.Add(ref x0, plane * windows.InputPlane);
            ref var gradient = ref Unsafe.Add(ref g0, plane * windows.InputPlane);
            ref var outputGradient = ref Unsafe.Add(ref d0, plane * windows.OutputPlane);
            MemoryMarshal.CreateSpan(ref gradient, (int)windows.InputPlane).Clear();
            for (nint oh = 0; oh < windows.OutputHeight; oh++)
            {
                for (nint ow = 0; ow < windows.OutputWidth; ow++)
                {
                    var start = windows.Start(oh, ow);
                    Unsafe.Add(ref gradient, start + windows.ArgMax(ref Unsafe.Add(ref input, start))) +=
                        Unsafe.Add(ref outputGradient, oh * windows.OutputWidth + ow);
                }
            }
        }
    }

    /// <summary>
    /// The usual pooling, 2 × 2 windows that tile the plane. A window's first maximum is found by a two-round
    /// tournament: the larger of each row's pair (the left one on ties), then the larger of the two winners (the top
    /// one on ties). Whole vectors of windows are done in place, each row's pairs side by side in neighbouring lanes,
    /// every gradient value written once: the output gradient where its input won, zero elsewhere.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MaxBackward2x2<TOps, TVec>(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, int batch, PoolShape shape)
        where TOps : struct, IPairOps<TVec>
        where TVec : struct
    {
        ref var x0 = ref MemoryMarshal.GetReference(x);
        ref var d0 = ref MemoryMarshal.GetReference(dy);
        ref var g0 = ref MemoryMarshal.GetReference(dx);
        nint width = shape.Width;
        nint plane = shape.Height * width;
        nint outputWidth = shape.OutputWidth;
        nint half = TOps.Count / 2;
        if (outputWidth < half && TOps.Count > 4)
        {
            // Rows narrower than a vector of windows take the next narrower width.
            if (TOps.Count == 16)
                MaxBackward2x2<Vector256Ops, Vector256<float>>(x, dy, dx, batch, shape);
            else
                MaxBackward2x2<Vector128Ops, Vector128<float>>(x, dy, dx, batch, shape);
            return;
        }

        // The last vector of windows ends at the last window, recomputing some windows identically.
        var vectors = outputWidth < half ? 0 : outputWidth - half;
        for (nint p = 0; p < batch * shape.Channels; p++)
        {
            ref var outputGradient = ref Unsafe.Add(ref d0, p * shape.OutputHeight * outputWidth);
            for (nint oh = 0; oh < shape.OutputHeight; oh++)
            {
                ref var top = ref Unsafe.Add(ref x0, p * plane + 2 * oh * width);
                ref var bottom = ref Unsafe.Add(ref top, width);
                ref var gradient = ref Unsafe.Add(ref g0, p * plane + 2 * oh * width);
                ref var row = ref Unsafe.Add(ref outputGradient, oh * outputWidth);
                if (outputWidth >= half)
                {
                    for (nint ow = 0; ow < outputWidth; ow += half)
                    {
                        var start = Math.Min(ow, vectors);
                        Windows2x2<TOps, TVec>(ref Unsafe.Add(ref top, 2 * start), ref Unsafe.Add(ref bottom, 2 * start), ref Unsafe.Add(ref row, start),
                            ref Unsafe.Add(ref gradient, 2 * start), width);
                    }
                }
                else
                {
                    // A single window a row, too few for a 128-bit vector's pair of them.
                    Zero<TOps, TVec>(ref gradient, 2 * width);
                    for (nint ow = 0; ow < outputWidth; ow++)
                    {
                        var j = 2 * ow;
                        var (a, b) = (Unsafe.Add(ref top, j), Unsafe.Add(ref top, j + 1));
                        var (c, d) = (Unsafe.Add(ref bottom, j), Unsafe.Add(ref bottom, j + 1));
                        nint right = b > a ? 1 : 0;
                        nint rightBelow = d > c ? 1 : 0;
                        nint below = ScalarOps.Larger(d, c) > ScalarOps.Larger(b, a) ? -1 : 0;
                        Unsafe.Add(ref gradient, j + right + ((width + rightBelow - right) & below)) = Unsafe.Add(ref row, ow);
                    }
                }

                // An odd width's last column, which no window covers.
                if (width % 2 != 0)
                    Unsafe.Add(ref gradient, width - 1) = Unsafe.Add(ref gradient, 2 * width - 1) = 0f;
            }

            // An odd height leaves the last row out of every window.
            Zero<TOps, TVec>(ref Unsafe.Add(ref g0, p * plane + 2 * shape.OutputHeight * width), (shape.Height - 2 * shape.OutputHeight) * width);
        }
    }

    /// <summary>
    /// Count / 2 windows: in each row, lane pairs hold a window's left and right values. The tournament of
    /// <see cref="MaxBackward2x2"/> in masks, with the same comparisons, so that ties and NaNs go where they go there.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Windows2x2<TOps, TVec>(ref float top, ref float bottom, ref float outputGradient, ref float gradient, nint width)
        where TOps : struct, IPairOps<TVec>
        where TVec : struct
    {
        var (odd, even) = (TOps.OddLanes, TOps.EvenLanes);
        var t = TOps.Load(ref top);
        var b = TOps.Load(ref bottom);
        var (tPartner, bPartner) = (TOps.SwapPairs(t), TOps.SwapPairs(b));

        // A right value wins its pair when it is larger than the left: in an odd lane when it is larger than its
        // partner, in an even lane when the partner (the right value) is not.
        var topWins = TOps.Select(odd, TOps.GreaterThan(t, tPartner), TOps.AndNot(even, TOps.GreaterThan(tPartner, t)));
        var bottomWins = TOps.Select(odd, TOps.GreaterThan(b, bPartner), TOps.AndNot(even, TOps.GreaterThan(bPartner, b)));
        var topLarger = TOps.Select(odd, TOps.Larger(t, tPartner), TOps.Larger(tPartner, t));
        var bottomLarger = TOps.Select(odd, TOps.Larger(b, bPartner), TOps.Larger(bPartner, b));
        var below = TOps.GreaterThan(bottomLarger, topLarger);

        var g = TOps.LoadTwice(ref outputGradient);
        TOps.Store(TOps.Select(TOps.AndNot(topWins, below), g, TOps.Zero), ref gradient);
        TOps.Store(TOps.Select(TOps.And(bottomWins, below), g, TOps.Zero), ref Unsafe.Add(ref gradient, width));
    }

    /// <summary>
    /// Zeroes a short run in whole vectors, the last one overlapping the one before, and nothing past its end.
    /// Span.Clear is slower on runs of a few cache lines that miss the cache.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Zero<TOps, TVec>(ref float start, nint count)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
    {
        nint lanes = TOps.Count;
        if (count < lanes)
        {
            for (nint i = 0; i < count; i++)
                Unsafe.Add(ref start, i) = 0f;
            return;
        }

        for (nint i = 0; i < count - lanes; i += lanes)
            TOps.Store(TOps.Zero, ref Unsafe.Add(ref start, i));
        TOps.Store(TOps.Zero, ref Unsafe.Add(ref start, count - lanes));
    }

    /// <summary>The sizes of one plane and its windows, as native integers for the address arithmetic.</summary>
    public readonly struct Windows(PoolShape shape)
    {
        public nint Size { get; } = shape.Size;

        public nint Stride { get; } = shape.Stride;

        public nint Width { get; } = shape.Width;

        public nint OutputHeight { get; } = shape.OutputHeight;

        public nint OutputWidth { get; } = shape.OutputWidth;

        public nint InputPlane { get; } = (nint)shape.Height * shape.Width;

        public nint OutputPlane { get; } = (nint)shape.OutputHeight * shape.OutputWidth;

        /// <summary>Where the window of output (oh, ow) starts in its input plane.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public nint Start(nint oh, nint ow) => oh * Stride * Width + ow * Stride;

        /// <summary>
        /// The offset, from the window's start, of its largest value: the first in row-major order on ties, since
        /// only a strictly larger value replaces the best so far. Selects rather than branches, as above.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public nint ArgMax(ref float window)
        {
            nint best = 0;
            var max = window;
            for (nint i = 0; i < Size; i++)
            {
                for (nint j = 0; j < Size; j++)
                {
                    var offset = i * Width + j;
                    var value = Unsafe.Add(ref window, offset);
                    nint larger = value > max ? 1 : 0;
                    best += (offset - best) & -larger;
                    max = ScalarOps.Larger(value, max);
                }
            }

            return best;
        }
    }
}

/// <summary>How a pooling layer reduces a window: combining its values two at a time, then scaling the result.</summary>
internal interface IWindowReduction
{
    static abstract TVec Combine<TOps, TVec>(TVec value, TVec sofar)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct;

    static abstract float Scale(int size);
}

/// <summary>The maximum; on ties the value seen first stays.</summary>
internal readonly struct MaxReduction : IWindowReduction
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Combine<TOps, TVec>(TVec value, TVec sofar)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct => TOps.Larger(value, sofar);

    public static float Scale(int size) => 1f;
}

/// <summary>The mean: the sum, times 1 / size².</summary>
internal readonly struct MeanReduction : IWindowReduction
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Combine<TOps, TVec>(TVec value, TVec sofar)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct => TOps.Add(sofar, value);

    public static float Scale(int size) => 1f / (size * size);
}
