using NetForge.Dsl.Model;
using static NetForge.Generator.CodeText;

namespace NetForge.Generator.Cpu;

/// <summary>What max and average pooling share: their shape field and description.</summary>
internal abstract class PoolOp : CpuOp
{
    public override void Fields(IndentedWriter w, Layer layer)
    {
        w.Line($"private static readonly Cpu.PoolShape {CpuStep.ShapeFieldOf(layer)} = new(Channels: {layer.Input.Channels}, Height: {layer.Input.Height}, Width: {layer.Input.Width}, Size: {layer.Integer("size")}, Stride: {layer.Integer("stride")});");
        w.Line();
    }

    /// <summary>The kernels' name for a pooling layer's reduction, in the fused convolution's calls: <c>Max</c> or <c>Avg</c>.</summary>
    public static string Kind(Layer layer) => layer.Op == OpKind.MaxPool ? "Max" : "Avg";

    public override string Describe(Layer layer) =>
        layer.Definition.Name + " " + Integer(layer.Integer("size"))
        + (layer.Integer("stride") == layer.Integer("size") ? "" : " stride " + Integer(layer.Integer("stride")));
}

/// <summary><c>maxpool(size, stride)</c>.</summary>
internal sealed class MaxPoolOp : PoolOp
{
    public override OpKind Op => OpKind.MaxPool;

    public override string BackwardNote => ", each window's gradient goes to its maximum";

    public override void Forward(CpuStep s) =>
        s.Line($"Cpu.MaxPool.Forward({s.X}, {s.Y}, {s.N}, {s.ShapeField});");

    public override void Backward(CpuStep s)
    {
        if (s.Dx is { } dx)
            s.Line($"Cpu.MaxPool.Backward({s.X}, {s.Y}, {s.Dy}, {dx}, {s.N}, {s.ShapeField});");
    }
}

/// <summary><c>avgpool(size, stride)</c>.</summary>
internal sealed class AvgPoolOp : PoolOp
{
    public override OpKind Op => OpKind.AvgPool;

    public override void Forward(CpuStep s) =>
        s.Line($"Cpu.AvgPool.Forward({s.X}, {s.Y}, {s.N}, {s.ShapeField});");

    public override void Backward(CpuStep s)
    {
        if (s.Dx is { } dx)
            s.Line($"Cpu.AvgPool.Backward({s.Dy}, {dx}, {s.N}, {s.ShapeField});");
    }
}
