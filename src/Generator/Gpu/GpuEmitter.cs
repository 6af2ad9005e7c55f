using NetForge.Dsl.Model;
using NetForge.Dsl.Planning;
using NetForge.Generator.Cpu;
using static NetForge.Generator.CodeText;

namespace NetForge.Generator.Gpu;

/// <summary>
/// Emits the GPU part of a network's class, for a project that references the GPU runtime: <c>ToDevice</c>, and a
/// nested <c>OnDevice</c> class whose kernels are static methods with the layers' sizes as constants, compiled once
/// when the network is placed, and launched step by step in the plan's order, the backward mirroring the forward.
/// </summary>
internal static class GpuEmitter
{
    /// <summary>The usings of the GPU part's file, after its namespace.</summary>
    public static IReadOnlyList<string> Usings { get; } =
    [
        "using Cpu = global::NetForge.Cpu;",
        "using Gpu = global::NetForge.Gpu.Kernels;",
        "using Index1D = global::ILGPU.Index1D;",
        "using Floats = global::ILGPU.ArrayView<float>;",
        "using Ints = global::ILGPU.ArrayView<int>;",
        "using Doubles = global::ILGPU.ArrayView<double>;",
    ];

    /// <summary>The GPU part of the class of a network, without the file's header and namespace.</summary>
    public static string Emit(Plan plan)
    {
        var network = plan.Network;
        var w = new IndentedWriter();
        w.Open($"partial class {network.Name}");
        if (GpuOps.Unsupported(network) is { } reason)
        {
            w.Line($"/// <summary>Not available: {Escape(reason)}.</summary>");
            w.Line("/// <exception cref=\"global::System.NotSupportedException\">Always, until the GPU back end has the network's ops.</exception>");
            w.Line($"public global::NetForge.IDeviceNetwork ToDevice(global::NetForge.Gpu.GpuDevice device) =>");
            w.Line($"    throw new global::System.NotSupportedException(\"{network.Name} cannot run on a GPU: {reason}.\");");
            w.Close();
            return w.ToString();
        }

        var training = Forward(plan.Training);
        var backward = Backward(plan.Training);
        var evaluation = Forward(plan.Evaluation);
        var prediction = Forward(plan.Prediction);
        var loss = GpuLoss.All[network.Loss.Name](network.Loss, plan.Training.Steps[plan.Training.Steps.Count - 1].Step.Output.Size);
        backward.AddRange(Penalty(network));
        var kernels = Distinct(training.Concat(backward).Concat(evaluation).Concat(prediction).Select(l => l.Kernel).Append(loss)
            .SelectMany(k => k is null ? [] : k.Tiled.Prepend(k)));

        w.Line($"/// <summary>Places a copy of the network's parameters on <paramref name=\"device\"/> and compiles its kernels for it; training");
        w.Line("/// there copies the parameters back into this network after every epoch.</summary>");
        w.Line("public OnDevice ToDevice(global::NetForge.Gpu.GpuDevice device) => new(this, device);");
        w.Line();
        w.Line($"/// <summary>{network.Name} on a GPU: its buffers on the device and its kernels compiled for it.</summary>");
        w.Open("public sealed class OnDevice : global::NetForge.Gpu.DeviceNetwork");
        EmitFields(w, plan, kernels);
        EmitConstructor(w, plan, kernels);
        // The batch's gathering, the step's totals and the optimizer's update are the base class's launches.
        w.Line("/// <inheritdoc />");
        var launches = training.Concat(backward).Where(l => l.Kernel is not null).Select(l => l.Kernel!).ToList();
        var (plain, tiles) = (launches.Count + 1 + 3, launches.Sum(k => k.Tiled.Count == 0 ? 1 : k.Tiled.Count) + 1 + 3);
        w.Line(plain == tiles
            ? $"public override int LaunchesPerStep => {Integer(plain)};"
            : $"public override int LaunchesPerStep => UsesTiles ? {Integer(tiles)} : {Integer(plain)};");
        w.Line();
        EmitPenaltySizes(w, network);
        EmitAllocation(w, plan);
        var checks = plan.Training.Steps.SelectMany(s => s.Parts).Select(step => GpuOps.All[step.Step.Layer.Op].TrainingBatchCheck(step.Step.Layer)).OfType<string>().ToList();
        EmitLaunches(w, "LaunchTrainingStep", "The training step: the forward, the loss and its gradient, the backward in reverse.", training, loss, backward, checks);
        EmitLaunches(w, "LaunchEvaluation", "The evaluation: the forward in inference mode, then the loss.", evaluation, loss, [], []);
        EmitLaunches(w, "LaunchPrediction", "The prediction: every step in inference mode, the final softmax included.", prediction, null, [], [], last: true);
        w.Close();
        w.Line();
        EmitKernels(w, kernels);
        w.Close();
        return w.ToString();
    }

