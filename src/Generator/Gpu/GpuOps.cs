using NetForge.Dsl.Model;

namespace NetForge.Generator.Gpu;

/// <summary>The GPU back end's entries, one per op, and its own check of what a network needs of it.</summary>
internal static class GpuOps
{
    /// <summary>Every entry, by op.</summary>
    public static IReadOnlyDictionary<OpKind, GpuOp> All { get; } = new GpuOp[]
    {
        new GpuDenseOp(),
        new GpuConv2DOp(),
        new GpuPoolOp(OpKind.MaxPool, "Max"),
        new GpuPoolOp(OpKind.AvgPool, "Avg"),
        new GpuFlattenOp(),
        new GpuActivationOp(OpKind.Relu, "Cpu.Relu"),
        new GpuActivationOp(OpKind.LeakyRelu, "Gpu.LeakyRelu", "alpha"),
        new GpuActivationOp(OpKind.Elu, "Gpu.Elu", "alpha"),
        new GpuActivationOp(OpKind.Sigmoid, "Cpu.Sigmoid"),
        new GpuActivationOp(OpKind.Tanh, "Cpu.Tanh"),
        new GpuSoftmaxOp(),
        new GpuMaxoutOp(),
        new GpuDropoutOp(),
        new GpuBatchNormOp(),
        new GpuAddOp(),
        new GpuConcatOp(),
    }.ToDictionary(op => op.Op);

    /// <summary>
    /// Why the network cannot run on the GPU back end, or null when it can: the first layer whose op has no entry, or
    /// a loss without one.
    /// </summary>
    /// <param name="network">The network.</param>
    /// <param name="entries">The entries to check against; the GPU back end's by default.</param>
    public static string? Unsupported(Network network, IReadOnlyDictionary<OpKind, GpuOp>? entries = null)
    {
        entries ??= All;
        if (network.Layers.FirstOrDefault(layer => !entries.ContainsKey(layer.Op)) is { } layer)
        {
            var supported = string.Join(", ", OpTable.Ops.Values.Where(op => entries.ContainsKey(op.Kind)).Select(op => op.Name));
            return $"layer {layer.Name} ({layer.Definition.Name}) has no GPU kernels yet; the ops with GPU kernels are {supported}";
        }
        if (!GpuLoss.All.ContainsKey(network.Loss.Name))
            return $"the loss {network.Loss.Name} has no GPU kernel yet; the losses with one are {string.Join(", ", GpuLoss.All.Keys)}";
        return null;
    }
}
