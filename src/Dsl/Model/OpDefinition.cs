using NetForge.Dsl.Diagnostics;

namespace NetForge.Dsl.Model;

/// <summary>What a shape rule sees: the layer being checked, its input, the labelled outputs so far, and a sink for errors.</summary>
public sealed class ShapeContext
{
    private readonly Func<string, Shape?> _labelShape;
    private readonly List<Diagnostic> _diagnostics;
    private readonly QuotedOp _opText;

    internal ShapeContext(Layer layer, QuotedOp opText, Func<string, Shape?> labelShape, List<Diagnostic> diagnostics)
    {
        Layer = layer;
        _opText = opText;
        _labelShape = labelShape;
        _diagnostics = diagnostics;
    }

    /// <summary>The layer, with its arguments; its <see cref="Layer.Output"/> is not known yet.</summary>
    public Layer Layer { get; }

    /// <summary>The op as messages quote it: as written when short, its first arguments and <c>...)</c> when long.</summary>
    public string OpText => _opText.ToString();

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
    public Shape? WrongRank(string expected) => Error(DiagnosticDescriptors.WrongInputRank, OpText, expected, Input);
}

/// <summary>A buffer that one training step's forward fills for its backward, such as a dropout mask.</summary>
/// <param name="Role">What it holds, e.g. <c>mask</c> or <c>mean</c>.</param>
/// <param name="Size">Values per sample when <paramref name="PerSample"/>, else in all.</param>
/// <param name="PerSample">Whether it grows with the batch (a mask) or not (per-channel statistics).</param>
public sealed record SavedBuffer(string Role, int Size, bool PerSample);

/// <summary>
/// One entry of the op table: everything the checker, the planner and the back-ends need to know about an op apart
/// from its kernels: its arguments, its shape rule, its parameters and state, its arithmetic and its traits.
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
        OpTraits traits = OpTraits.None,
        Func<Layer, IReadOnlyList<Parameter>>? state = null,
        Func<Layer, IReadOnlyList<SavedBuffer>>? saved = null)
    {
        Kind = kind;
        Name = name;
        LayerName = layerName;
        Arguments = arguments;
        InferShape = shape;
        Parameters = parameters ?? (_ => []);
        Flops = flops ?? (layer => layer.Output.Size);
        Traits = traits;
        State = state ?? (_ => []);
        Saved = saved ?? (_ => []);
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

    /// <summary>Forward floating-point operations for one sample of a layer whose shapes are known, saturating at
    /// <see cref="long.MaxValue"/>.</summary>
    public Func<Layer, long> Flops { get; }

    /// <summary>What the planner may do with the op.</summary>
    public OpTraits Traits { get; }

    /// <summary>The non-trainable tensors a layer keeps between steps (batch-norm's running statistics).</summary>
    public Func<Layer, IReadOnlyList<Parameter>> State { get; }

    /// <summary>The buffers a training step's forward fills for the backward.</summary>
    public Func<Layer, IReadOnlyList<SavedBuffer>> Saved { get; }

    /// <summary>Whether the op has the trait.</summary>
    public bool Has(OpTraits trait) => (Traits & trait) == trait;
}
