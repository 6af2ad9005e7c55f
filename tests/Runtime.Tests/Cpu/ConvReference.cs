using System.Runtime.Intrinsics;
using NetForge.Cpu;

namespace NetForge.Runtime.Tests.Cpu;

/// <summary>
/// Naive double-precision versions of the convolution kernels, straight from the definition (every output sums
/// over every tap whose input lies inside the image), and access to each vector width of the real ones.
/// Each result comes with Σ|terms|, the scale of its float rounding, for <see cref="DenseReference.AssertClose"/>.
/// </summary>
internal static class ConvReference
{
    /// <summary>The pre-activations bias[f] + Σ w·x in double, with Σ|terms| of each.</summary>
    public static (double[] Pre, double[] Magnitude) PreActivations(float[] x, float[] w, float[] bias, int batch, ConvShape s)
    {
        var pre = new double[batch * s.OutputSize];
        var magnitude = new double[batch * s.OutputSize];
        for (var b = 0; b < batch; b++)
        {
            for (var f = 0; f < s.Filters; f++)
            {
                var outBase = (b * s.Filters + f) * s.OutputHeight * s.OutputWidth;
                for (var i = 0; i < s.OutputHeight * s.OutputWidth; i++)
                {
                    pre[outBase + i] = bias.Length == 0 ? 0 : bias[f];
                    magnitude[outBase + i] = Math.Abs(pre[outBase + i]);
                }

                for (var c = 0; c < s.Channels; c++)
                {
                    for (var ki = 0; ki < s.KernelHeight; ki++)
                    {
                        for (var kj = 0; kj < s.KernelWidth; kj++)
                        {
                            double wv = w[((f * s.Channels + c) * s.KernelHeight + ki) * s.KernelWidth + kj];
                            var (rows, columns) = (Inside(s.OutputHeight, s.Height, s, ki), Inside(s.OutputWidth, s.Width, s, kj));
                            for (var oh = rows.First; oh < rows.End; oh++)
                            {
                                var input = ((b * s.Channels + c) * s.Height + oh * s.Stride + ki - s.Padding) * s.Width + kj - s.Padding;
                                var output = outBase + oh * s.OutputWidth;
                                for (var ow = columns.First; ow < columns.End; ow++)
                                {
                                    var term = wv * x[input + ow * s.Stride];
                                    pre[output + ow] += term;
                                    magnitude[output + ow] += Math.Abs(term);
                                }
                            }
                        }
                    }
                }
            }
        }

        return (pre, magnitude);
    }

    /// <summary>y = act(pre-activation) in double, the activation applied in float as the kernel does; its Lipschitz constant is at most 1.</summary>
    public static (double[] Y, double[] Magnitude) Forward<TAct>(float[] x, float[] w, float[] bias, int batch, ConvShape s, TAct act)
        where TAct : struct, IActivation
    {
        var (pre, magnitude) = PreActivations(x, w, bias, batch, s);
        var y = new double[pre.Length];
        for (var i = 0; i < pre.Length; i++)
            y[i] = act.Forward((float)pre[i]);
        return (y, magnitude);
    }

