using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NetForge.Cpu;

/// <summary>
/// Max pooling over each channel of [batch, channels, height, width] tensors: y[b, c, oh, ow] is the largest of the
/// Size × Size inputs from (oh·Stride, ow·Stride). Buffers may be longer than the sizes need; the extra values are
/// left alone. Single-threaded; allocates nothing after the first call (the forward pass keeps one row of working
/// memory per thread).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class MaxPool
{
    /// <summary>Computes the maximum of every window.</summary>
    /// <param name="x">Inputs, [batch, channels, height, width].</param>
    /// <param name="y">Receives the maxima, [batch, channels, output height, output width].</param>
    /// <param name="batch">The number of samples.</param>
    /// <param name="shape">The layer's sizes.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batch"/> is negative.</exception>
    /// <exception cref="ArgumentException">A buffer is too short for the sizes, or the shape is <c>default</c>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(ReadOnlySpan<float> x, Span<float> y, int batch, PoolShape shape)
    {
        Pooling.Check(x.Length, y.Length, batch, shape);
        if (Vector512.IsHardwareAccelerated)
            Pooling.Forward<Vector512Ops, Vector512<float>, MaxReduction>(x, y, batch, shape);
        else if (Vector256.IsHardwareAccelerated)
            Pooling.Forward<Vector256Ops, Vector256<float>, MaxReduction>(x, y, batch, shape);
        else // Without SIMD hardware the 128-bit code runs in software.
            Pooling.Forward<Vector128Ops, Vector128<float>, MaxReduction>(x, y, batch, shape);
    }

    /// <summary>
    /// Routes each output's gradient to the input that was its window's maximum (the first one, in row-major order
    /// within the window, on ties), adding where overlapping windows share it. Inputs that are no window's maximum,
    /// including those no window covers, get zero. <paramref name="dx"/> is overwritten.
    /// </summary>
    /// <param name="x">The inputs of the forward pass, [batch, channels, height, width].</param>
    /// <param name="y">
    /// The outputs of the forward pass, [batch, channels, output height, output width]; its length is checked, but the
    /// maxima are found again in <paramref name="x"/>, so that ties resolve exactly as described whatever y holds.
    /// </param>
    /// <param name="dy">The gradient with respect to y.</param>
    /// <param name="dx">Receives the gradient with respect to x.</param>
    /// <param name="batch">The number of samples.</param>
    /// <param name="shape">The layer's sizes.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batch"/> is negative.</exception>
    /// <exception cref="ArgumentException">A buffer is too short for the sizes, or the shape is <c>default</c>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int batch, PoolShape shape)
    {
        Pooling.Check(x.Length, y.Length, batch, shape);
        BufferCheck.AtLeast(dy.Length, batch, shape.OutputSize, nameof(dy));
        BufferCheck.AtLeast(dx.Length, batch, shape.InputSize, nameof(dx));
        if (Vector512.IsHardwareAccelerated)
            Pooling.MaxBackward<Vector512Ops, Vector512<float>>(x, dy, dx, batch, shape);
        else if (Vector256.IsHardwareAccelerated)
            Pooling.MaxBackward<Vector256Ops, Vector256<float>>(x, dy, dx, batch, shape);
        else // Without SIMD hardware the 128-bit code runs in software.
            Pooling.MaxBackward<Vector128Ops, Vector128<float>>(x, dy, dx, batch, shape);
    }
}
