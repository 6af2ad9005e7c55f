using System.Runtime.Intrinsics;
using NetForge.Cpu;

namespace NetForge.Runtime.Tests.Cpu;

/// <summary>The vector widths the dense kernels can be compiled for; tests run all of them on any machine.</summary>
public enum VectorWidth
{
    Floats16,
    Floats8,
    Floats4,
    Scalar,
}

/// <summary>Naive double-precision versions of the dense kernels, and access to each width of the real ones.</summary>
internal static class DenseReference
{
    /// <summary>
    /// Compares a kernel's float result with a double reference. The error of a float sum is bounded relative to
    /// the sum of the magnitudes of its terms, not to the result, which may cancel to nearly zero; so each result
    /// comes with that magnitude and the tolerance is relative to it.
    /// </summary>
    public static void AssertClose(ReadOnlySpan<float> actual, double[] expected, double[] magnitude, double tolerance, string what)
    {
        for (var i = 0; i < expected.Length; i++)
        {
            if (!(Math.Abs(actual[i] - expected[i]) <= tolerance * Math.Max(magnitude[i], 1e-30)))
                Assert.Fail(FormattableString.Invariant($"{what}[{i}]: got {actual[i]}, expected {expected[i]} (magnitude {magnitude[i]})"));
        }
    }

    /// <summary>y = act(x·Wᵀ + b) in double, with Σ|terms| of each pre-activation.</summary>
    public static (double[] Y, double[] Magnitude) Forward<TAct>(float[] x, float[] w, float[] bias, int batch, int inputs, int outputs, TAct act)
        where TAct : struct, IActivation
    {
        var y = new double[batch * outputs];
        var magnitude = new double[batch * outputs];
        for (var b = 0; b < batch; b++)
        {
            for (var o = 0; o < outputs; o++)
            {
                double sum = bias.Length == 0 ? 0 : bias[o];
                var abs = Math.Abs(sum);
                for (var i = 0; i < inputs; i++)
                {
                    var term = (double)x[b * inputs + i] * w[o * inputs + i];
                    sum += term;
                    abs += Math.Abs(term);
                }

                // The activation is applied in float, as the kernel does; the Lipschitz constant of all six is at most 1.
                y[b * outputs + o] = act.Forward((float)sum);
                magnitude[b * outputs + o] = abs;
            }
        }

        return (y, magnitude);
    }

    /// <summary>dW = gᵀ·x, dBias = Σ_b g, dx = g·W in double, for the masked gradient g; each with Σ|terms|.</summary>
    public static (double[] DW, double[] DWMagnitude, double[] DB, double[] DBMagnitude, double[] DX, double[] DXMagnitude) Backward(
        float[] x, float[] w, float[] g, int batch, int inputs, int outputs)
    {
        var dw = new double[outputs * inputs];
        var dwAbs = new double[outputs * inputs];
        var db = new double[outputs];
        var dbAbs = new double[outputs];
        var dx = new double[batch * inputs];
        var dxAbs = new double[batch * inputs];
        for (var b = 0; b < batch; b++)
        {
            for (var o = 0; o < outputs; o++)
            {
                double gbo = g[b * outputs + o];
                db[o] += gbo;
                dbAbs[o] += Math.Abs(gbo);
                for (var i = 0; i < inputs; i++)
                {
                    var wTerm = gbo * x[b * inputs + i];
                    dw[o * inputs + i] += wTerm;
                    dwAbs[o * inputs + i] += Math.Abs(wTerm);
                    var xTerm = gbo * w[o * inputs + i];
                    dx[b * inputs + i] += xTerm;
                    dxAbs[b * inputs + i] += Math.Abs(xTerm);
                }
            }
        }

        return (dw, dwAbs, db, dbAbs, dx, dxAbs);
    }

    public static void Forward<TAct>(VectorWidth width, float[] x, float[] w, float[] bias, float[] y, int batch, int inputs, int outputs, TAct act)
        where TAct : struct, IActivation
    {
        switch (width)
        {
            case VectorWidth.Floats16:
                DenseForwardKernel.Run<Vector512Ops, Vector512<float>, TAct>(x, w, bias, y, batch, inputs, outputs, act);
                break;
            case VectorWidth.Floats8:
                DenseForwardKernel.Run<Vector256Ops, Vector256<float>, TAct>(x, w, bias, y, batch, inputs, outputs, act);
                break;
            case VectorWidth.Floats4:
                DenseForwardKernel.Run<Vector128Ops, Vector128<float>, TAct>(x, w, bias, y, batch, inputs, outputs, act);
                break;
            default:
                // Dot products have no scalar form: without SIMD hardware the runtime runs the 128-bit code in software.
                DenseForwardKernel.Run<Vector128Ops, Vector128<float>, TAct>(x, w, bias, y, batch, inputs, outputs, act);
                break;
        }
    }

    public static void Backward<TAct>(VectorWidth width, float[] x, float[] w, float[] y, float[] dy, float[] dw, float[] db, float[] dx,
        int batch, int inputs, int outputs, TAct act)
        where TAct : struct, IActivation
    {
        switch (width)
        {
            case VectorWidth.Floats16:
                DenseBackwardKernel.Run<Vector512Ops, Vector512<float>, TAct>(x, w, y, dy, dw, db, dx, batch, inputs, outputs, act);
                break;
            case VectorWidth.Floats8:
                DenseBackwardKernel.Run<Vector256Ops, Vector256<float>, TAct>(x, w, y, dy, dw, db, dx, batch, inputs, outputs, act);
                break;
            case VectorWidth.Floats4:
                DenseBackwardKernel.Run<Vector128Ops, Vector128<float>, TAct>(x, w, y, dy, dw, db, dx, batch, inputs, outputs, act);
                break;
            default:
                DenseBackwardKernel.Run<ScalarOps, float, TAct>(x, w, y, dy, dw, db, dx, batch, inputs, outputs, act);
                break;
        }
    }
}
