using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetForge.Cpu;

/// <summary>
/// A valid stride-1 convolution's forward pass with the filters along the lanes, for kernels five wide and whole
/// groups of 16 filters in 16-lane vectors (LeNet-5's second layer): out[p, f] = bias[f] + Σ_k x[offset_k + p] · Wᵀ[k, f],
/// ten output positions of a row at a time. A kernel row broadcasts the fourteen inputs its five taps read for the
/// ten positions once, and each tap's vector of weights feeds ten multiply-adds; <see cref="FilterProduct"/>'s
/// shifted form also computes the positions past each output row up to the input's width (4 in 14 on LeNet-5's second
/// layer). Every output sums the bias, then its taps in order, as <see cref="FilterProduct"/> does, so the bits are the
/// same; the outputs are laid out by filter at the end.
/// </summary>
internal static class FilterVectorForward
{
    private const int RowTaps = 5;

    /// <summary>Positions a block computes: ten chains of multiply-adds, and output rows a whole number of blocks.</summary>
    private const int Positions = 10;

    /// <summary>Whether the shape takes this form at this vector width; the bits are the same either way.</summary>
    public static bool Applies<TOps, TVec>(ConvShape shape)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct =>
        shape.Stride == 1 && shape.Padding == 0 && shape.KernelWidth == RowTaps && shape.Filters % Lanes.Group == 0 &&
        TOps.Count == Lanes.Group && shape.OutputWidth % Positions == 0;

    /// <summary>The floats of working memory <see cref="Run{TOps, TVec, TAct}"/> takes: one sample's outputs by position.</summary>
    public static int ScratchLength(ConvShape shape) => shape.OutputSize;

