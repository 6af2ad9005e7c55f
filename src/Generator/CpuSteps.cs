using NetForge.Dsl.Model;
using NetForge.Dsl.Planning;
using static NetForge.Generator.CodeText;

namespace NetForge.Generator;

/// <summary>
/// The kernel calls of each kind of step on the CPU back-end: one call (or a few copies) forward, and the
/// mirror image backward. This is the only place that knows which runtime kernel implements an op.
/// </summary>
internal static class CpuSteps
{
    public static void Forward(IndentedWriter w, BatchLayout layout, int i, string n)
    {
        var step = layout.Steps[i];
        var layer = step.Layer;
        string x = layout.Input(i), y = layout.Output(i);
        w.Line($"// {Title(step)}: {layer.Input} → {step.Output}{(layout.Aliases(i) ? ", the same values" : "")}");
        switch (layer.Op)
        {
            case OpKind.Dense:
                w.Line($"Cpu.Dense.Forward({x}, {Parameter(layer, "weight")}.Data, {Bias(layer, ".Data")}, {y}, {n}, {layer.Input.Size}, {layer.Output.Size}, {Activation(step.Activation)});");
                break;
            case OpKind.Conv2D:
                w.Line($"Cpu.Conv2D.Forward({x}, {Parameter(layer, "weight")}.Data, {Bias(layer, ".Data")}, {y}, {n}, {ShapeField(layer)}, {Activation(step.Activation)});");
                break;
            case OpKind.MaxPool:
                w.Line($"Cpu.MaxPool.Forward({x}, {y}, {n}, {ShapeField(layer)});");
                break;
            case OpKind.AvgPool:
                w.Line($"Cpu.AvgPool.Forward({x}, {y}, {n}, {ShapeField(layer)});");
                break;
            case OpKind.Flatten when !layout.Aliases(i):
                w.Line($"Cpu.Tensors.Copy({x}, {y}, {Length(n, layer.Output.Size)});");
                break;
            case OpKind.Flatten:
                break;
            case OpKind.Softmax:
                w.Line($"Cpu.Softmax.Forward({x}, {y}, {n}, {layer.Output.Size});");
                break;
            case OpKind.Add:
                var other = layout.Output(layout.StepOf(layer.Labels("label")[0]));
                w.Line($"Cpu.Tensors.Add({x}, {other}, {y}, {Length(n, layer.Output.Size)});");
                break;
            case OpKind.Concat:
                w.Line($"Cpu.Concat.Forward({x}, {layer.Input.Size}, {y}, {layer.Output.Size}, 0, {n});");
                foreach (var (label, offset, size) in ConcatParts(layout, layer))
                    w.Line($"Cpu.Concat.Forward({layout.Output(layout.StepOf(label))}, {size}, {y}, {layer.Output.Size}, {offset}, {n});");
                break;
            case var op when Planner.IsActivation(op):
                w.Line($"Cpu.Elementwise.Forward({x}, {y}, {Length(n, layer.Output.Size)}, {Activation(layer)});");
                break;
            default:
                // Unreachable: ModelCompiler.CheckKernels rejects ops without CPU kernels before emission.
                throw new InvalidOperationException($"{layer.Op} has no CPU kernel.");
        }
    }

