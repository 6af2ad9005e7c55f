using BenchmarkDotNet.Attributes;
using NetForge.Cpu;

namespace NetForge.Kernels;

/// <summary>The convolution's forward with its epilogue, and the backward's weight and input products.</summary>
public class ConvolutionKernels
{
    private float[] _x = [], _w = [], _bias = [], _y = [], _dy = [], _dw = [], _db = [], _dx = [];

    /// <summary>LeNet-5's two convolutions and a VGG-style 3x3 layer, at batch 64.</summary>
    public static IEnumerable<ConvolutionShape> Shapes() =>
    [
        new(64, new ConvShape(1, 28, 28, 6, 5, 5, 1, 2), "lenet-conv1"),
        new(64, new ConvShape(6, 14, 14, 16, 5, 5, 1, 0), "lenet-conv2"),
        new(64, new ConvShape(16, 28, 28, 16, 3, 3, 1, 1), "vgg-conv2"),
    ];

    [ParamsSource(nameof(Shapes))]
    public ConvolutionShape Shape { get; set; } = new(1, new ConvShape(1, 1, 1, 1, 1, 1, 1, 0), "none");

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
        var (batch, shape) = (Shape.Batch, Shape.Shape);
        (_x, _w, _bias, _y) = (Values(batch * shape.InputSize), Values(shape.WeightSize), Values(shape.Filters), Tensors.Allocate(batch * shape.OutputSize));
        (_dy, _dw, _db, _dx) = (Values(batch * shape.OutputSize), Tensors.Allocate(shape.WeightSize), Tensors.Allocate(shape.Filters), Tensors.Allocate(batch * shape.InputSize));
        Conv2D.Forward(_x, _w, _bias, _y, batch, shape, new Relu());
    }

    [Benchmark]
    public void Forward() => Conv2D.Forward(_x, _w, _bias, _y, Shape.Batch, Shape.Shape, new Relu());

    [Benchmark]
    public void Backward() => Conv2D.Backward(_x, _w, _y, _dy, _dw, _db, _dx, Shape.Batch, Shape.Shape, new Identity());
}
