using NetForge.Dsl.Model;

namespace NetForge.Generator.Cpu;

/// <summary><c>flatten</c>: samples are stored contiguously, so it shares its input's buffer unless it is the last step.</summary>
internal sealed class FlattenOp : CpuOp
{
    public override OpKind Op => OpKind.Flatten;

    public override void Forward(CpuStep s) => s.CopyUnlessAliased();

    public override void Backward(CpuStep s) => s.CopyGradientUnlessAliased();
}