    private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    /// <summary>A kernel's launch in a pass, with the comment of the step it belongs to.</summary>
    private sealed record Launch(string? Comment, GpuKernel? Kernel);

    private static List<Launch> Forward(Pass pass)
    {
        var launches = new List<Launch>();
        // A convolution's fused pooling runs as its own launches here: the GPU kernels are one per op.
        foreach (var step in pass.Steps.SelectMany(s => s.Parts))
        {
            var layer = step.Step.Layer;
            var comment = $"// {step.Step.Title}: {layer.Input} → {step.Step.Output}{(step.Aliases ? ", the same values" : "")}";
            AddStep(launches, comment, GpuOps.All[layer.Op].Forward(new GpuStep(step, pass.Mode)));
        }
        return launches;
    }

    private static List<Launch> Backward(Pass pass)
    {
        var launches = new List<Launch>();
        var parts = pass.Steps.SelectMany(s => s.Parts).ToList();
        for (var i = parts.Count - 1; i >= 0; i--)
        {
            var step = parts[i];
            var layer = step.Step.Layer;
            var comment = step.WritesInputGradient
                ? $"// {step.Step.Title}: gradient {step.Step.Output} → {layer.Input}"
                : $"// {step.Step.Title}: gradient {step.Step.Output} → its parameters, no input gradient for the first layer";
            var kernels = GpuOps.All[layer.Op].Backward(new GpuStep(step, pass.Mode)).ToList();
            // Once the step after a labelled one has written its input gradient, the skip connections' share is added.
            if (step.CollectsSkipGradient is { } label && step.WritesInputGradient)
            {
                kernels.Add(new GpuKernel(Pascal(layer.Name) + "CollectSkip", [GpuArgument.Floats("target", GpuNames.GradientOf(step.Input)),
                    GpuArgument.Floats("source", GpuNames.SkipGradient(label))], "Gpu.Skips.AddTo(thread, target, source)", GpuStep.PerValue(step.Input.Size)));
            }
            AddStep(launches, comment, kernels);
        }
        return launches;
    }

    private static IEnumerable<(Layer Layer, Parameter Weight, int Offset)> Regularised(Network network)
    {
        var offset = 0;
        foreach (var (layer, parameter, _) in CpuEmitter.Parameters(network))
        {
            if (network.Loss.L2 == 0 || !parameter.Regularised)
                continue;
            yield return (layer, parameter, offset);
            offset += Chunks(parameter);
        }
    }

    // The runtime's kernel sums Σw² in chunks of 1,024 weights, one thread a chunk.
    private static int Chunks(Parameter weight) => (int)((weight.Shape.Size + 1023) / 1024);

    /// <summary>The L2 penalty's launches: for each regularised weight, 2λ·w into its gradient and its Σw² in chunks.</summary>
    private static IEnumerable<Launch> Penalty(Network network)
    {
        var lambda = Float(network.Loss.L2);
        var first = true;
        foreach (var (layer, weight, offset) in Regularised(network))
        {
            var (values, gradient) = (GpuNames.Parameter(layer.Name, weight.Role), GpuNames.ParameterGradient(layer.Name, weight.Role));
            var name = Pascal(layer.Name) + Pascal(weight.Role);
            yield return new Launch(first ? "// L2 regularisation: 2λ·w into the weights' gradients, and their Σw² for the loss's λ·Σw²." : null,
                new GpuKernel(name + "Penalty", [GpuArgument.Floats("w", values), GpuArgument.Floats("g", gradient)],
                    $"Gpu.Regularisation.AddGradient(thread, w, g, {lambda})", Integer(weight.Shape.Size)));
            yield return new Launch(null, new GpuKernel(name + "Squares", [GpuArgument.Floats("w", values), new("Doubles", "partials", $"PenaltyPartials.SubView({Integer(offset)}, {Integer(Chunks(weight))})")],
                $"Gpu.Regularisation.Sum(thread, w, partials, {Integer(weight.Shape.Size)})", Integer(Chunks(weight))));
            first = false;
        }
    }

    private static void EmitPenaltySizes(IndentedWriter w, Network network)
    {
        var chunks = Regularised(network).Sum(r => Chunks(r.Weight));
        if (chunks == 0)
            return;
        w.Line("/// <inheritdoc />");
        w.Line($"protected override int PenaltyChunks => {Integer(chunks)};");
        w.Line();
        w.Line("/// <inheritdoc />");
        w.Line($"protected override float PenaltyLambda => {Float(network.Loss.L2)};");
        w.Line();
    }

    // A step without kernels (one that only renames its values) keeps its comment, so that the reader still sees it.
    private static void AddStep(List<Launch> launches, string comment, IEnumerable<GpuKernel> kernels)
    {
        var first = true;
        foreach (var kernel in kernels)
        {
            launches.Add(new Launch(first ? comment : null, kernel));
            first = false;
        }
        if (first)
            launches.Add(new Launch(comment, null));
    }

