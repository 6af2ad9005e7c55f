using NetForge.Dsl.Model;

namespace NetForge.Generator.Cpu;

/// <summary><c>softmax</c> over each sample.</summary>
internal sealed class SoftmaxOp : CpuOp
{
    public override OpKind Op => OpKind.Softmax;

    public override void Forward(CpuStep s) =>
        s.Line($"Cpu.Softmax.Forward({s.X}, {s.Y}, {s.N}, {s.Layer.Output.Size});");

    public override void Backward(CpuStep s)
    {
        if (s.Dx is { } dx)
            s.Line($"Cpu.Softmax.Backward({s.Y}, {s.Dy}, {dx}, {s.N}, {s.Layer.Output.Size});");
    }
}
