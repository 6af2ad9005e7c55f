using NetForge.Dsl.Model;
using static NetForge.Generator.CodeText;

namespace NetForge.Generator.Gpu;

/// <summary>A pointwise activation: a functor the kernels specialise on, fused into the step before it where the plan
/// says so, else a kernel of its own, one thread a value.</summary>
internal sealed class GpuActivationOp : GpuOp
{
    private readonly string _functor;
    private readonly string? _argument;

    /// <param name="op">The activation.</param>
    /// <param name="functor">The functor type, e.g. <c>Cpu.Relu</c>: the CPU's, or the GPU runtime's where the CPU's checks its argument.</param>
    /// <param name="argument">The real argument the functor takes, e.g. <c>alpha</c>, or null.</param>
    public GpuActivationOp(OpKind op, string functor, string? argument = null)
    {
        Op = op;
        _functor = functor;
        _argument = argument;
    }

    public override OpKind Op { get; }

    /// <summary>The functor for a layer of this activation: <c>new Cpu.Relu()</c>, <c>new Gpu.LeakyRelu(0.2f)</c>.</summary>
    public string Functor(Layer layer) =>
        $"new {_functor}({(_argument is null ? "" : Float(layer.Real(_argument)))})";

    public override IEnumerable<GpuKernel> Forward(GpuStep s)
    {
        yield return s.Kernel("Forward", $"Gpu.Elementwise.Forward(thread, x, y, {Functor(s.Layer)})", GpuStep.PerValue(s.Layer.Output.Size),
            GpuArgument.Floats("x", s.X), GpuArgument.Floats("y", s.Y));
    }

    public override IEnumerable<GpuKernel> Backward(GpuStep s)
    {
        if (s.Dx is { } dx)
        {
            yield return s.Kernel("Backward", $"Gpu.Elementwise.Backward(thread, y, dy, dx, {Functor(s.Layer)})", GpuStep.PerValue(s.Layer.Output.Size),
                GpuArgument.Floats("y", s.Y), GpuArgument.Floats("dy", s.Dy), GpuArgument.Floats("dx", dx));
        }
    }
}
