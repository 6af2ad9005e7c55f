using NetForge.Dsl.Model;

namespace NetForge.Generator.Gpu;

/// <summary>
/// What the GPU back end knows of one op: the kernels of its forward and of its backward. One subclass per op, found
/// by the op's kind in <see cref="GpuOps"/>; nothing else in the back end knows which kernel implements an op.
/// </summary>
internal abstract class GpuOp
{
    /// <summary>The op this entry implements.</summary>
    public abstract OpKind Op { get; }

    /// <summary>The kernels of a step's forward, in the step's pass mode; none for a step that only renames its values.</summary>
    public abstract IEnumerable<GpuKernel> Forward(GpuStep s);

    /// <summary>The kernels of its backward: the gradient of the step's parameters and, when wanted, of its input.</summary>
    public abstract IEnumerable<GpuKernel> Backward(GpuStep s);

    /// <summary>
    /// The check of the batch size that a training step makes before it launches anything, for an op that cannot train
    /// on some sizes, as a statement of <c>n</c>; null for none.
    /// </summary>
    public virtual string? TrainingBatchCheck(Layer layer) => null;

    /// <summary>
    /// Working buffers of the layer's own that its backward needs beyond the plan's saved ones: role, type, and length,
    /// per sample of the batch or in all.
    /// </summary>
    public virtual IEnumerable<(string Role, string Type, int Length, bool PerSample)> Scratch(Layer layer) => [];
}
