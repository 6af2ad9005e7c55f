using NetForge.Dsl.Model;
using static NetForge.Generator.CodeText;

namespace NetForge.Generator.Gpu;

/// <summary>
/// <c>dense(units)</c>: the product with the bias and the activation in its epilogue, the backward's products reading
/// the activation's mask as they go; in shared-memory tiles on a GPU, one thread a value on the CPU accelerator.
/// </summary>
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
        var tiled = s.Kernel("ForwardTiled", $"Gpu.DenseTiles.Forward(x, w, {bias}y, n, {inputs}, {outputs}, {s.Activation})",
            $"Gpu.Tiles.Config(n, {outputs})", [.. arguments, N]) with { Grouped = true };
        yield return s.Kernel("Forward", $"Gpu.Dense.Forward(thread, x, w, {bias}y, {inputs}, {outputs}, {s.Activation})",
            GpuStep.PerValue(s.Layer.Output.Size), [.. arguments]) with { Tiled = [tiled] };
    }

    private static readonly GpuArgument N = new("int", "n", "n");

    public override IEnumerable<GpuKernel> Backward(GpuStep s)
    {
        var (inputs, outputs) = (Integer(s.Layer.Input.Size), Integer(s.Layer.Output.Size));
        var arguments = new List<GpuArgument>
        {
            GpuArgument.Floats("x", s.X), GpuArgument.Floats("y", s.Y), GpuArgument.Floats("dy", s.Dy), GpuArgument.Floats("dw", s.ParameterGradient("weight")),
        };
        if (s.HasBias)
            arguments.Add(GpuArgument.Floats("db", s.ParameterGradient("bias")));
        arguments.Add(N);
        var bias = s.HasBias ? "db, " : "";
        // In tiles the weights' product has no bias column: the biases' sums are a kernel of their own.
        var tiled = new List<GpuKernel>
        {
            s.Kernel("WeightGradientTiled", $"Gpu.DenseTiles.WeightGradient(x, y, dy, dw, n, {inputs}, {outputs}, {s.Activation})", $"Gpu.Tiles.Config({outputs}, {inputs})",
                GpuArgument.Floats("x", s.X), GpuArgument.Floats("y", s.Y), GpuArgument.Floats("dy", s.Dy), GpuArgument.Floats("dw", s.ParameterGradient("weight")), N)
                with { Grouped = true },
        };
        if (s.HasBias)
        {
            tiled.Add(s.Kernel("BiasGradient", $"Gpu.DenseTiles.BiasGradient(thread, y, dy, db, n, {outputs}, {s.Activation})", outputs,
                GpuArgument.Floats("y", s.Y), GpuArgument.Floats("dy", s.Dy), GpuArgument.Floats("db", s.ParameterGradient("bias")), N));
        }
        // A weight row and, with a bias, the bias after it: one thread each.
        var row = s.Layer.Input.Size + (s.HasBias ? 1 : 0);
        yield return s.Kernel("WeightGradient", $"Gpu.Dense.WeightGradient(thread, x, y, dy, dw, {bias}n, {inputs}, {outputs}, {s.Activation})",
            Integer((long)s.Layer.Output.Size * row), [.. arguments]) with { Tiled = tiled };
        if (s.Dx is { } dx)
        {
            GpuArgument[] gradient = [GpuArgument.Floats("w", s.Parameter("weight")), GpuArgument.Floats("y", s.Y), GpuArgument.Floats("dy", s.Dy), GpuArgument.Floats("dx", dx)];
            var inputTiled = s.Kernel("InputGradientTiled", $"Gpu.DenseTiles.InputGradient(w, y, dy, dx, n, {inputs}, {outputs}, {s.Activation})",
                $"Gpu.Tiles.Config(n, {inputs})", [.. gradient, N]) with { Grouped = true };
            yield return s.Kernel("InputGradient", $"Gpu.Dense.InputGradient(thread, w, y, dy, dx, {inputs}, {outputs}, {s.Activation})",
                GpuStep.PerValue(s.Layer.Input.Size), gradient) with { Tiled = [inputTiled] };
        }
    }
}
