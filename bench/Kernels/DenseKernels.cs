using BenchmarkDotNet.Attributes;
using NetForge.Cpu;

namespace NetForge.Kernels;

/// <summary>The dense forward product with its epilogue, and the backward's weight and input products.</summary>
public class DenseKernels
{
    private float[] _x = [], _w = [], _bias = [], _y = [], _dy = [], _dw = [], _db = [], _dx = [];

    /// <summary>The MLP's layers at batch 64, and its first layer for a single prediction.</summary>
    public static IEnumerable<DenseShape> Shapes() =>
        [new(64, 784, 256), new(64, 256, 128), new(64, 128, 10), new(1, 784, 256)];

    [ParamsSource(nameof(Shapes))]
    public DenseShape Shape { get; set; } = new(1, 1, 1);

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        // The networks' own buffers start on cache lines (Tensors.Allocate), and so do these.
        float[] Values(int n)
        {
            var values = Tensors.Allocate(n);
            for (var i = 0; i < n; i++)
                values[i] = (float)random.NextDouble() - 0.5f;
            return values;
        }
        var (batch, inputs, outputs) = (Shape.Batch, Shape.Inputs, Shape.Outputs);
        (_x, _w, _bias, _y) = (Values(batch * inputs), Values(outputs * inputs), Values(outputs), Tensors.Allocate(batch * outputs));
        (_dy, _dw, _db, _dx) = (Values(batch * outputs), Tensors.Allocate(outputs * inputs), Tensors.Allocate(outputs), Tensors.Allocate(batch * inputs));
        Dense.Forward(_x, _w, _bias, _y, batch, inputs, outputs, new Relu());
    }

    [Benchmark]
    public void Forward() => Dense.Forward(_x, _w, _bias, _y, Shape.Batch, Shape.Inputs, Shape.Outputs, new Relu());

    // The identity leaves dy unmasked, so every call does the same work on the same values.
    [Benchmark]
    public void Backward() => Dense.Backward(_x, _w, _y, _dy, _dw, _db, _dx, Shape.Batch, Shape.Inputs, Shape.Outputs, new Identity());
}
