using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetForge.Cpu;

/// <summary>
/// Max pooling over each channel of [batch, channels, height, width] tensors: y[b, c, oh, ow] is the largest of the
/// Size × Size inputs from (oh·Stride, ow·Stride). Buffers may be longer than the sizes need; the extra values are
/// left alone. Single-threaded; allocates nothing.
/// </summary>
public static class MaxPool
{
    /// <summary>Computes the maximum of every window.</summary>
    /// <param name="x">Inputs, [batch, channels, height, width].</param>
    /// <param name="y">Receives the maxima, [batch, channels, output height, output width].</param>
    /// <param name="batch">The number of samples.</param>
    /// <param name="shape">The layer's sizes.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batch"/> is negative.</exception>
    /// <exception cref="ArgumentException">A buffer is too short for the sizes, or the shape is <c>default</c>.</exception>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y, int batch, PoolShape shape)
    {
        Pooling.Check(x.Length, y.Length, batch, shape);
        ref var x0 = ref MemoryMarshal.GetReference(x);
        ref var y0 = ref MemoryMarshal.GetReference(y);
        var windows = new Pooling.Windows(shape);
        for (nint plane = 0; plane < batch * shape.Channels; plane++)
        {
            ref var input = ref Unsafe.Add(ref x0, plane * windows.InputPlane);
            ref var output = ref Unsafe.Add(ref y0, plane * windows.OutputPlane);
            for (nint oh = 0; oh < windows.OutputHeight; oh++)
            {
                for (nint ow = 0; ow < windows.OutputWidth; ow++)
                {
                    ref var window = ref Unsafe.Add(ref input, windows.Start(oh, ow));
                    Unsafe.Add(ref output, oh * windows.OutputWidth + ow) = Unsafe.Add(ref window, windows.ArgMax(ref window));
                }
            }
        }
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
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int batch, PoolShape shape)
    {
        Pooling.Check(x.Length, y.Length, batch, shape);
        BufferCheck.AtLeast(dy.Length, batch, shape.OutputSize, nameof(dy));
        BufferCheck.AtLeast(dx.Length, batch, shape.InputSize, nameof(dx));
        dx[..(batch * shape.InputSize)].Clear();
        ref var x0 = ref MemoryMarshal.GetReference(x);
        ref var d0 = ref MemoryMarshal.GetReference(dy);
        ref var g0 = ref MemoryMarshal.GetReference(dx);
        var windows = new Pooling.Windows(shape);
        for (nint plane = 0; plane < batch * shape.Channels; plane++)
        {
            ref var input = ref Unsafe.Add(ref x0, plane * windows.InputPlane);
            ref var gradient = ref Unsafe.Add(ref g0, plane * windows.InputPlane);
            ref var outputGradient = ref Unsafe.Add(ref d0, plane * windows.OutputPlane);
            for (nint oh = 0; oh < windows.OutputHeight; oh++)
            {
                for (nint ow = 0; ow < windows.OutputWidth; ow++)
                {
                    var start = windows.Start(oh, ow);
                    var best = start + windows.ArgMax(ref Unsafe.Add(ref input, start));
                    Unsafe.Add(ref gradient, best) += Unsafe.Add(ref outputGradient, oh * windows.OutputWidth + ow);
                }
            }
        }
    }
}
