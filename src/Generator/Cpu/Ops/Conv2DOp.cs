using NetForge.Dsl.Model;
using static NetForge.Generator.CodeText;

namespace NetForge.Generator.Cpu;

/// <summary><c>conv2d(filters, kernel, stride, padding)</c>, with the bias, a fused activation and a fused pooling.</summary>
internal sealed class Conv2DOp : CpuOp
{
    public override OpKind Op => OpKind.Conv2D;

    public override void Forward(CpuStep s)
    {
        if (s.Pass.Step.Pool is { } pool)
            s.Line($"Cpu.Conv2D.Forward{PoolOp.Kind(pool)}Pooled({s.X}, {s.Parameter("weight")}, {s.Bias}, {s.Activated}, {s.Y}, {s.N}, {s.ShapeField}, {s.Activation}, {CpuStep.ShapeFieldOf(pool)});");
        else
            s.Line($"Cpu.Conv2D.Forward({s.X}, {s.Parameter("weight")}, {s.Bias}, {s.Y}, {s.N}, {s.ShapeField}, {s.Activation});");
    }

    public override void Backward(CpuStep s)
    {
        if (s.Pass.Step.Pool is { } pool)
            s.Line($"Cpu.Conv2D.Backward{PoolOp.Kind(pool)}Pooled({s.X}, {s.Parameter("weight")}, {s.Activated}, {s.Dy}, {s.ActivatedGradient}, {s.ParameterGradient("weight")}, {s.BiasGradient}, {s.DxOrDefault}, {s.N}, {s.ShapeField}, {s.Activation}, {CpuStep.ShapeFieldOf(pool)});");
        else
            s.Line($"Cpu.Conv2D.Backward({s.X}, {s.Parameter("weight")}, {s.Y}, {s.Dy}, {s.ParameterGradient("weight")}, {s.BiasGradient}, {s.DxOrDefault}, {s.N}, {s.ShapeField}, {s.Activation});");
    }

    public override void Fields(IndentedWriter w, Layer layer)
    {
        var (kh, kw) = layer.Pair("kernel");
        w.Line($"private static readonly Cpu.ConvShape {CpuStep.ShapeFieldOf(layer)} = new(Channels: {layer.Input.Channels}, Height: {layer.Input.Height}, Width: {layer.Input.Width}, Filters: {layer.Integer("filters")}, KernelHeight: {kh}, KernelWidth: {kw}, Stride: {layer.Integer("stride")}, Padding: {layer.Integer("padding")});");
        w.Line();
    }

    public override string Describe(Layer layer) =>
        "conv2d " + Integer(layer.Integer("filters")) + " " + Integer(layer.Pair("kernel").First) + "x" + Integer(layer.Pair("kernel").Second)
        + (layer.Integer("stride") == 1 ? "" : " stride " + Integer(layer.Integer("stride")))
        + (layer.Integer("padding") == 0 ? "" : " padding " + Integer(layer.Integer("padding")))
        + (layer.Boolean("bias") ? "" : " without bias");
}