    /// <summary>dW, dBias and dx in double for the masked output gradient g, each with Σ|terms|.</summary>
    public static (double[] DW, double[] DWMagnitude, double[] DB, double[] DBMagnitude, double[] DX, double[] DXMagnitude) Backward(
        float[] x, float[] w, float[] g, int batch, ConvShape s)
    {
        var dw = new double[s.WeightSize];
        var dwAbs = new double[s.WeightSize];
        var db = new double[s.Filters];
        var dbAbs = new double[s.Filters];
        var dx = new double[batch * s.InputSize];
        var dxAbs = new double[batch * s.InputSize];
        var outputs = s.OutputHeight * s.OutputWidth;
        for (var b = 0; b < batch; b++)
        {
            for (var f = 0; f < s.Filters; f++)
            {
                var outBase = (b * s.Filters + f) * outputs;
                for (var i = 0; i < outputs; i++)
                {
                    db[f] += g[outBase + i];
                    dbAbs[f] += Math.Abs(g[outBase + i]);
                }

                for (var c = 0; c < s.Channels; c++)
                {
                    for (var ki = 0; ki < s.KernelHeight; ki++)
                    {
                        for (var kj = 0; kj < s.KernelWidth; kj++)
                        {
                            var wi = ((f * s.Channels + c) * s.KernelHeight + ki) * s.KernelWidth + kj;
                            double wv = w[wi];
                            var (rows, columns) = (Inside(s.OutputHeight, s.Height, s, ki), Inside(s.OutputWidth, s.Width, s, kj));
                            for (var oh = rows.First; oh < rows.End; oh++)
                            {
                                var input = ((b * s.Channels + c) * s.Height + oh * s.Stride + ki - s.Padding) * s.Width + kj - s.Padding;
                                var output = outBase + oh * s.OutputWidth;
                                for (var ow = columns.First; ow < columns.End; ow++)
                                {
                                    double gv = g[output + ow];
                                    var i = input + ow * s.Stride;
                                    var wTerm = gv * x[i];
                                    dw[wi] += wTerm;
                                    dwAbs[wi] += Math.Abs(wTerm);
                                    var xTerm = gv * wv;
                                    dx[i] += xTerm;
                                    dxAbs[i] += Math.Abs(xTerm);
                                }
                            }
                        }
                    }
                }
            }
        }

        return (dw, dwAbs, db, dbAbs, dx, dxAbs);
    }

    /// <summary>dy·act'(y), the gradient the backward pass masks dy into.</summary>
    public static float[] Masked<TAct>(float[] dy, float[] y, TAct act) where TAct : struct, IActivation
    {
        var masked = new float[dy.Length];
        for (var i = 0; i < dy.Length; i++)
            masked[i] = dy[i] * act.Derivative(y[i]);
        return masked;
    }

    public static void Forward<TAct>(VectorWidth width, float[] x, float[] w, float[] bias, float[] y, int batch, ConvShape s, TAct act)
        where TAct : struct, IActivation
    {
        switch (width)
        {
            case VectorWidth.Floats16:
                ConvForwardKernel.Run<Vector512Ops, Vector512<float>, TAct>(x, w, bias, y, batch, s, act);
                break;
            case VectorWidth.Floats8:
                ConvForwardKernel.Run<Vector256Ops, Vector256<float>, TAct>(x, w, bias, y, batch, s, act);
                break;
            case VectorWidth.Floats4:
                ConvForwardKernel.Run<Vector128Ops, Vector128<float>, TAct>(x, w, bias, y, batch, s, act);
                break;
            default:
                ConvForwardKernel.Run<ScalarOps, float, TAct>(x, w, bias, y, batch, s, act);
                break;
        }
    }

    public static void Backward<TAct>(VectorWidth width, float[] x, float[] w, float[] y, float[] dy, float[] dw, float[] db, float[] dx,
        int batch, ConvShape s, TAct act)
        where TAct : struct, IActivation
    {
        switch (width)
        {
            case VectorWidth.Floats16:
                ConvBackwardKernel.Run<Vector512Ops, Vector512<float>, TAct, GivenGradient>(x, w, y, dy, dw, db, dx, batch, s, act, default);
                break;
            case VectorWidth.Floats8:
                ConvBackwardKernel.Run<Vector256Ops, Vector256<float>, TAct, GivenGradient>(x, w, y, dy, dw, db, dx, batch, s, act, default);
                break;
            case VectorWidth.Floats4:
                ConvBackwardKernel.Run<Vector128Ops, Vector128<float>, TAct, GivenGradient>(x, w, y, dy, dw, db, dx, batch, s, act, default);
                break;
            default:
                // The weight gradient's dot products have no scalar form: without SIMD hardware the runtime runs the
                // 128-bit code in software.
                ConvBackwardKernel.Run<Vector128Ops, Vector128<float>, TAct, GivenGradient>(x, w, y, dy, dw, db, dx, batch, s, act, default);
                break;
        }
    }

    /// <summary>
    /// The outputs o (rows or columns) whose tap k lands inside the image: o·S + k − P in [0, inputLength).
    /// </summary>
    private static (int First, int End) Inside(int outputLength, int inputLength, ConvShape s, int k)
    {
        var first = 0;
        while (first < outputLength && first * s.Stride + k - s.Padding < 0)
            first++;
        var end = first;
        while (end < outputLength && end * s.Stride + k - s.Padding < inputLength)
            end++;
        return (first, end);
    }
}