    /// <summary>
    /// Emits the backward of step <paramref name="i"/>. <paramref name="skipWritten"/> holds the labels whose
    /// skip gradient an earlier (later in forward) <c>add</c> or <c>concat</c> has already written, so the next
    /// one adds to it instead of overwriting it.
    /// </summary>
    public static void Backward(IndentedWriter w, BatchLayout layout, int i, string n, HashSet<string> skipWritten)
    {
        var step = layout.Steps[i];
        var layer = step.Layer;
        string x = layout.Input(i), y = layout.Output(i), dy = layout.Gradient(i)!;
        var dx = layout.Gradient(i - 1);
        var size = layer.Output.Size;
        switch (layer.Op)
        {
            case OpKind.Dense:
                w.Line($"// {Title(step)}{(dx is null ? ", no input gradient for the first layer" : "")}");
                w.Line($"Cpu.Dense.Backward({x}, {Parameter(layer, "weight")}.Data, {y}, {dy}, b.{Parameter(layer, "weight")}Grad, {Bias(layer, "Grad", "b.")}, {dx ?? "default"}, {n}, {layer.Input.Size}, {size}, {Activation(step.Activation)});");
                break;
            case OpKind.Conv2D:
                w.Line($"// {Title(step)}{(dx is null ? ", no input gradient for the first layer" : "")}");
                w.Line($"Cpu.Conv2D.Backward({x}, {Parameter(layer, "weight")}.Data, {y}, {dy}, b.{Parameter(layer, "weight")}Grad, {Bias(layer, "Grad", "b.")}, {dx ?? "default"}, {n}, {ShapeField(layer)}, {Activation(step.Activation)});");
                break;
            case OpKind.MaxPool when dx is not null:
                w.Line($"// {Title(step)}: each window's gradient goes to its maximum");
                w.Line($"Cpu.MaxPool.Backward({x}, {y}, {dy}, {dx}, {n}, {ShapeField(layer)});");
                break;
            case OpKind.AvgPool when dx is not null:
                w.Line($"// {Title(step)}");
                w.Line($"Cpu.AvgPool.Backward({dy}, {dx}, {n}, {ShapeField(layer)});");
                break;
            case OpKind.Flatten when !layout.Aliases(i) && dx is not null:
                w.Line($"// {Title(step)}");
                w.Line($"Cpu.Tensors.Copy({dy}, {dx}, {Length(n, size)});");
                break;
            case OpKind.Softmax when dx is not null:
                w.Line($"// {Title(step)}");
                w.Line($"Cpu.Softmax.Backward({y}, {dy}, {dx}, {n}, {size});");
                break;
            case OpKind.Add:
                var label = layer.Labels("label")[0];
                w.Line($"// {Title(step)}: the gradient flows unchanged into both terms");
                if (dx is not null)
                    w.Line($"Cpu.Tensors.Copy({dy}, {dx}, {Length(n, size)});");
                w.Line(skipWritten.Add(label)
                    ? "Cpu.Tensors.Copy(" + dy + ", " + layout.SkipGradient(label) + ", " + Length(n, size) + ");"
                    : "Cpu.Tensors.AddTo(" + layout.SkipGradient(label) + ", " + dy + ", " + Length(n, size) + ");");
                break;
            case OpKind.Concat:
                w.Line($"// {Title(step)}: each part takes back its slice of the gradient");
                if (dx is not null)
                    w.Line($"Cpu.Concat.Backward({dy}, {size}, 0, {dx}, {layer.Input.Size}, {n}, accumulate: false);");
                foreach (var (part, offset, partSize) in ConcatParts(layout, layer))
                {
                    var accumulate = skipWritten.Add(part) ? "false" : "true";
                    w.Line($"Cpu.Concat.Backward({dy}, {size}, {offset}, {layout.SkipGradient(part)}, {partSize}, {n}, accumulate: {accumulate});");
                }
                break;
            case var op when Planner.IsActivation(op) && dx is not null:
                w.Line($"// {Title(step)}");
                w.Line($"Cpu.Elementwise.Backward({y}, {dy}, {dx}, {Length(n, size)}, {Activation(layer)});");
                break;
        }

        // Once the step after a labelled one has written its input gradient, the skip connections' share is added.
        if (dx is not null && layout.Steps[i - 1].Label is { } labelled && layout.ReferencedLabels().Contains(labelled))
        {
            w.Line($"// {labelled}: add the gradient it received through skip connections");
            w.Line($"Cpu.Tensors.AddTo({dx}, {layout.SkipGradient(labelled)}, {Length(n, layout.Steps[i - 1].Output.Size)});");
        }
    }

    /// <summary>The static shape fields that convolution and pooling kernels take.</summary>
    public static void EmitShapes(IndentedWriter w, Network network)
    {
        foreach (var layer in network.Layers)
        {
            switch (layer.Op)
            {
                case OpKind.Conv2D:
                    var (kh, kw) = layer.Pair("kernel");
                    w.Line($"private static readonly Cpu.ConvShape {ShapeField(layer)} = new(Channels: {layer.Input.Channels}, Height: {layer.Input.Height}, Width: {layer.Input.Width}, Filters: {layer.Integer("filters")}, KernelHeight: {kh}, KernelWidth: {kw}, Stride: {layer.Integer("stride")}, Padding: {layer.Integer("padding")});");
                    w.Line();
                    break;
                case OpKind.MaxPool or OpKind.AvgPool:
                    w.Line($"private static readonly Cpu.PoolShape {ShapeField(layer)} = new(Channels: {layer.Input.Channels}, Height: {layer.Input.Height}, Width: {layer.Input.Width}, Size: {layer.Integer("size")}, Stride: {layer.Integer("stride")});");
                    w.Line();
                    break;
            }
        }
    }

    private static IEnumerable<(string Label, int Offset, int Size)> ConcatParts(BatchLayout layout, Layer layer)
    {
        var offset = layer.Input.Size;
        foreach (var label in layer.Labels("labels"))
        {
            var size = layout.Steps[layout.StepOf(label)].Output.Size;
            yield return (label, offset, size);
            offset += size;
        }
    }

    private static string ShapeField(Layer layer) => Pascal(layer.Name) + "Shape";

    private static string Length(string n, int size) => n == "1" ? Integer(size) : n + " * " + Integer(size);

    private static string Parameter(Layer layer, string role) => Pascal(layer.Name) + Pascal(role);

    private static string Bias(Layer layer, string suffix, string prefix = "") =>
        layer.Parameters.Any(p => p.Role == "bias") ? prefix + Parameter(layer, "bias") + suffix : "default";

    private static string Title(Step step) =>
        step.Activation is null ? step.Layer.Name : $"{step.Layer.Name} + {step.Activation.Name}";

    private static string Activation(Layer? layer) => layer?.Op switch
    {
        null => "new Cpu.Identity()",
        OpKind.Relu => "new Cpu.Relu()",
        OpKind.LeakyRelu => $"new Cpu.LeakyRelu({Float(layer.Real("alpha"))})",
        OpKind.Elu => $"new Cpu.Elu({Float(layer.Real("alpha"))})",
        OpKind.Sigmoid => "new Cpu.Sigmoid()",
        OpKind.Tanh => "new Cpu.Tanh()",
        _ => throw new InvalidOperationException($"{layer.Op} is not an activation."),
    };
}
