using NetForge.Dsl.Model;
using static NetForge.Generator.CodeText;

namespace NetForge.Generator.Gpu;

/// <summary><c>dense(units)</c>: one thread an output with the bias and the activation; the backward's products read
/// the activation's mask as they go.</summary>
internal sealed class GpuDenseOp : GpuOp
{
    public override OpKind Op => OpKind.Dense;

    public override IEnumerable<GpuKernel> Forward(GpuStep s)
    {
        var (inputs, outputs) = (Integer(s.Layer.Input.Size), Integer(s.Layer.Output.Size));
        var arguments = new List<GpuArgument> { GpuArgument.Floats("x", s.X), GpuArgument.Floats("w", s.Parameter("weight")) };
        if (s.HasBias)
            arguments.Add(GpuArgument.Floats("b", s.Parameter("bias")));
        arguments.Add(GpuArgument.Floats("y", s.Y));
        var bias = s.HasBias ? "b, " : "";
        yield return s.Kernel("Forward", $"Gpu.Dense.Forward(thread, x, w, {bias}y, {inputs}, {outputs}, {s.Activation})",
            GpuStep.PerValue(s.Layer.Output.Size), [.. arguments]);
    }

    public override IEnumerable<GpuKernel> Backward(GpuStep s)
    {
        var (inputs, outputs) = (Integer(s.Layer.Input.Size), Integer(s.Layer.Output.Size));
        var arguments = new List<GpuArgument>
        {
            GpuArgument.Floats("x", s.X), GpuArgument.Floats("y", s.Y), GpuArgument.Floats("dy", s.Dy), GpuArgument.Floats("dw", s.ParameterGradient("weight")),
        };
        if (s.HasBias)
            arguments.Add(GpuArgument.Floats("db", s.ParameterGradient("bias")));
        arguments.Add(new GpuArgument("int", "n", "n"));
        var bias = s.HasBias ? "db, " : "";
        // A weight row and, with a bias, the bias after it: one thread each.
        var row = s.Layer.Input.Size + (s.HasBias ? 1 : 0);
        yield return s.Kernel("WeightGradient", $"Gpu.Dense.WeightGradient(thread, x, y, dy, dw, {bias}n, {inputs}, {outputs}, {s.Activation})",
            Integer((long)s.Layer.Output.Size * row), [.. arguments]);
        if (s.Dx is { } dx)
        {
            yield return s.Kernel("InputGradient", $"Gpu.Dense.InputGradient(thread, w, y, dy, dx, {inputs}, {outputs}, {s.Activation})",
                GpuStep.PerValue(s.Layer.Input.Size),
                GpuArgument.Floats("w", s.Parameter("weight")), GpuArgument.Floats("y", s.Y), GpuArgument.Floats("dy", s.Dy), GpuArgument.Floats("dx", dx));
        }
    }
}
