using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetForge.Cpu;

/// <summary>
/// Average pooling over each channel of [batch, channels, height, width] tensors: y[b, c, oh, ow] is the mean of the
/// Size × Size inputs from (oh·Stride, ow·Stride). Buffers may be longer than the sizes need; the extra values are
/// left alone. Single-threaded; allocates nothing after the first call (the forward pass keeps one row of working
/// memory per thread).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class AvgPool
{
    /// <summary>Computes the mean of every window.</summary>
    /// <param name="x">Inputs, [batch, channels, height, width].</param>
    /// <param name="y">Receives the means, [batch, channels, output height, output width].</param>
    /// <param name="batch">The number of samples.</param>
    /// <param name="shape">The layer's sizes.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batch"/> is negative.</exception>
    /// <exception cref="ArgumentException">A buffer is too short for the sizes, or the shape is <c>default</c>.</exception>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y, int batch, PoolShape shape)
    {
        Pooling.Check(x.Length, y.Length, batch, shape);
        if (Vector512.IsHardwareAccelerated)
            Pooling.Forward<Vector512Ops, Vector512<float>, MeanReduction>(x, y, batch, shape);
        else if (Vector256.IsHardwareAccelerated)
            Pooling.Forward<Vector256Ops, Vector256<float>, MeanReduction>(x, y, batch, shape);
        else // Without SIMD hardware the 128-bit code runs in software.
            Pooling.Forward<Vector128Ops, Vector128<float>, MeanReduction>(x, y, batch, shape);
    }

    /// <summary>
    /// Spreads each output's gradient evenly over its window, adding where windows overlap; inputs no window covers
    /// get zero. <paramref name="dx"/> is overwritten.
    /// </summary>
    /// <param name="dy">The gradient with respect to the outputs, [batch, channels, output height, output width].</param>
    /// <param name="dx">Receives the gradient with respect to the inputs, [batch, channels, height, width].</param>
    /// <param name="batch">The number of samples.</param>
    /// <param name="shape">The layer's sizes.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batch"/> is negative.</exception>
    /// <exception cref="ArgumentException">A buffer is too short for the sizes, or the shape is <c>default</c>.</exception>
    public static void Backward(ReadOnlySpan<float> dy, Span<float> dx, int batch, PoolShape shape)
    {
        shape.CheckInitialised(nameof(shape));
        BufferCheck.Size(batch, nameof(batch));
        BufferCheck.AtLeast(dy.Length, batch, shape.OutputSize, nameof(dy));
        BufferCheck.AtLeast(dx.Length, batch, shape.InputSize, nameof(dx));
        ref var d0 = ref MemoryMarshal.GetReference(dy);
        ref var g0 = ref MemoryMarshal.GetReference(dx);
        var windows = new Pooling.Windows(shape);
        var scale = 1f / (shape.Size * shape.Size);
        for (nint plane = 0; plane < batch * shape.Channels; plane++)
        {
            // Zeroed just before its gradients are added, so that the plane is still in the L1 cache.
            dx.Slice((int)(plane * windows.InputPlane), (int)windows.InputPlane).Clear();
            ref var gradient = ref Unsafe.Add(ref g0, plane * windows.InputPlane);
            ref var outputGradient = ref Unsafe.Add(ref d0, plane * windows.OutputPlane);
            for (nint oh = 0; oh < windows.OutputHeight; oh++)
            {
                for (nint ow = 0; ow < windows.OutputWidth; ow++)
                {
                    ref var window = ref Unsafe.Add(ref gradient, windows.Start(oh, ow));
                    var share = Unsafe.Add(ref outputGradient, oh * windows.OutputWidth + ow) * scale;
                    for (nint i = 0; i < windows.Size; i++)
                    {
                        ref var row = ref Unsafe.Add(ref window, i * windows.Width);
                        for (nint j = 0; j < windows.Size; j++)
                            Unsafe.Add(ref row, j) += share;
                    }
                }
            }
        }
    }
}
