using NetForge.Dsl.Diagnostics;

namespace NetForge.Dsl.Model;

/// <summary>What a shape rule sees: the layer being checked, its input, the labelled outputs so far, and a sink for errors.</summary>
public sealed class ShapeContext
{
    private readonly Func<string, Shape?> _labelShape;
    private readonly List<Diagnostic> _diagnostics;

    internal ShapeContext(Layer layer, Func<string, Shape?> labelShape, List<Diagnostic> diagnostics)
    {
        Layer = layer;
        _labelShape = labelShape;
        _diagnostics = diagnostics;
    }

    /// <summary>The layer, with its arguments; its <see cref="Layer.Output"/> is not known yet.</summary>
    public Layer Layer { get; }

    /// <summary>The shape the layer takes.</summary>
    public Shape Input => Layer.Input;

    /// <summary>The output shape of a labelled line (the binder has already checked that it exists).</summary>
    public Shape LabelShape(string label) => _labelShape(label) ?? throw new InvalidOperationException($"Label '{label}' is not bound.");

    /// <summary>Reports an error at the layer and returns null, so that a rule can write <c>return ctx.Error(...)</c>.</summary>
    public Shape? Error(DiagnosticDescriptor descriptor, params object[] arguments)
    {
        _diagnostics.Add(descriptor.At(Layer.Location, arguments));
        return null;
    }

    /// <summary>Reports that the layer needs an image-like input when it is flat (or the reverse).</summary>
    public Shape? WrongRank(string expected) => Error(DiagnosticDescriptors.WrongInputRank, Layer.Text, expected, Input);
}

/// <summary>
/// One entry of the op table: everything the checker and the emitters need to know about an op apart from
/// its kernels: its arguments, its shape rule, its parameters and its arithmetic.
/// </summary>
public sealed class OpDefinition
{
    /// <summary>Creates an op table entry.</summary>
    public OpDefinition(
        OpKind kind,
        string name,
        string layerName,
        IReadOnlyList<ArgumentSpec> arguments,
        Func<ShapeContext, Shape?> shape,
        Func<Layer, IReadOnlyList<Parameter>>? parameters = null,
        Func<Layer, long>? flops = null,
        bool hasCpuKernel = false)
    {
        Kind = kind;
        Name = name;
        LayerName = layerName;
        Arguments = arguments;
        InferShape = shape;
        Parameters = parameters ?? (_ => []);
        Flops = flops ?? (layer => layer.Output.Size);
        HasCpuKernel = hasCpuKernel;
    }

    /// <summary>The op.</summary>
    public OpKind Kind { get; }

    /// <summary>The op's name in the language.</summary>
    public string Name { get; }

    /// <summary>The stem of the layer names: <c>dense</c> gives <c>dense1</c>, <c>dense2</c>, ...</summary>
    public string LayerName { get; }

    /// <summary>The arguments, positional ones first in order.</summary>
    public IReadOnlyList<ArgumentSpec> Arguments { get; }

    /// <summary>The output shape for the layer's input, or null after reporting why there is none.</summary>
    public Func<ShapeContext, Shape?> InferShape { get; }

    /// <summary>The parameter tensors of a layer whose shapes are known.</summary>
    public Func<Layer, IReadOnlyList<Parameter>> Parameters { get; }

    /// <summary>Forward floating-point operations for one sample of a layer whose shapes are known.</summary>
    public Func<Layer, long> Flops { get; }

    /// <summary>Whether the CPU back-end has forward and backward kernels for the op.</summary>
    public bool HasCpuKernel { get; }
}
