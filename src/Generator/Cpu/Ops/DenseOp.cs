using NetForge.Dsl.Model;
using static NetForge.Generator.CodeText;

namespace NetForge.Generator.Cpu;

/// <summary><c>dense(units)</c>: one matrix product with the bias and a fused activation in its epilogue.</summary>
internal sealed class DenseOp : CpuOp
{
    public override OpKind Op => OpKind.Dense;

    public override void Forward(CpuStep s) =>
        s.Line($"Cpu.Dense.Forward({s.X}, {s.Parameter("weight")}, {s.Bias}, {s.Y}, {s.N}, {s.Layer.Input.Size}, {s.Layer.Output.Size}, {s.Activation});");

    public override void Backward(CpuStep s) =>
        s.Line($"Cpu.Dense.Backward({s.X}, {s.Parameter("weight")}, {s.Y}, {s.Dy}, {s.ParameterGradient("weight")}, {s.BiasGradient}, {s.DxOrDefault}, {s.N}, {s.Layer.Input.Size}, {s.Layer.Output.Size}, {s.Activation});");

    public override string Describe(Layer layer) =>
        "dense " + Integer(layer.Integer("units")) + (layer.Boolean("bias") ? "" : " without bias");
}
