using NetForge.Dsl.Model;
using static NetForge.Generator.CodeText;

namespace NetForge.Generator.Gpu;

/// <summary><c>conv2d(filters, kernel, stride, padding)</c>: one thread an output with the bias and the activation;
/// the backward's sums read the activation's mask as they go.</summary>
internal sealed class GpuConv2DOp : GpuOp
{
    public override OpKind Op => OpKind.Conv2D;

    /// <summary>The layer's sizes as the kernels take them, every one a constant.</summary>
    private static string Shape(Layer layer)
    {
        var (kh, kw) = layer.Pair("kernel");
        return $"new Gpu.ConvShape(Channels: {Integer(layer.Input.Channels)}, Height: {Integer(layer.Input.Height)}, Width: {Integer(layer.Input.Width)}, " +
            $"Filters: {Integer(layer.Integer("filters"))}, KernelHeight: {Integer(kh)}, KernelWidth: {Integer(kw)}, " +
            $"Stride: {Integer(layer.Integer("stride"))}, Padding: {Integer(layer.Integer("padding"))})";
    }

    public override IEnumerable<GpuKernel> Forward(GpuStep s)
    {
        var arguments = new List<GpuArgument> { GpuArgument.Floats("x", s.X), GpuArgument.Floats("w", s.Parameter("weight")) };
        if (s.HasBias)
            arguments.Add(GpuArgument.Floats("b", s.Parameter("bias")));
        arguments.Add(GpuArgument.Floats("y", s.Y));
        var bias = s.HasBias ? "b, " : "";
        yield return s.Kernel("Forward", $"Gpu.Conv2D.Forward(thread, x, w, {bias}y, {Shape(s.Layer)}, {s.Activation})",
            GpuStep.PerValue(s.Layer.Output.Size), [.. arguments]);
    }

    public override IEnumerable<GpuKernel> Backward(GpuStep s)
    {
        var arguments = new List<GpuArgument>
        {
            GpuArgument.Floats("x", s.X), GpuArgument.Floats("y", s.Y), GpuArgument.Floats("dy", s.Dy), GpuArgument.Floats("dw", s.ParameterGradient("weight")),
        };
        if (s.HasBias)
            arguments.Add(GpuArgument.Floats("db", s.ParameterGradient("bias")));
        arguments.Add(new GpuArgument("int", "n", "n"));
        var bias = s.HasBias ? "db, " : "";
        var filters = s.Layer.Integer("filters");
        var weights = s.Layer.Parameters.Single(p => p.Role == "weight").Shape.Size;
        // A filter's weights and, with a bias, the bias after them: one thread each.
        yield return s.Kernel("WeightGradient", $"Gpu.Conv2D.WeightGradient(thread, x, y, dy, dw, {bias}n, {Shape(s.Layer)}, {s.Activation})",
            Integer(weights + (s.HasBias ? filters : 0)), [.. arguments]);
        if (s.Dx is { } dx)
        {
            yield return s.Kernel("InputGradient", $"Gpu.Conv2D.InputGradient(thread, w, y, dy, dx, {Shape(s.Layer)}, {s.Activation})",
                GpuStep.PerValue(s.Layer.Input.Size),
                GpuArgument.Floats("w", s.Parameter("weight")), GpuArgument.Floats("y", s.Y), GpuArgument.Floats("dy", s.Dy), GpuArgument.Floats("dx", dx));
        }
    }
}
