using System.Runtime.CompilerServices;
using NetForge.Dsl.Model;
using NetForge.Dsl.Planning;
using static NetForge.Generator.CodeText;

namespace NetForge.Generator.Cpu;

/// <summary>
/// One step of a pass as an op's entry sees it: the names of the buffers it reads and writes, of its layer's
/// tensors, and a writer that puts the step's comment above its first line.
/// </summary>
internal sealed class CpuStep
{
    private readonly IndentedWriter _writer;
    private readonly CpuNames _names;
    private string? _pendingComment;

    public CpuStep(IndentedWriter writer, CpuNames names, PassStep pass, Mode mode, string batch, string comment)
    {
        _writer = writer;
        _names = names;
        Pass = pass;
        Mode = mode;
        N = batch;
        _pendingComment = comment;
    }

    public PassStep Pass { get; }

    public Mode Mode { get; }

    public bool Training => Mode == Mode.Training;

    /// <summary>The expression for the number of samples: <c>n</c>, or <c>1</c> in a single prediction.</summary>
    public string N { get; }

    public Layer Layer => Pass.Step.Layer;

    /// <summary>The input buffer.</summary>
    public string X => _names.Of(Pass.Input);

    /// <summary>The output buffer.</summary>
    public string Y => _names.Of(Pass.Output);

    /// <summary>The activated output of a step with a fused pooling, which the pooling reduces into the output.</summary>
    public string Activated => _names.Of(Pass.Activated ?? throw new InvalidOperationException($"{Pass.Step.Title} has no fused pooling."));

    /// <summary>The gradient with respect to <see cref="Activated"/>.</summary>
    public string ActivatedGradient => _names.GradientOf(Pass.Activated ?? throw new InvalidOperationException($"{Pass.Step.Title} has no fused pooling."));

    /// <summary>The gradient with respect to the output.</summary>
    public string Dy => _names.GradientOf(Pass.Output);

    /// <summary>The gradient with respect to the input, or null for the first step, which needs none.</summary>
    public string? Dx => Pass.WritesInputGradient ? _names.GradientOf(Pass.Input) : null;

    /// <summary>The input gradient, or <c>default</c> (an empty span: "not wanted") for the first step.</summary>
    public string DxOrDefault => Dx ?? "default";

    /// <summary>The fused activation's functor, or the identity.</summary>
    public string Activation => Pass.Step.Activation is { } act ? ((ActivationOp)CpuOps.Get(act.Op)).Functor(act) : "new Cpu.Identity()";

    /// <summary>A parameter's values, e.g. <c>Dense1Weight.Data</c>.</summary>
    public string Parameter(string role) => CpuNames.Tensor(Layer.Name, role) + ".Data";

    /// <summary>A parameter's gradient, empty while the parameter is frozen so that the kernel skips it, e.g.
    /// <c>Cpu.Tensors.UnlessFrozen(Dense1Weight, b.Dense1WeightGrad)</c>.</summary>
    public string ParameterGradient(string role) => CpuNames.GradientUnlessFrozen(CpuNames.Tensor(Layer.Name, role));

    /// <summary>The bias, or <c>default</c> for a layer without one.</summary>
    public string Bias => HasBias ? Parameter("bias") : "default";

    /// <summary>The bias gradient, or <c>default</c> for a layer without a bias.</summary>
    public string BiasGradient => HasBias ? ParameterGradient("bias") : "default";

    /// <summary>A state tensor's values, e.g. <c>Batchnorm1RunningMean.Data</c>.</summary>
    public string State(string role) => CpuNames.Tensor(Layer.Name, role) + ".Data";

    /// <summary>A buffer the training forward fills for the backward, e.g. <c>b.Dropout1Mask</c>.</summary>
    public string Saved(string role) => CpuNames.Saved(Layer.Name, role);

    /// <summary>The buffer of a labelled output this step reads.</summary>
    public string LabelBuffer(LabelInput label) => _names.Of(label.Buffer);

    /// <summary>Values in the batch for a per-sample size: <c>n * 256</c>, or <c>256</c> in a single prediction.</summary>
    public string Length(int size) => N == "1" ? Integer(size) : N + " * " + Integer(size);

    /// <summary>The layer's static shape field, e.g. <c>Conv1Shape</c>.</summary>
    public string ShapeField => ShapeFieldOf(Layer);

    public static string ShapeFieldOf(Layer layer) => Pascal(layer.Name) + "Shape";

    /// <summary>Writes a line of the step, every number in it formatted with the invariant culture.</summary>
    public void Line([InterpolatedStringHandlerArgument("")] ref IndentedWriter.InvariantLine line) => Line(line.ToString());

    /// <summary>Writes a line of the step, after the step's comment if it is the first.</summary>
    public void Line(string line)
    {
        CommentOnly();
        _writer.Line(line);
    }

    /// <summary>The forward of a step that only renames its values: nothing when it shares its input's buffer, else a copy.</summary>
    public void CopyUnlessAliased()
    {
        if (!Pass.Aliases)
            Line($"Cpu.Tensors.Copy({X}, {Y}, {Length(Layer.Output.Size)});");
    }

    /// <summary>The backward of a step that only renames its values.</summary>
    public void CopyGradientUnlessAliased()
    {
        if (!Pass.Aliases && Dx is { } dx)
            Line($"Cpu.Tensors.Copy({Dy}, {dx}, {Length(Layer.Output.Size)});");
    }

    /// <summary>Forces the comment out for a step that emits no call, so that the reader still sees the step.</summary>
    public void CommentOnly()
    {
        if (_pendingComment is not null)
        {
            _writer.Line(_pendingComment);
            _pendingComment = null;
        }
    }

    private bool HasBias => Layer.Parameters.Any(p => p.Role == "bias");
}
