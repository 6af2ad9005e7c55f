using NetForge.Dsl.Model;
using NetForge.Dsl.Planning;

namespace NetForge.Generator.Cpu;

/// <summary><c>concat(labels)</c>: the parts side by side in each sample; the backward hands each its slice.</summary>
internal sealed class ConcatOp : CpuOp
{
    public override OpKind Op => OpKind.Concat;

    public override string BackwardNote => ", each part takes back its slice of the gradient";

    public override void Forward(CpuStep s)
    {
        var size = s.Layer.Output.Size;
        s.Line($"Cpu.Concat.Forward({s.X}, {s.Layer.Input.Size}, {s.Y}, {size}, 0, {s.N});");
        foreach (var (part, offset) in Parts(s))
            s.Line($"Cpu.Concat.Forward({s.LabelBuffer(part)}, {part.Buffer.Size}, {s.Y}, {size}, {offset}, {s.N});");
    }

    public override void Backward(CpuStep s)
    {
        var size = s.Layer.Output.Size;
        if (s.Dx is { } dx)
            s.Line($"Cpu.Concat.Backward({s.Dy}, {size}, 0, {dx}, {s.Layer.Input.Size}, {s.N}, accumulate: false);");
        foreach (var (part, offset) in Parts(s).Where(p => p.Part.TakesGradient))
            s.Line($"Cpu.Concat.Backward({s.Dy}, {size}, {offset}, {CpuNames.SkipGradient(part.Label)}, {part.Buffer.Size}, {s.N}, accumulate: {(part.Accumulates ? "true" : "false")});");
    }

    /// <summary>The labelled parts, each with where its values start in an output sample: after the input's and the parts' before it.</summary>
    private static IEnumerable<(LabelInput Part, int Offset)> Parts(CpuStep s)
    {
        var offset = s.Layer.Input.Size;
        foreach (var part in s.Pass.Labels)
        {
            yield return (part, offset);
            offset += part.Buffer.Size;
        }
    }

    public override string Describe(Layer layer) => "concat " + string.Join(", ", layer.Labels("labels"));
}
