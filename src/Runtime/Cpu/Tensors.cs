using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetForge.Cpu;

/// <summary>
/// Elementwise operations over the first <c>length</c> values of flat buffers: the forward pass of a residual
/// addition and the routing of gradients to (or summing them from) the layers that share a tensor.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Tensors
{
    /// <summary>A zeroed buffer of <paramref name="length"/> floats whose first value starts a cache line where the
    /// heap allows, so that the kernels' vector loads along its rows do not straddle two lines.</summary>
    /// <param name="length">The number of floats.</param>
    public static float[] Allocate(int length) => AlignedArrays.Allocate(length);

    /// <summary>A parameter's gradient buffer, or an empty span while the parameter is <see cref="Tensor.Frozen"/>, which
    /// tells the backward kernels not to compute it.</summary>
    /// <param name="parameter">The parameter.</param>
    /// <param name="gradient">Its gradient buffer.</param>
    public static Span<float> UnlessFrozen(Tensor parameter, float[] gradient) => parameter.Frozen ? default : gradient;

    /// <summary>Computes y = a + b.</summary>
    /// <param name="a">The first addend.</param>
    /// <param name="b">The second addend.</param>
    /// <param name="y">Receives the sums. May be <paramref name="a"/> or <paramref name="b"/> itself (the same start), but not a shifted view of either.</param>
    /// <param name="length">How many values to add.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    /// <exception cref="ArgumentException">A buffer is shorter than <paramref name="length"/>.</exception>
    public static void Add(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y, int length)
    {
        BufferCheck.Size(length, nameof(length));
        BufferCheck.AtLeast(a.Length, length, 1, nameof(a));
        BufferCheck.AtLeast(b.Length, length, 1, nameof(b));
        BufferCheck.AtLeast(y.Length, length, 1, nameof(y));
        if (Vector512.IsHardwareAccelerated)
            Sum<Vector512Ops, Vector512<float>>(a, b, y, length);
        else if (Vector256.IsHardwareAccelerated)
            Sum<Vector256Ops, Vector256<float>>(a, b, y, length);
        else if (Vector128.IsHardwareAccelerated)
            Sum<Vector128Ops, Vector128<float>>(a, b, y, length);
        else
            Sum<ScalarOps, float>(a, b, y, length);
    }

    /// <summary>Copies the first <paramref name="length"/> values of <paramref name="source"/> to <paramref name="destination"/>.</summary>
    /// <param name="source">The values to copy.</param>
    /// <param name="destination">Receives them. May overlap <paramref name="source"/>.</param>
    /// <param name="length">How many values to copy.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    /// <exception cref="ArgumentException">A buffer is shorter than <paramref name="length"/>.</exception>
    public static void Copy(ReadOnlySpan<float> source, Span<float> destination, int length)
    {
        BufferCheck.Size(length, nameof(length));
        BufferCheck.AtLeast(source.Length, length, 1, nameof(source));
        BufferCheck.AtLeast(destination.Length, length, 1, nameof(destination));
        source[..length].CopyTo(destination);
    }

    /// <summary>Computes destination += source, as where the gradients of a tensor used twice meet.</summary>
    /// <param name="destination">The running sums.</param>
    /// <param name="source">The values to add. May be <paramref name="destination"/> itself (doubling it), but not a shifted view of it.</param>
    /// <param name="length">How many values to add.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    /// <exception cref="ArgumentException">A buffer is shorter than <paramref name="length"/>.</exception>
    public static void AddTo(Span<float> destination, ReadOnlySpan<float> source, int length)
    {
        BufferCheck.Size(length, nameof(length));
        BufferCheck.AtLeast(destination.Length, length, 1, nameof(destination));
        BufferCheck.AtLeast(source.Length, length, 1, nameof(source));
        if (Vector512.IsHardwareAccelerated)
            Sum<Vector512Ops, Vector512<float>>(destination, source, destination, length);
        else if (Vector256.IsHardwareAccelerated)
            Sum<Vector256Ops, Vector256<float>>(destination, source, destination, length);
        else if (Vector128.IsHardwareAccelerated)
            Sum<Vector128Ops, Vector128<float>>(destination, source, destination, length);
        else
            Sum<ScalarOps, float>(destination, source, destination, length);
    }

    /// <summary>y = a + b for unchecked spans; each value is read before its sum is stored, so y may be a or b.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Sum<TOps, TVec>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y, int length)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
    {
        ref var a0 = ref MemoryMarshal.GetReference(a);
        ref var b0 = ref MemoryMarshal.GetReference(b);
        ref var y0 = ref MemoryMarshal.GetReference(y);
        nint lanes = TOps.Count;
        nint i = 0;
        for (; i <= length - 2 * lanes; i += 2 * lanes)
        {
            var s0 = TOps.Add(TOps.Load(ref Unsafe.Add(ref a0, i)), TOps.Load(ref Unsafe.Add(ref b0, i)));
            var s1 = TOps.Add(TOps.Load(ref Unsafe.Add(ref a0, i + lanes)), TOps.Load(ref Unsafe.Add(ref b0, i + lanes)));
            TOps.Store(s0, ref Unsafe.Add(ref y0, i));
            TOps.Store(s1, ref Unsafe.Add(ref y0, i + lanes));
        }

        for (; i <= length - lanes; i += lanes)
            TOps.Store(TOps.Add(TOps.Load(ref Unsafe.Add(ref a0, i)), TOps.Load(ref Unsafe.Add(ref b0, i))), ref Unsafe.Add(ref y0, i));
        for (; i < length; i++)
            Unsafe.Add(ref y0, i) = Unsafe.Add(ref a0, i) + Unsafe.Add(ref b0, i);
    }
}
