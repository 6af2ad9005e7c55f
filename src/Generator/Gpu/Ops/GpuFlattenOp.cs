using NetForge.Dsl.Model;

namespace NetForge.Generator.Gpu;

/// <summary><c>flatten</c>: samples are stored contiguously, so it shares its input's buffer unless it is the last
/// step, which copies.</summary>
internal sealed class GpuFlattenOp : GpuOp
{
    public override OpKind Op => OpKind.Flatten;

    public override IEnumerable<GpuKernel> Forward(GpuStep s)
    {
        if (!s.Pass.Aliases)
            yield return s.Kernel("Copy", "Gpu.Elementwise.Copy(thread, x, y)", GpuStep.PerValue(s.Layer.Output.Size), GpuArgument.Floats("x", s.X), GpuArgument.Floats("y", s.Y));
    }

    public override IEnumerable<GpuKernel> Backward(GpuStep s)
    {
        if (!s.Pass.Aliases && s.Dx is { } dx)
            yield return s.Kernel("CopyGradient", "Gpu.Elementwise.Copy(thread, x, y)", GpuStep.PerValue(s.Layer.Output.Size), GpuArgument.Floats("x", s.Dy), GpuArgument.Floats("y", dx));
    }
}