    private static List<GpuKernel> Distinct(IEnumerable<GpuKernel> kernels)
    {
        var byName = new Dictionary<string, GpuKernel>();
        foreach (var kernel in kernels)
        {
            if (byName.TryGetValue(kernel.Name, out var known) && (known.Body != kernel.Body || !Types(known).SequenceEqual(Types(kernel))))
                throw new InvalidOperationException($"Two kernels are named {kernel.Name}.");
            byName[kernel.Name] = kernel;
        }
        return byName.Values.ToList();
    }

    private static IEnumerable<string> Types(GpuKernel kernel) => kernel.Arguments.Select(a => a.Type);

    private static string DelegateType(GpuKernel kernel) =>
        $"global::System.Action<{(kernel.Grouped ? "global::ILGPU.KernelConfig" : "Index1D")}, {string.Join(", ", Types(kernel))}>";

    private static string Field(GpuKernel kernel) => GpuNames.Field(kernel.Name);

    private static void EmitFields(IndentedWriter w, Plan plan, IReadOnlyList<GpuKernel> kernels)
    {
        var parameters = CpuEmitter.Parameters(plan.Network).ToList();
        w.Line("// Parameters and their gradients: views of the device's one buffer of each, in the order of Parameters.");
        foreach (var (layer, parameter, _) in parameters)
            w.Line($"private readonly Floats {GpuNames.Parameter(layer.Name, parameter.Role)}, {GpuNames.ParameterGradient(layer.Name, parameter.Role)};");
        var state = CpuEmitter.State(plan).ToList();
        if (state.Count > 0)
        {
            w.Line();
            w.Line("// State: views of the device's one buffer of it, in the order of State.");
            w.Line($"private readonly Floats {string.Join(", ", state.Select(t => GpuNames.State(t.Layer.Name, t.Tensor.Role)))};");
        }
        var kept = Kept(plan).ToList();
        if (kept.Count > 0)
        {
            w.Line();
            w.Line("// What the training forward keeps for the backward, and the gradients labelled outputs receive through skip connections.");
            foreach (var group in kept.GroupBy(k => k.Type))
                w.Line($"private {group.Key} {string.Join(", ", group.Select(k => k.Name))};");
        }
        var buffers = StepBuffers(plan).ToList();
        if (buffers.Count > 0)
        {
            w.Line();
            w.Line("// Each step's output, [capacity, size], and the gradient of the loss with respect to it.");
            foreach (var buffer in buffers)
                w.Line($"private Floats {GpuNames.Of(buffer)}, {GpuNames.GradientOf(buffer)};");
        }
        w.Line();
        w.Line("// The kernels, compiled once, when the network is placed.");
        foreach (var kernel in kernels)
            w.Line($"private readonly {DelegateType(kernel)} {Field(kernel)};");
        w.Line();
    }

    /// <summary>The saved buffers, the ops' scratch and the skip gradients: each one's field, type and length expression.</summary>
    private static IEnumerable<(string Name, string Type, string Length)> Kept(Plan plan)
    {
        foreach (var saved in plan.Training.SavedBuffers)
        {
            var size = Integer(saved.Saved.Size);
            yield return (GpuNames.Saved(saved.Layer, saved.Saved.Role), "Floats", saved.Saved.PerSample ? $"capacity * {size}L" : size);
        }
        foreach (var step in plan.Training.Steps.SelectMany(s => s.Parts))
        {
            foreach (var (role, type, length, perSample) in GpuOps.All[step.Step.Layer.Op].Scratch(step.Step.Layer))
                yield return (GpuNames.Saved(step.Step.Layer.Name, role), type, perSample ? $"capacity * {Integer(length)}L" : Integer(length));
        }
        foreach (var (label, size) in plan.Training.SkipGradients)
            yield return (GpuNames.SkipGradient(label), "Floats", $"capacity * {Integer(size)}L");
    }

    // The training pass's buffers and those only a prediction has (a final softmax's input), each once.
    private static IEnumerable<PlanBuffer> StepBuffers(Plan plan) =>
        plan.Training.OwnedBuffers.Concat(plan.Evaluation.OwnedBuffers).Concat(plan.Prediction.OwnedBuffers).Distinct();

