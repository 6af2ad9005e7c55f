using NetForge.Dsl.Model;
using static NetForge.Generator.CodeText;

namespace NetForge.Generator.Gpu;

/// <summary><c>dropout(p)</c>, inverted, with the CPU's masks from the network's seed, its step count and the layer;
/// inference is the identity and shares its input's buffer.</summary>
internal sealed class GpuDropoutOp : GpuOp
{
    public override OpKind Op => OpKind.Dropout;

    public override IEnumerable<GpuKernel> Forward(GpuStep s)
    {
        if (!s.Training)
            return s.CopyUnlessAliased();
        return
        [
            s.Kernel("Forward", $"Gpu.Dropout.Forward(thread, x, y, mask, {Float(s.Layer.Real("p"))}, seed)", GpuStep.PerValue(s.Layer.Output.Size),
                GpuArgument.Floats("x", s.X), GpuArgument.Floats("y", s.Y), GpuArgument.Floats("mask", s.Saved("mask")),
                new GpuArgument("ulong", "seed", $"global::NetForge.Cpu.Dropout.StepSeed(Seed, TrainingSteps, {Integer(s.Layer.Index)})")),
        ];
    }

    public override IEnumerable<GpuKernel> Backward(GpuStep s)
    {
        if (s.Dx is { } dx)
        {
            yield return s.Kernel("Backward", "Gpu.Dropout.Backward(thread, mask, dy, dx)", GpuStep.PerValue(s.Layer.Output.Size),
                GpuArgument.Floats("mask", s.Saved("mask")), GpuArgument.Floats("dy", s.Dy), GpuArgument.Floats("dx", dx));
        }
    }
}