    /// <summary>
    /// Overwrites each sample's outputs, [filters, OH, OW], with the activation applied where it has a vector form
    /// (the caller finishes the others, as after <see cref="FilterProduct"/>). Spans are not checked.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TOps, TVec, TAct>(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> y,
        int batch, ConvShape shape, TAct activation, Span<float> scratch)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
        where TAct : struct, IActivation
    {
        Prepare(weight, shape, scratch, out var byTap, out var byPosition);
        for (var b = 0; b < batch; b++)
        {
            Rows<TOps, TVec, TAct>(x.Slice(b * shape.InputSize, shape.InputSize), byTap, bias, byPosition, 0, shape.OutputHeight, shape, activation);
            Finish(byPosition, shape, y.Slice(b * shape.OutputSize, shape.OutputSize), 0, shape.OutputHeight);
        }
    }

    /// <summary>
    /// The weights by tap (<see cref="TapLayout"/>), and the room in <paramref name="scratch"/> for one sample's outputs
    /// by position.
    /// </summary>
    public static void Prepare(ReadOnlySpan<float> weight, ConvShape shape, Span<float> scratch, out ReadOnlySpan<float> byTap, out Span<float> byPosition)
    {
        byTap = TapLayout.Of(weight, shape.Filters);
        byPosition = scratch[..shape.OutputSize];
    }

    /// <summary>Output rows [<paramref name="firstRow"/>, <paramref name="endRow"/>) of one sample, by position, for every filter.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Rows<TOps, TVec, TAct>(ReadOnlySpan<float> sample, ReadOnlySpan<float> byTap, ReadOnlySpan<float> bias, Span<float> byPosition,
        int firstRow, int endRow, ConvShape shape, TAct activation)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
        where TAct : struct, IActivation
    {
        for (var filter = 0; filter < shape.Filters; filter += TOps.Count)
        {
            var start = bias.IsEmpty ? TOps.Zero : TOps.Load(ref MemoryMarshal.GetReference(bias[filter..]));
            for (var i = firstRow; i < endRow; i++)
            {
                for (var j = 0; j < shape.OutputWidth; j += Positions)
                    Block<TOps, TVec, TAct>(ref MemoryMarshal.GetReference(sample[(i * shape.Width + j)..]), ref MemoryMarshal.GetReference(byTap[filter..]),
                        ref MemoryMarshal.GetReference(byPosition[((i * shape.OutputWidth + j) * shape.Filters + filter)..]), start, shape, activation);
            }
        }
    }

    /// <summary>Lays output rows [<paramref name="firstRow"/>, <paramref name="endRow"/>) of one sample out by filter, in <paramref name="y"/>, [filters, OH, OW].</summary>
    public static void Finish(ReadOnlySpan<float> byPosition, ConvShape shape, Span<float> y, int firstRow, int endRow)
    {
        var first = firstRow * shape.OutputWidth;
        Transposition.Run(byPosition[(first * shape.Filters)..], (endRow - firstRow) * shape.OutputWidth, shape.Filters, y[first..],
            shape.OutputHeight * shape.OutputWidth);
    }

    /// <summary>Ten positions of an output row × one vector of filters, over every kernel row of every channel.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block<TOps, TVec, TAct>(ref float x, ref float byTap, ref float byPosition, TVec start, ConvShape shape, TAct act)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
        where TAct : struct, IActivation
    {
        nint filters = shape.Filters;
        nint width = shape.Width;
        nint plane = (nint)shape.Height * width;
        TVec a0 = start, a1 = start, a2 = start, a3 = start, a4 = start, a5 = start, a6 = start, a7 = start, a8 = start, a9 = start;
        nint tap = 0;
        for (nint c = 0; c < shape.Channels; c++)
        {
            for (nint ki = 0; ki < shape.KernelHeight; ki++, tap += RowTaps)
            {
                ref var row = ref Unsafe.Add(ref x, c * plane + ki * width);
                TVec x0 = TOps.Broadcast(row), x1 = TOps.Broadcast(Unsafe.Add(ref row, 1)), x2 = TOps.Broadcast(Unsafe.Add(ref row, 2));
                TVec x3 = TOps.Broadcast(Unsafe.Add(ref row, 3)), x4 = TOps.Broadcast(Unsafe.Add(ref row, 4)), x5 = TOps.Broadcast(Unsafe.Add(ref row, 5));
                TVec x6 = TOps.Broadcast(Unsafe.Add(ref row, 6)), x7 = TOps.Broadcast(Unsafe.Add(ref row, 7)), x8 = TOps.Broadcast(Unsafe.Add(ref row, 8));
                TVec x9 = TOps.Broadcast(Unsafe.Add(ref row, 9)), x10 = TOps.Broadcast(Unsafe.Add(ref row, 10)), x11 = TOps.Broadcast(Unsafe.Add(ref row, 11));
                TVec x12 = TOps.Broadcast(Unsafe.Add(ref row, 12)), x13 = TOps.Broadcast(Unsafe.Add(ref row, 13));
                ref var w = ref Unsafe.Add(ref byTap, tap * filters);
                var v = TOps.Load(ref w);
                a0 = TOps.MultiplyAdd(x0, v, a0);
                a1 = TOps.MultiplyAdd(x1, v, a1);
                a2 = TOps.MultiplyAdd(x2, v, a2);
                a3 = TOps.MultiplyAdd(x3, v, a3);
                a4 = TOps.MultiplyAdd(x4, v, a4);
                a5 = TOps.MultiplyAdd(x5, v, a5);
                a6 = TOps.MultiplyAdd(x6, v, a6);
                a7 = TOps.MultiplyAdd(x7, v, a7);
                a8 = TOps.MultiplyAdd(x8, v, a8);
                a9 = TOps.MultiplyAdd(x9, v, a9);
                v = TOps.Load(ref Unsafe.Add(ref w, filters));
                a0 = TOps.MultiplyAdd(x1, v, a0);
                a1 = TOps.MultiplyAdd(x2, v, a1);
                a2 = TOps.MultiplyAdd(x3, v, a2);
                a3 = TOps.MultiplyAdd(x4, v, a3);
                a4 = TOps.MultiplyAdd(x5, v, a4);
                a5 = TOps.MultiplyAdd(x6, v, a5);
                a6 = TOps.MultiplyAdd(x7, v, a6);
                a7 = TOps.MultiplyAdd(x8, v, a7);
                a8 = TOps.MultiplyAdd(x9, v, a8);
                a9 = TOps.MultiplyAdd(x10, v, a9);
                v = TOps.Load(ref Unsafe.Add(ref w, 2 * filters));
                a0 = TOps.MultiplyAdd(x2, v, a0);
                a1 = TOps.MultiplyAdd(x3, v, a1);
                a2 = TOps.MultiplyAdd(x4, v, a2);
                a3 = TOps.MultiplyAdd(x5, v, a3);
                a4 = TOps.MultiplyAdd(x6, v, a4);
                a5 = TOps.MultiplyAdd(x7, v, a5);
                a6 = TOps.MultiplyAdd(x8, v, a6);
                a7 = TOps.MultiplyAdd(x9, v, a7);
                a8 = TOps.MultiplyAdd(x10, v, a8);
                a9 = TOps.MultiplyAdd(x11, v, a9);
                v = TOps.Load(ref Unsafe.Add(ref w, 3 * filters));
                a0 = TOps.MultiplyAdd(x3, v, a0);
                a1 = TOps.MultiplyAdd(x4, v, a1);
                a2 = TOps.MultiplyAdd(x5, v, a2);
                a3 = TOps.MultiplyAdd(x6, v, a3);
                a4 = TOps.MultiplyAdd(x7, v, a4);
                a5 = TOps.MultiplyAdd(x8, v, a5);
                a6 = TOps.MultiplyAdd(x9, v, a6);
                a7 = TOps.MultiplyAdd(x10, v, a7);
                a8 = TOps.MultiplyAdd(x11, v, a8);
                a9 = TOps.MultiplyAdd(x12, v, a9);
                v = TOps.Load(ref Unsafe.Add(ref w, 4 * filters));
                a0 = TOps.MultiplyAdd(x4, v, a0);
                a1 = TOps.MultiplyAdd(x5, v, a1);
                a2 = TOps.MultiplyAdd(x6, v, a2);
                a3 = TOps.MultiplyAdd(x7, v, a3);
                a4 = TOps.MultiplyAdd(x8, v, a4);
                a5 = TOps.MultiplyAdd(x9, v, a5);
                a6 = TOps.MultiplyAdd(x10, v, a6);
                a7 = TOps.MultiplyAdd(x11, v, a7);
                a8 = TOps.MultiplyAdd(x12, v, a8);
                a9 = TOps.MultiplyAdd(x13, v, a9);
            }
        }

        TOps.Store(VectorActivation.Forward<TOps, TVec, TAct>(a0, act), ref byPosition);
        TOps.Store(VectorActivation.Forward<TOps, TVec, TAct>(a1, act), ref Unsafe.Add(ref byPosition, filters));
        TOps.Store(VectorActivation.Forward<TOps, TVec, TAct>(a2, act), ref Unsafe.Add(ref byPosition, 2 * filters));
        TOps.Store(VectorActivation.Forward<TOps, TVec, TAct>(a3, act), ref Unsafe.Add(ref byPosition, 3 * filters));
        TOps.Store(VectorActivation.Forward<TOps, TVec, TAct>(a4, act), ref Unsafe.Add(ref byPosition, 4 * filters));
        TOps.Store(VectorActivation.Forward<TOps, TVec, TAct>(a5, act), ref Unsafe.Add(ref byPosition, 5 * filters));
        TOps.Store(VectorActivation.Forward<TOps, TVec, TAct>(a6, act), ref Unsafe.Add(ref byPosition, 6 * filters));
        TOps.Store(VectorActivation.Forward<TOps, TVec, TAct>(a7, act), ref Unsafe.Add(ref byPosition, 7 * filters));
        TOps.Store(VectorActivation.Forward<TOps, TVec, TAct>(a8, act), ref Unsafe.Add(ref byPosition, 8 * filters));
        TOps.Store(VectorActivation.Forward<TOps, TVec, TAct>(a9, act), ref Unsafe.Add(ref byPosition, 9 * filters));
    }
}
