using NetForge.Dsl.Model;
using static NetForge.Generator.CodeText;

namespace NetForge.Generator.Cpu;

/// <summary>
/// <c>dropout(p)</c>, inverted: training keeps each value with probability 1 − p and scales it by 1/(1 − p), so
/// inference is the identity and shares its input's buffer. The mask comes from the network's seed, the number of
/// training steps taken and the layer, so the same seed gives the same run.
/// </summary>
internal sealed class DropoutOp : CpuOp
{
    public override OpKind Op => OpKind.Dropout;

    public override void Forward(CpuStep s)
    {
        if (!s.Training)
        {
            s.CopyUnlessAliased();
            return;
        }
        s.Line($"Cpu.Dropout.Forward({s.X}, {s.Y}, {s.Saved("mask")}, {s.Length(s.Layer.Output.Size)}, {Float(s.Layer.Real("p"))}, Cpu.Dropout.StepSeed(Seed, TrainingSteps, {s.Layer.Index}));");
    }

    public override void Backward(CpuStep s)
    {
        if (s.Dx is { } dx)
            s.Line($"Cpu.Dropout.Backward({s.Saved("mask")}, {s.Dy}, {dx}, {s.Length(s.Layer.Output.Size)});");
    }

    public override string Describe(Layer layer) => "dropout " + Number(layer.Real("p"));
}
