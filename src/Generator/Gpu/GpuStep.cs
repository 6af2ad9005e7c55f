using NetForge.Dsl.Model;
using NetForge.Dsl.Planning;
using static NetForge.Generator.CodeText;

namespace NetForge.Generator.Gpu;

/// <summary>One step of a pass as a GPU entry sees it: the buffers it reads and writes, and its layer's sizes.</summary>
internal sealed class GpuStep(PassStep pass, Mode mode)
{
    public PassStep Pass { get; } = pass;

    public Mode Mode { get; } = mode;

    public Layer Layer => Pass.Step.Layer;

    /// <summary>The input buffer.</summary>
    public string X => GpuNames.Of(Pass.Input);

    /// <summary>The output buffer.</summary>
    public string Y => GpuNames.Of(Pass.Output);

    /// <summary>The gradient with respect to the output.</summary>
    public string Dy => GpuNames.GradientOf(Pass.Output);

    /// <summary>The gradient with respect to the input, or null for a step that reads the data and needs none.</summary>
    public string? Dx => Pass.WritesInputGradient ? GpuNames.GradientOf(Pass.Input) : null;

    /// <summary>A parameter's view.</summary>
    public string Parameter(string role) => GpuNames.Parameter(Layer.Name, role);

    /// <summary>A parameter's gradient's view.</summary>
    public string ParameterGradient(string role) => GpuNames.ParameterGradient(Layer.Name, role);

    /// <summary>A state tensor's view, e.g. batch normalisation's running mean.</summary>
    public string State(string role) => GpuNames.State(Layer.Name, role);

    /// <summary>A buffer the training forward fills for the backward, e.g. dropout's mask.</summary>
    public string Saved(string role) => GpuNames.Saved(Layer.Name, role);

    /// <summary>The buffer of a labelled output this step reads.</summary>
    public static string LabelBuffer(LabelInput label) => GpuNames.Of(label.Buffer);

    public bool Training => Mode == Mode.Training;

    public bool HasBias => Layer.Parameters.Any(p => p.Role == "bias");

    /// <summary>The fused activation's functor, or the identity.</summary>
    public string Activation => Pass.Step.Activation is { } act ? ((GpuActivationOp)GpuOps.All[act.Op]).Functor(act) : "new Cpu.Identity()";

    /// <summary>Threads for one per value of a per-sample size: <c>n * 256</c>.</summary>
    public static string PerValue(int size) => "n * " + Integer(size);

    /// <summary>The forward of a step that only renames its values: nothing when it shares its input's buffer, else a copy.</summary>
    public IEnumerable<GpuKernel> CopyUnlessAliased()
    {
        if (!Pass.Aliases)
            yield return Kernel("Copy", "Gpu.Elementwise.Copy(thread, x, y)", PerValue(Layer.Output.Size), GpuArgument.Floats("x", X), GpuArgument.Floats("y", Y));
    }

    /// <summary>The backward of a step that only renames its values.</summary>
    public IEnumerable<GpuKernel> CopyGradientUnlessAliased()
    {
        if (!Pass.Aliases && Dx is { } dx)
            yield return Kernel("CopyGradient", "Gpu.Elementwise.Copy(thread, x, y)", PerValue(Layer.Output.Size), GpuArgument.Floats("x", Dy), GpuArgument.Floats("y", dx));
    }

    /// <summary>A kernel named after the step's layer, e.g. <c>Dense1</c> + <paramref name="suffix"/>.</summary>
    public GpuKernel Kernel(string suffix, string body, string extent, params GpuArgument[] arguments) =>
        new(Pascal(Layer.Name) + suffix, arguments, body, extent);
}
