using NetForge.Dsl.Model;
using static NetForge.Generator.CodeText;

namespace NetForge.Generator.Gpu;

/// <summary><c>softmax</c> over each sample, one thread a sample.</summary>
internal sealed class GpuSoftmaxOp : GpuOp
{
    public override OpKind Op => OpKind.Softmax;

    public override IEnumerable<GpuKernel> Forward(GpuStep s)
    {
        yield return s.Kernel("Forward", $"Gpu.Softmax.Forward(thread, x, y, {Integer(s.Layer.Output.Size)})", "n",
            GpuArgument.Floats("x", s.X), GpuArgument.Floats("y", s.Y));
    }

    public override IEnumerable<GpuKernel> Backward(GpuStep s)
    {
        if (s.Dx is { } dx)
        {
            yield return s.Kernel("Backward", $"Gpu.Softmax.Backward(thread, y, dy, dx, {Integer(s.Layer.Output.Size)})", "n",
                GpuArgument.Floats("y", s.Y), GpuArgument.Floats("dy", s.Dy), GpuArgument.Floats("dx", dx));
        }
    }
}
