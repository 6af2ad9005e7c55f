using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetForge.Cpu;

/// <summary>
/// The loops of <see cref="BatchNorm"/>, for checked buffers. A channel's values lie in one plane of spatial
/// contiguous values per sample; each kernel finishes one channel, all its passes, before the next, so that the
/// channel's planes (a few hundred kilobytes for a batch of feature maps) stay in the L2 cache between passes.
/// The statistics are summed in double (<see cref="DoubleSums"/>), so that a channel of a large batch of feature
/// maps (tens of thousands of values) loses nothing to rounding.
/// </summary>
internal static class BatchNormKernel
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Training<TOps, TVec, TAct>(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias,
        Span<float> runningMean, Span<float> runningVar, Span<float> y, Span<float> mean, Span<float> inverseStd,
        int batch, int channels, int spatial, float momentum, float epsilon, TAct act)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
        where TAct : struct, IActivation
    {
        ref var x0 = ref MemoryMarshal.GetReference(x);
        ref var y0 = ref MemoryMarshal.GetReference(y);
        nint sample = (nint)channels * spatial;
        var count = (double)batch * spatial;
        for (var c = 0; c < channels; c++)
        {
            ref var xc = ref Unsafe.Add(ref x0, c * (nint)spatial);
            ref var yc = ref Unsafe.Add(ref y0, c * (nint)spatial);
            var sum = 0.0;
            for (nint b = 0; b < batch; b++)
                sum += DoubleSums.Sum(ref Unsafe.Add(ref xc, b * sample), spatial);
            var mu = sum / count;
            var squares = 0.0;
            for (nint b = 0; b < batch; b++)
                squares += DoubleSums.SquaredDeviations(ref Unsafe.Add(ref xc, b * sample), spatial, mu);
            var inverse = 1.0 / Math.Sqrt(squares / count + epsilon);
            mean[c] = (float)mu;
            inverseStd[c] = (float)inverse;
            runningMean[c] = (float)((1.0 - momentum) * runningMean[c] + momentum * mu);
            runningVar[c] = (float)((1.0 - momentum) * runningVar[c] + momentum * (squares / (count - 1)));

            // Normalising with the saved, rounded statistics makes the outputs exactly those that the backward
            // pass's recomputed x̂ describes.
            var scale = weight[c] * inverseStd[c];
            for (nint b = 0; b < batch; b++)
                Normalise<TOps, TVec, TAct>(ref Unsafe.Add(ref xc, b * sample), ref Unsafe.Add(ref yc, b * sample), spatial, mean[c], scale, bias[c], act);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Inference<TOps, TVec, TAct>(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias,
        ReadOnlySpan<float> runningMean, ReadOnlySpan<float> runningVar, Span<float> y, int batch, int channels, int spatial, float epsilon, TAct act)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
        where TAct : struct, IActivation
    {
        ref var x0 = ref MemoryMarshal.GetReference(x);
        ref var y0 = ref MemoryMarshal.GetReference(y);
        nint sample = (nint)channels * spatial;
        for (var c = 0; c < channels; c++)
        {
            var scale = (float)(weight[c] / Math.Sqrt((double)runningVar[c] + epsilon));
            ref var xc = ref Unsafe.Add(ref x0, c * (nint)spatial);
            ref var yc = ref Unsafe.Add(ref y0, c * (nint)spatial);
            for (nint b = 0; b < batch; b++)
                Normalise<TOps, TVec, TAct>(ref Unsafe.Add(ref xc, b * sample), ref Unsafe.Add(ref yc, b * sample), spatial, runningMean[c], scale, bias[c], act);
        }
    }

    /// <summary>
    /// Per channel, first dy ·= act'(y) and the sums Σdy and Σdy·(x − mean) over the channel's planes, then, when
    /// dx is wanted, dx = weight·inverseStd·(dy − Σdy/M − x̂·dWeight/M) over the same planes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward<TOps, TVec, TAct>(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> y, ReadOnlySpan<float> mean, ReadOnlySpan<float> inverseStd,
        Span<float> dy, Span<float> dWeight, Span<float> dBias, Span<float> dx,
        int batch, int channels, int spatial, TAct act)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
        where TAct : struct, IActivation
    {
        ref var x0 = ref MemoryMarshal.GetReference(x);
        ref var y0 = ref MemoryMarshal.GetReference(y);
        ref var d0 = ref MemoryMarshal.GetReference(dy);
        ref var g0 = ref MemoryMarshal.GetReference(dx);
        nint sample = (nint)channels * spatial;
        var count = (double)batch * spatial;
        for (var c = 0; c < channels; c++)
        {
            nint start = c * (nint)spatial;
            var sumDy = 0.0;
            var sumDyCentred = 0.0;
            for (nint b = 0; b < batch; b++)
            {
                var offset = start + b * sample;
                var dyPlane = MemoryMarshal.CreateSpan(ref Unsafe.Add(ref d0, offset), spatial);
                VectorActivation.Mask<TOps, TVec, TAct>(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref y0, offset), spatial), dyPlane, spatial, act);
                var (planeDy, planeDyCentred) = DoubleSums.GradientSums(ref Unsafe.Add(ref d0, offset), ref Unsafe.Add(ref x0, offset), spatial, mean[c]);
                sumDy += planeDy;
                sumDyCentred += planeDyCentred;
            }

            double inverse = inverseStd[c];
            if (!dBias.IsEmpty)
                dBias[c] = (float)sumDy;
            if (!dWeight.IsEmpty)
                dWeight[c] = (float)(sumDyCentred * inverse);
            if (dx.IsEmpty)
                continue;

            // x̂·dWeight/M = (x − mean)·inverseStd²·Σdy·(x − mean)/M.
            var scale = (float)(weight[c] * inverse);
            var meanDy = (float)(sumDy / count);
            var slope = (float)(sumDyCentred * inverse * inverse / count);
            for (nint b = 0; b < batch; b++)
            {
                var offset = start + b * sample;
                InputGradient<TOps, TVec>(ref Unsafe.Add(ref x0, offset), ref Unsafe.Add(ref d0, offset), ref Unsafe.Add(ref g0, offset), spatial,
                    mean[c], scale, meanDy, slope);
            }
        }
    }

    /// <summary>y = act((x − center)·scale + offset) over one plane; y may be x itself.</summary>
    /// <remarks>
    /// Subtracting the centre first, rather than folding it into the offset as x·scale + (offset − center·scale),
    /// keeps the output accurate when the mean is large next to the spread.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Normalise<TOps, TVec, TAct>(ref float x, ref float y, int count, float center, float scale, float offset, TAct act)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
        where TAct : struct, IActivation
    {
        nint lanes = TOps.Count;
        nint i = 0;
        if (count >= lanes)
        {
            var minusCenter = TOps.Broadcast(-center);
            var scales = TOps.Broadcast(scale);
            var offsets = TOps.Broadcast(offset);
            for (; i <= count - lanes; i += lanes)
            {
                var pre = TOps.MultiplyAdd(TOps.Add(TOps.Load(ref Unsafe.Add(ref x, i)), minusCenter), scales, offsets);
                TOps.Store(VectorActivation.Forward<TOps, TVec, TAct>(pre, act), ref Unsafe.Add(ref y, i));
            }

            VectorActivation.FinishForward(MemoryMarshal.CreateSpan(ref y, (int)i), (int)i, act);
        }

        // The tail computes what a vector lane does, so that a value does not depend on the width that reached it.
        for (; i < count; i++)
            Unsafe.Add(ref y, i) = act.Forward(MathF.FusedMultiplyAdd(Unsafe.Add(ref x, i) - center, scale, offset));
    }

    /// <summary>dx = scale·(dy − meanDy − (x − center)·slope) over one plane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void InputGradient<TOps, TVec>(ref float x, ref float dy, ref float dx, int count, float center, float scale, float meanDy, float slope)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
    {
        nint lanes = TOps.Count;
        nint i = 0;
        if (count >= lanes)
        {
            var minusCenter = TOps.Broadcast(-center);
            var scales = TOps.Broadcast(scale);
            var minusMeanDy = TOps.Broadcast(-meanDy);
            var minusSlope = TOps.Broadcast(-slope);
            for (; i <= count - lanes; i += lanes)
            {
                var centred = TOps.Add(TOps.Load(ref Unsafe.Add(ref x, i)), minusCenter);
                var residual = TOps.MultiplyAdd(centred, minusSlope, TOps.Add(TOps.Load(ref Unsafe.Add(ref dy, i)), minusMeanDy));
                TOps.Store(TOps.Multiply(residual, scales), ref Unsafe.Add(ref dx, i));
            }
        }

        for (; i < count; i++)
            Unsafe.Add(ref dx, i) = MathF.FusedMultiplyAdd(Unsafe.Add(ref x, i) - center, -slope, Unsafe.Add(ref dy, i) - meanDy) * scale;
    }
}
