using NetForge.Dsl.Diagnostics;
using NetForge.Dsl.Model;

namespace NetForge.Generator.Cpu;

/// <summary>The CPU back-end's entries, one per op, and the check that a network uses only ops it has.</summary>
internal static class CpuOps
{
    /// <summary>Every entry, by op.</summary>
    public static IReadOnlyDictionary<OpKind, CpuOp> All { get; } = new CpuOp[]
    {
        new DenseOp(),
        new Conv2DOp(),
        new MaxPoolOp(),
        new AvgPoolOp(),
        new FlattenOp(),
        new ActivationOp(OpKind.Relu, "Relu"),
        new ActivationOp(OpKind.LeakyRelu, "LeakyRelu", "alpha"),
        new ActivationOp(OpKind.Elu, "Elu", "alpha"),
        new ActivationOp(OpKind.Sigmoid, "Sigmoid"),
        new ActivationOp(OpKind.Tanh, "Tanh"),
        new MaxoutOp(),
        new SoftmaxOp(),
        new DropoutOp(),
        new BatchNormOp(),
        new AddOp(),
        new ConcatOp(),
    }.ToDictionary(op => op.Op);

    public static CpuOp Get(OpKind op) => All[op];

    /// <summary>
    /// Reports each layer whose op has no entry in <paramref name="entries"/> (the CPU back-end's by default),
    /// at the layer, naming the ops that do.
    /// </summary>
    public static IEnumerable<Diagnostic> Check(Network network, IReadOnlyDictionary<OpKind, CpuOp>? entries = null)
    {
        entries ??= All;
        var supported = string.Join(", ", OpTable.Ops.Values.Where(op => entries.ContainsKey(op.Kind)).Select(op => op.Name));
        return network.Layers
            .Where(layer => !entries.ContainsKey(layer.Op))
            .Select(layer => DiagnosticDescriptors.NoKernel.At(layer.Location, layer.Text, supported));
    }
}
