using NetForge.Dsl.Model;

namespace NetForge.Generator.Gpu;

/// <summary><c>flatten</c>: samples are stored contiguously, so it shares its input's buffer unless it is the last
/// step, which copies.</summary>
internal sealed class GpuFlattenOp : GpuOp
{
    public override OpKind Op => OpKind.Flatten;

    public override IEnumerable<GpuKernel> Forward(GpuStep s) => s.CopyUnlessAliased();

    public override IEnumerable<GpuKernel> Backward(GpuStep s) => s.CopyGradientUnlessAliased();
}