    private static void EmitConstructor(IndentedWriter w, Plan plan, IReadOnlyList<GpuKernel> kernels)
    {
        var network = plan.Network;
        w.Open($"internal OnDevice({network.Name} network, global::NetForge.Gpu.GpuDevice device) : base(network, device)");
        var offset = 0L;
        foreach (var (layer, parameter, _) in CpuEmitter.Parameters(network))
        {
            var (start, length) = (Integer(offset), Integer(parameter.Shape.Size));
            w.Line($"{GpuNames.Parameter(layer.Name, parameter.Role)} = Parameter({start}, {length});");
            w.Line($"{GpuNames.ParameterGradient(layer.Name, parameter.Role)} = Gradient({start}, {length});");
            offset += parameter.Shape.Size;
        }
        var stateOffset = 0L;
        foreach (var (layer, tensor, _) in CpuEmitter.State(plan))
        {
            w.Line($"{GpuNames.State(layer.Name, tensor.Role)} = StateTensor({Integer(stateOffset)}, {Integer(tensor.Shape.Size)});");
            stateOffset += tensor.Shape.Size;
        }
        foreach (var kernel in kernels)
        {
            w.Line(kernel.Grouped
                ? $"{Field(kernel)} = global::ILGPU.Runtime.KernelLoaders.LoadStreamKernel<{string.Join(", ", Types(kernel))}>(Accelerator, Kernels.{kernel.Name});"
                : $"{Field(kernel)} = global::ILGPU.Runtime.KernelLoaders.LoadAutoGroupedStreamKernel<Index1D, {string.Join(", ", Types(kernel))}>(Accelerator, Kernels.{kernel.Name});");
        }
        w.Close();
        w.Line();
    }

    private static void EmitAllocation(IndentedWriter w, Plan plan)
    {
        w.Line("/// <inheritdoc />");
        w.Open("protected override void AllocateSteps(int capacity)");
        foreach (var buffer in StepBuffers(plan))
        {
            w.Line($"{GpuNames.Of(buffer)} = Allocate<float>(capacity * {Integer(buffer.Size)}L);");
            w.Line($"{GpuNames.GradientOf(buffer)} = Allocate<float>(capacity * {Integer(buffer.Size)}L);");
        }
        foreach (var (name, type, length) in Kept(plan))
            w.Line($"{name} = Allocate<{(type == "Doubles" ? "double" : "float")}>({length});");
        w.Close();
        w.Line();
    }

    private static void EmitLaunches(
        IndentedWriter w, string method, string summary, IReadOnlyList<Launch> forward, GpuKernel? loss, IReadOnlyList<Launch> backward,
        IReadOnlyList<string> checks, bool last = false)
    {
        w.Line($"/// <summary>{summary}</summary>");
        w.Open($"protected override void {method}(int n)");
        if (backward.Count > 0)
        {
            foreach (var check in checks)
                w.Line(check);
        }
        EmitLaunchLines(w, forward);
        if (loss is not null)
        {
            w.Line(backward.Count > 0 ? "// The loss, each sample's hit, and the gradient of the mean loss." : "// The loss and each sample's hit.");
            w.Line(LaunchLine(loss));
        }
        if (backward.Count > 0)
        {
            w.Line();
            w.Line("// Backward, the forward steps in reverse.");
            EmitLaunchLines(w, backward);
        }
        w.Close();
        if (!last)
            w.Line();
    }

    private static void EmitLaunchLines(IndentedWriter w, IReadOnlyList<Launch> launches)
    {
        foreach (var launch in launches)
        {
            if (launch.Comment is { } comment)
                w.Line(comment);
            if (launch.Kernel is not { } kernel)
                continue;
            if (kernel.Tiled.Count == 0)
            {
                w.Line(LaunchLine(kernel));
                continue;
            }
            w.Line("if (UsesTiles)");
            if (kernel.Tiled.Count == 1)
                w.Line("    " + LaunchLine(kernel.Tiled[0]));
            else
            {
                w.Line("{");
                foreach (var tiled in kernel.Tiled)
                    w.Line("    " + LaunchLine(tiled));
                w.Line("}");
            }
            w.Line("else");
            w.Line("    " + LaunchLine(kernel));
        }
    }

    private static string LaunchLine(GpuKernel kernel) =>
        $"{Field(kernel)}({kernel.Extent}, {string.Join(", ", kernel.Arguments.Select(a => a.Value))});";

    private static void EmitKernels(IndentedWriter w, IReadOnlyList<GpuKernel> kernels)
    {
        w.Line("/// <summary>The kernels: each calls the GPU runtime's kernel with its layer's sizes and activation as constants; those named Tiled");
        w.Line("/// launch in groups of 16 × 16 threads that share their operands' tiles, the others one thread a value.</summary>");
        w.Open("private static class Kernels");
        for (var i = 0; i < kernels.Count; i++)
        {
            var kernel = kernels[i];
            var parameters = string.Join(", ", kernel.Arguments.Select(a => a.Type + " " + a.Name));
            w.Line(kernel.Grouped ? $"public static void {kernel.Name}({parameters}) =>" : $"public static void {kernel.Name}(Index1D thread, {parameters}) =>");
            w.Line($"    {kernel.Body};");
            if (i < kernels.Count - 1)
                w.Line();
        }
        w.Close();
    }
}
