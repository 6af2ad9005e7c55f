using NetForge.Dsl.Model;

namespace NetForge.Generator.Cpu;

/// <summary>
/// What the CPU back-end knows of one op: the kernel calls of its forward (in either mode) and backward, the static
/// fields its kernels take, and how the class summary describes it. One subclass per op, found by the op's kind in
/// <see cref="CpuOps"/>; nothing else in the back-end knows which kernel implements an op.
/// </summary>
internal abstract class CpuOp
{
    /// <summary>The op this entry implements.</summary>
    public abstract OpKind Op { get; }

    /// <summary>Emits the forward of a step whose main layer is this op, in the step's pass mode.</summary>
    public abstract void Forward(CpuStep s);

    /// <summary>Emits the backward: the gradient of the step's parameters and, when wanted, of its input.</summary>
    public abstract void Backward(CpuStep s);

    /// <summary>A short note for the backward's comment, such as where a window's gradient goes.</summary>
    public virtual string BackwardNote => "";

    /// <summary>
    /// Emits a check of the batch size at the top of a training step, before anything is written, for an op that
    /// cannot train on some sizes; <paramref name="batch"/> is the batch size's expression.
    /// </summary>
    public virtual void CheckTrainingBatch(IndentedWriter w, Layer layer, string batch)
    {
    }

    /// <summary>Emits the class-level fields the kernels take for one layer (a convolution's shape).</summary>
    public virtual void Fields(IndentedWriter w, Layer layer)
    {
    }

    /// <summary>The layer as the class summary describes it, e.g. <c>dense 256</c>.</summary>
    public virtual string Describe(Layer layer) => layer.Definition.Name.Replace('_', ' ');
}
