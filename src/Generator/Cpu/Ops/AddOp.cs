using NetForge.Dsl.Model;

namespace NetForge.Generator.Cpu;

/// <summary><c>add(label)</c>: a skip connection; the backward sends the gradient unchanged into both terms.</summary>
internal sealed class AddOp : CpuOp
{
    public override OpKind Op => OpKind.Add;

    public override string BackwardNote => ", the gradient flows unchanged into both terms";

    public override void Forward(CpuStep s) =>
        s.Line($"Cpu.Tensors.Add({s.X}, {s.LabelBuffer(s.Pass.Labels[0])}, {s.Y}, {s.Length(s.Layer.Output.Size)});");

    public override void Backward(CpuStep s)
    {
        var length = s.Length(s.Layer.Output.Size);
        if (s.Dx is { } dx)
            s.Line($"Cpu.Tensors.Copy({s.Dy}, {dx}, {length});");
        var label = s.Pass.Labels[0];
        if (!label.TakesGradient)
            return;
        var skip = CpuNames.SkipGradient(label.Label);
        s.Line(label.Accumulates ? $"Cpu.Tensors.AddTo({skip}, {s.Dy}, {length});" : $"Cpu.Tensors.Copy({s.Dy}, {skip}, {length});");
    }

    public override string Describe(Layer layer) => "add " + layer.Labels("label")[0];
}
