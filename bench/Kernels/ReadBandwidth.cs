using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using NetForge.Cpu;

namespace NetForge.Kernels;

/// <summary>
/// How fast one thread reads a block of floats that stays in one level of the cache: what a single prediction, which
/// reads every weight once, can at best reach. The GFLOP/s column counts one FLOP per float read, so it reads as
/// giga-floats per second; four bytes each.
/// </summary>
public class ReadBandwidth
{
    private float[] _values = [];

    /// <summary>Blocks that fit L1 (32 KB), that fit L2 as the MLP's weights do (918 KB), and that need L3 (32 MB).</summary>
    public static IEnumerable<ReadShape> Shapes() => [new(8 * 1024), new(235_146), new(8 * 1024 * 1024)];

    [ParamsSource(nameof(Shapes))]
    public ReadShape Shape { get; set; } = new(16);

    [GlobalSetup]
    public void Setup()
    {
        // On a cache line, as a network's weights are: a 512-bit load that straddles two lines costs about twice one that does not.
        _values = Tensors.Allocate(Shape.Floats);
        for (var i = 0; i < _values.Length; i++)
            _values[i] = i;
    }

    // Eight accumulators keep eight loads in flight, more than an add's latency needs.
    [Benchmark]
    public float Read()
    {
        var vectors = MemoryMarshal.Cast<float, Vector512<float>>(_values);
        Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default, s6 = default, s7 = default;
        var i = 0;
        for (; i <= vectors.Length - 8; i += 8)
        {
            s0 += vectors[i];
            s1 += vectors[i + 1];
            s2 += vectors[i + 2];
            s3 += vectors[i + 3];
            s4 += vectors[i + 4];
            s5 += vectors[i + 5];
            s6 += vectors[i + 6];
            s7 += vectors[i + 7];
        }
        for (; i < vectors.Length; i++)
            s0 += vectors[i];
        return Vector512.Sum(s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7);
    }
}

/// <summary>A block of <paramref name="Floats"/> floats to read once.</summary>
public sealed record ReadShape(int Floats)
    : KernelShape(FormattableString.Invariant($"{Floats * 4 / 1024} KB"), Floats);
