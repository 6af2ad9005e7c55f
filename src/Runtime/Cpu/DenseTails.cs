using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetForge.Cpu;

/// <summary>
/// The tails of a dense forward product's dot products: the inputs past the last whole lane group, each tail summed
/// in order from zero, as <see cref="DenseForwardKernel"/> adds it to the lane sums. Summed one output at a time,
/// a tail of 8 inputs (LeNet-5's 120) cost nearly as much as the 7 lane groups before it; here the tails of a block of
/// samples are summed for every output at once, along the outputs, from a copy of the weights' tail columns laid out
/// input by input. Each output's tail is the same fused multiply-adds in the same order, so the bits do not change.
/// </summary>
internal readonly ref struct DenseTails
{
    /// <summary>The most samples one block sums at a time.</summary>
    public const int BlockSamples = 8;

    // The weights' tail columns, [tail, Stride]; then the block's sums, [BlockSamples, Stride], each row with room for
    // a whole vector past its last output, so that a block of three can load four.
    private readonly Span<float> _columns;
    private readonly Span<float> _sums;
    private readonly int _inputs;
    private readonly int _whole;
    private readonly int _width;

    [ThreadStatic]
    private static float[]? t_buffer;

    /// <summary>Copies the tail columns of <paramref name="outputs"/> rows of <paramref name="weight"/>, each <paramref name="inputs"/> long.</summary>
    public DenseTails(ReadOnlySpan<float> weight, int inputs, int outputs)
    {
        _inputs = inputs;
        _whole = (int)Lanes.Whole(inputs);
        _width = Scratch.Round(outputs);
        Stride = _width + Scratch.Alignment;
        var tail = inputs - _whole;
        var length = checked((tail + BlockSamples) * Stride);
        if (t_buffer is null || t_buffer.Length < length)
            t_buffer = new float[length];
        _columns = t_buffer.AsSpan(0, tail * Stride);
        _sums = t_buffer.AsSpan(tail * Stride, BlockSamples * Stride);
        for (var i = 0; i < tail; i++)
        {
            var column = _columns.Slice(i * Stride, Stride);
            for (var o = 0; o < outputs; o++)
                column[o] = weight[o * inputs + _whole + i];
            column[outputs.._width].Clear();
        }
    }

    /// <summary>The distance between two samples' rows of sums.</summary>
    public int Stride { get; }

    /// <summary>The first sum of the block's first sample; the next sample's row is <see cref="Stride"/> further.</summary>
    public ref float Sums => ref MemoryMarshal.GetReference(_sums);

    /// <summary>Sums the tails of <paramref name="samples"/> input rows from <paramref name="xRows"/> on, against every output.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Sum<TOps, TVec>(ref float xRows, int samples)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
    {
        nint tail = _inputs - _whole;
        nint stride = Stride;
        nint lanes = TOps.Count;
        ref var c0 = ref MemoryMarshal.GetReference(_columns);
        ref var s0 = ref MemoryMarshal.GetReference(_sums);
        for (nint s = 0; s < samples; s++)
        {
            ref var x = ref Unsafe.Add(ref xRows, s * _inputs + _whole);
            ref var row = ref Unsafe.Add(ref s0, s * stride);
            for (nint o = 0; o < _width; o += lanes)
            {
                var sum = TOps.Zero;
                for (nint i = 0; i < tail; i++)
                    sum = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref x, i)), TOps.Load(ref Unsafe.Add(ref c0, i * stride + o)), sum);
                TOps.Store(sum, ref Unsafe.Add(ref row, o));
            }
        }
    }
}
