using NetForge.Dsl.Model;
using static NetForge.Generator.CodeText;

namespace NetForge.Generator.Cpu;

/// <summary><c>maxout(pieces)</c>: the largest of each group of consecutive values.</summary>
internal sealed class MaxoutOp : CpuOp
{
    public override OpKind Op => OpKind.Maxout;

    public override string BackwardNote => ", each group's gradient goes to its first maximum";

    public override void Forward(CpuStep s) =>
        s.Line($"Cpu.Maxout.Forward({s.X}, {s.Y}, {s.N}, {s.Layer.Output.Size}, {s.Layer.Integer("pieces")});");

    public override void Backward(CpuStep s)
    {
        if (s.Dx is { } dx)
            s.Line($"Cpu.Maxout.Backward({s.X}, {s.Y}, {s.Dy}, {dx}, {s.N}, {s.Layer.Output.Size}, {s.Layer.Integer("pieces")});");
    }

    public override string Describe(Layer layer) => "maxout " + Integer(layer.Integer("pieces"));
}
