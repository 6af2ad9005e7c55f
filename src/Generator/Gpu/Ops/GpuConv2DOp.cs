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

    // Each filter's weights and, with a bias, the bias after them.
    private static int GradientValues(Layer layer) =>
        layer.Parameters.Single(p => p.Role == "weight").Shape.Size + (layer.Parameters.Any(p => p.Role == "bias") ? layer.Integer("filters") : 0);

    public override IEnumerable<(string Role, string Type, int Length, bool PerSample)> Scratch(Layer layer) =>
        [("partials", "Floats", GradientValues(layer), true)];

    public override IEnumerable<GpuKernel> Backward(GpuStep s)
    {
        var values = GradientValues(s.Layer);
        var bias = s.HasBias ? 1 : 0;
        var partials = GpuNames.Saved(s.Layer.Name, "partials");
        // The weights' and bias's gradients in two launches: each sample's share, one thread a value and a sample, then
        // the shares summed in sample order.
        yield return s.Kernel("WeightPartials", $"Gpu.Conv2D.WeightPartials(thread, x, y, dy, partials, {bias}, {Shape(s.Layer)}, {s.Activation})",
            "n * " + Integer(values),
            GpuArgument.Floats("x", s.X), GpuArgument.Floats("y", s.Y), GpuArgument.Floats("dy", s.Dy), GpuArgument.Floats("partials", partials));
        yield return s.Kernel("WeightGradient", $"Gpu.Conv2D.SumPartials(thread, partials, dw, db, n, {bias}, {Shape(s.Layer)})", Integer(values),
            GpuArgument.Floats("partials", partials), GpuArgument.Floats("dw", s.ParameterGradient("weight")),
            // Without a bias the kernel writes no bias gradient, and takes the weights' view in its place.
            GpuArgument.Floats("db", s.ParameterGradient(s.HasBias ? "bias" : "weight")), new GpuArgument("int", "n", "n"));
        if (s.Dx is { } dx)
        {
            yield return s.Kernel("InputGradient", $"Gpu.Conv2D.InputGradient(thread, w, y, dy, dx, {Shape(s.Layer)}, {s.Activation})",
                GpuStep.PerValue(s.Layer.Input.Size),
                GpuArgument.Floats("w", s.Parameter("weight")), GpuArgument.Floats("y", s.Y), GpuArgument.Floats("dy", s.Dy), GpuArgument.Floats("dx", dx));
        }
    }
}
