using NetForge.Dsl.Model;
using static NetForge.Generator.CodeText;

namespace NetForge.Generator.Cpu;

/// <summary>
/// A pointwise activation: a functor that the kernels specialise on, fused into the step before it where the plan
/// says so, else a pass of its own over the values.
/// </summary>
internal sealed class ActivationOp : CpuOp
{
    private readonly string _functor;
    private readonly string? _argument;

    /// <param name="op">The activation.</param>
    /// <param name="functor">The runtime's functor type, e.g. <c>Relu</c>.</param>
    /// <param name="argument">The real argument the functor takes, e.g. <c>alpha</c>, or null.</param>
    public ActivationOp(OpKind op, string functor, string? argument = null)
    {
        Op = op;
        _functor = functor;
        _argument = argument;
    }

    public override OpKind Op { get; }

    /// <summary>The functor for a layer of this activation: <c>new Cpu.LeakyRelu(0.2f)</c>.</summary>
    public string Functor(Layer layer) =>
        $"new Cpu.{_functor}({(_argument is null ? "" : Float(layer.Real(_argument)))})";

    public override void Forward(CpuStep s) =>
        s.Line($"Cpu.Elementwise.Forward({s.X}, {s.Y}, {s.Length(s.Layer.Output.Size)}, {Functor(s.Layer)});");

    public override void Backward(CpuStep s)
    {
        if (s.Dx is { } dx)
            s.Line($"Cpu.Elementwise.Backward({s.Y}, {s.Dy}, {dx}, {s.Length(s.Layer.Output.Size)}, {Functor(s.Layer)});");
    }

    public override string Describe(Layer layer) =>
        layer.Definition.Name.Replace('_', ' ') + (_argument is null ? "" : " " + Number(layer.Real(_argument)));
}
