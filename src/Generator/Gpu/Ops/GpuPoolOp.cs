using NetForge.Dsl.Model;
using static NetForge.Generator.CodeText;

namespace NetForge.Generator.Gpu;

/// <summary><c>maxpool(size, stride)</c> and <c>avgpool(size, stride)</c>: one thread an output forward, an input backward.</summary>
internal sealed class GpuPoolOp(OpKind op, string kind) : GpuOp
{
    public override OpKind Op { get; } = op;

    private static string Shape(Layer layer) =>
        $"new Gpu.PoolShape(Channels: {Integer(layer.Input.Channels)}, Height: {Integer(layer.Input.Height)}, Width: {Integer(layer.Input.Width)}, " +
        $"Size: {Integer(layer.Integer("size"))}, Stride: {Integer(layer.Integer("stride"))})";

    public override IEnumerable<GpuKernel> Forward(GpuStep s)
    {
        yield return s.Kernel("Forward", $"Gpu.Pooling.{kind}Forward(thread, x, y, {Shape(s.Layer)})", GpuStep.PerValue(s.Layer.Output.Size),
            GpuArgument.Floats("x", s.X), GpuArgument.Floats("y", s.Y));
    }

    public override IEnumerable<GpuKernel> Backward(GpuStep s)
    {
        if (s.Dx is not { } dx)
            yield break;
        // Max pooling finds each window's maximum again in its input; average pooling needs only the gradient.
        yield return Op == OpKind.MaxPool
            ? s.Kernel("Backward", $"Gpu.Pooling.MaxBackward(thread, x, dy, dx, {Shape(s.Layer)})", GpuStep.PerValue(s.Layer.Input.Size),
                GpuArgument.Floats("x", s.X), GpuArgument.Floats("dy", s.Dy), GpuArgument.Floats("dx", dx))
            : s.Kernel("Backward", $"Gpu.Pooling.AvgBackward(thread, dy, dx, {Shape(s.Layer)})", GpuStep.PerValue(s.Layer.Input.Size),
                GpuArgument.Floats("dy", s.Dy), GpuArgument.Floats("dx", dx));
    }
}
