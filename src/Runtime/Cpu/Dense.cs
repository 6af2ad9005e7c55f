using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NetForge.Cpu;

/// <summary>
/// A fully connected layer with a fused activation: y[b, o] = act(Σᵢ x[b, i]·w[o, i] + bias[o]).
/// Tensors are row-major: x is [batch, inputs], the weight [outputs, inputs] (PyTorch's layout), y [batch, outputs].
/// Buffers may be longer than the sizes need (a batch smaller than the capacity); the extra values are left alone.
/// The kernels allocate nothing, split their work over the workers of a trainer where that pays, and use the widest
/// SIMD vectors the hardware accelerates.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Dense
{
    /// <summary>Computes y = act(x·Wᵀ + bias).</summary>
    /// <typeparam name="TAct">The activation, specialised by the JIT.</typeparam>
    /// <param name="x">Inputs, [batch, inputs].</param>
    /// <param name="weight">Weights, [outputs, inputs].</param>
    /// <param name="bias">Biases, [outputs]; empty for a layer without bias, or when it is not wanted.</param>
    /// <param name="y">Receives the activated outputs, [batch, outputs].</param>
    /// <param name="batch">The number of samples.</param>
    /// <param name="inputs">Values per input sample.</param>
    /// <param name="outputs">Values per output sample.</param>
    /// <param name="activation">The activation applied to each output.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative.</exception>
    /// <exception cref="ArgumentException">A buffer is too short for the sizes.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward<TAct>(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> y,
        int batch, int inputs, int outputs, TAct activation)
        where TAct : struct, IActivation
    {
        CheckForward(x.Length, weight.Length, bias.Length, y.Length, batch, inputs, outputs);

        if (Vector512.IsHardwareAccelerated)
            DenseForwardKernel.Run<Vector512Ops, Vector512<float>, TAct>(x, weight, bias, y, batch, inputs, outputs, activation);
        else if (Vector256.IsHardwareAccelerated)
            DenseForwardKernel.Run<Vector256Ops, Vector256<float>, TAct>(x, weight, bias, y, batch, inputs, outputs, activation);
        else // Without SIMD hardware the 128-bit code runs in software, summing in the same lane layout.
            DenseForwardKernel.Run<Vector128Ops, Vector128<float>, TAct>(x, weight, bias, y, batch, inputs, outputs, activation);
    }

    /// <summary>
    /// Back-propagates through the layer. <paramref name="dy"/> is first turned in place into the gradient with
    /// respect to the pre-activation (dy ·= act'(y)); then the parameter gradients and, when wanted, the input
    /// gradient are written. All gradients are overwritten, not accumulated, and summed over the batch.
    /// </summary>
    /// <typeparam name="TAct">The activation, specialised by the JIT.</typeparam>
    /// <param name="x">The inputs of the forward pass, [batch, inputs].</param>
    /// <param name="weight">Weights, [outputs, inputs].</param>
    /// <param name="y">The activated outputs of the forward pass, [batch, outputs].</param>
    /// <param name="dy">On entry the gradient with respect to y; on return the gradient with respect to the pre-activation. [batch, outputs].</param>
    /// <param name="dWeight">Receives the weight gradient, [outputs, inputs]; empty when it is not wanted (a frozen weight).</param>
    /// <param name="dBias">Receives the bias gradient, [outputs]; empty for a layer without bias, or when it is not wanted.</param>
    /// <param name="dx">Receives the input gradient, [batch, inputs]; empty when it is not needed (the first layer).</param>
    /// <param name="batch">The number of samples.</param>
    /// <param name="inputs">Values per input sample.</param>
    /// <param name="outputs">Values per output sample.</param>
    /// <param name="activation">The activation of the forward pass.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative.</exception>
    /// <exception cref="ArgumentException">A buffer is too short for the sizes.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward<TAct>(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> y, Span<float> dy,
        Span<float> dWeight, Span<float> dBias, Span<float> dx, int batch, int inputs, int outputs, TAct activation)
        where TAct : struct, IActivation
    {
        CheckBackward(x.Length, weight.Length, y.Length, dy.Length, dWeight.Length, dBias.Length, dx.Length, batch, inputs, outputs);

        if (Vector512.IsHardwareAccelerated)
            DenseBackwardKernel.Run<Vector512Ops, Vector512<float>, TAct>(x, weight, y, dy, dWeight, dBias, dx, batch, inputs, outputs, activation);
        else if (Vector256.IsHardwareAccelerated)
            DenseBackwardKernel.Run<Vector256Ops, Vector256<float>, TAct>(x, weight, y, dy, dWeight, dBias, dx, batch, inputs, outputs, activation);
        else if (Vector128.IsHardwareAccelerated)
            DenseBackwardKernel.Run<Vector128Ops, Vector128<float>, TAct>(x, weight, y, dy, dWeight, dBias, dx, batch, inputs, outputs, activation);
        else
            DenseBackwardKernel.Run<ScalarOps, float, TAct>(x, weight, y, dy, dWeight, dBias, dx, batch, inputs, outputs, activation);
    }

    // The checks by buffer length, shared with the float64 kernel.
    internal static void CheckForward(int x, int weight, int bias, int y, int batch, int inputs, int outputs)
    {
        CheckSizes(batch, inputs, outputs);
        BufferCheck.AtLeast(x, batch, inputs, nameof(x));
        BufferCheck.AtLeast(weight, outputs, inputs, nameof(weight));
        BufferCheck.EmptyOrAtLeast(bias, 1, outputs, nameof(bias));
        BufferCheck.AtLeast(y, batch, outputs, nameof(y));
    }

    internal static void CheckBackward(int x, int weight, int y, int dy, int dWeight, int dBias, int dx, int batch, int inputs, int outputs)
    {
        CheckSizes(batch, inputs, outputs);
        BufferCheck.AtLeast(x, batch, inputs, nameof(x));
        BufferCheck.AtLeast(weight, outputs, inputs, nameof(weight));
        BufferCheck.AtLeast(y, batch, outputs, nameof(y));
        BufferCheck.AtLeast(dy, batch, outputs, nameof(dy));
        BufferCheck.EmptyOrAtLeast(dWeight, outputs, inputs, nameof(dWeight));
        BufferCheck.EmptyOrAtLeast(dBias, 1, outputs, nameof(dBias));
        BufferCheck.EmptyOrAtLeast(dx, batch, inputs, nameof(dx));
    }

    private static void CheckSizes(int batch, int inputs, int outputs)
    {
        BufferCheck.Size(batch, nameof(batch));
        BufferCheck.Size(inputs, nameof(inputs));
        BufferCheck.Size(outputs, nameof(outputs));
    }
}
