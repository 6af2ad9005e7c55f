using NetForge.Dsl.Model;
using NetForge.Dsl.Planning;
using static NetForge.Generator.CodeText;

namespace NetForge.Generator.Cpu;

/// <summary>
/// Emits the CPU class of a network: constants, named parameter tensors, a seeded constructor, a
/// single-sample <c>Predict</c> on the stack, and the batched forward and backward the trainer drives,
/// one kernel call per fused step, the backward mirroring the forward.
/// </summary>
internal static class CpuEmitter
{
    /// <summary>The class of a network, without the file's header and namespace (see <see cref="GeneratedFile"/>).</summary>
    public static string Emit(Plan plan, string accessibility)
    {
        var network = plan.Network;
        var w = new IndentedWriter();
        w.Line($"/// <summary>{network.Name}: {Summary(plan)}.</summary>");
        w.Line($"/// <remarks>{Count(network.ParameterCount)} parameters; {Count(network.Flops)} floating-point operations per sample forward.</remarks>");
        w.Open($"{accessibility} sealed partial class {network.Name} : global::NetForge.INetwork");
        EmitConstants(w, network);
        EmitParameters(w, plan);
        EmitFields(w, network);
        EmitConstructor(w, plan);
        EmitInterfaceMembers(w, plan);
        GraphEmitter.Emit(w, network);
        EmitPredict(w, plan);
        EmitBuffers(w, plan);
        EmitBatched(w, plan);
        w.Close();
        return w.ToString();
    }

    private static void EmitConstants(IndentedWriter w, Network network)
    {
        w.Line("/// <summary>Values per input sample.</summary>");
        w.Line($"public const int InputSize = {Integer(network.Input.Size)};");
        w.Line();
        w.Line("/// <summary>Values per output sample.</summary>");
        w.Line($"public const int OutputSize = {Integer(network.Output.Size)};");
        w.Line();
        w.Line("/// <summary>Trainable values.</summary>");
        w.Line($"public const int ParameterCount = {Integer(network.ParameterCount)};");
        w.Line();
        w.Line($"/// <summary>The shape of one input sample, {network.Input}.</summary>");
        w.Line($"public static global::System.ReadOnlySpan<int> InputShape => {network.Input};");
        w.Line();
        w.Line($"/// <summary>The shape of one output sample, {network.Output}.</summary>");
        w.Line($"public static global::System.ReadOnlySpan<int> OutputShape => {network.Output};");
        w.Line();
    }

    internal static IEnumerable<(Layer Layer, Parameter Parameter, string Property)> Parameters(Network network) =>
        network.Layers.SelectMany(layer => layer.Parameters.Select(p => (layer, p, CpuNames.Tensor(layer.Name, p.Role))));

    internal static IEnumerable<(Layer Layer, Parameter Tensor, string Property)> State(Plan plan) =>
        plan.State.Select(s => (s.Layer, s.Tensor, CpuNames.Tensor(s.Layer.Name, s.Tensor.Role)));

    private static void EmitParameters(IndentedWriter w, Plan plan)
    {
        var network = plan.Network;
        w.Line("// Parameters in PyTorch's layouts (a dense weight is [out, in]), named by layer.");
        foreach (var (layer, parameter, property) in Parameters(network))
            EmitTensor(w, layer, parameter, property);
        w.Line("private readonly global::NetForge.Tensor[] _parameters;");
        w.Line();
        var state = State(plan).ToList();
        if (state.Count > 0)
        {
            w.Line("// State: what the layers keep between steps without training it, named as PyTorch names it.");
            foreach (var (layer, tensor, property) in state)
                EmitTensor(w, layer, tensor, property);
            w.Line("private readonly global::NetForge.Tensor[] _state;");
            w.Line();
        }
    }

    private static void EmitTensor(IndentedWriter w, Layer layer, Parameter tensor, string property)
    {
        w.Line($"/// <summary>{layer.Name}.{tensor.Role}, {tensor.Shape}.</summary>");
        w.Line($"public global::NetForge.Tensor {property} {{ get; }} = new(\"{layer.Name}.{tensor.Role}\", {string.Join(", ", tensor.Shape.Dimensions)});");
        w.Line();
    }

    private static void EmitFields(IndentedWriter w, Network network)
    {
        foreach (var layer in network.Layers)
            CpuOps.Get(layer.Op).Fields(w, layer);
    }

    private static void EmitConstructor(IndentedWriter w, Plan plan)
    {
        var network = plan.Network;
        var parameters = Parameters(network).ToList();
        w.Line("/// <summary>Creates the network with its parameters drawn deterministically from <paramref name=\"seed\"/>:");
        if (parameters.Any(p => p.Parameter.Initializer is not (Initializer.UniformFanIn or Initializer.Ones or Initializer.Zeros)))
            w.Line("/// weights as each layer's init says, the biases of those layers 0, and the rest as PyTorch initialises them.</summary>");
        else
            w.Line(parameters.Any(p => p.Parameter.Initializer == Initializer.Ones)
                ? "/// weights and biases uniform in ±1/√fan_in, batch-norm scales 1 and shifts 0, as PyTorch initialises them.</summary>"
                : "/// weights and biases uniform in ±1/√fan_in, as PyTorch initialises them.</summary>");
        w.Open($"public {network.Name}(int seed = 0)");
        var state = State(plan).ToList();
        w.Line($"_parameters = [{string.Join(", ", parameters.Select(p => p.Property))}];");
        if (state.Count > 0)
            w.Line($"_state = [{string.Join(", ", state.Select(s => s.Property))}];");
        w.Line("Seed = seed;");
        if (parameters.Any(p => p.Parameter.Scale > 0))
            w.Line("var random = new global::NetForge.InitRandom(seed);");
        foreach (var (_, parameter, property) in parameters.Concat(state))
            EmitInitializer(w, parameter, property);
        var zeros = parameters.Where(p => p.Parameter.Initializer == Initializer.Zeros).Select(p => p.Property).ToList();
        if (zeros.Count > 0)
            w.Line($"// {string.Join(", ", zeros)} start at zero, as a new tensor does.");
        w.Close();
        w.Line();
    }

    // Each draw says its scale's formula, so that a reader can check it against torch.nn.init.
    private static void EmitInitializer(IndentedWriter w, Parameter parameter, string property)
    {
        var (fanIn, fanOut) = (parameter.FanIn, parameter.FanOut);
        var scale = Float(parameter.Scale);
        switch (parameter.Initializer)
        {
            case Initializer.UniformFanIn:
                w.Line($"random.Uniform({property}.Data, {scale}); // 1/√{fanIn}");
                break;
            case Initializer.XavierUniform:
                w.Line($"random.Uniform({property}.Data, {scale}); // xavier_uniform: √(6/({fanIn}+{fanOut}))");
                break;
            case Initializer.XavierNormal:
                w.Line($"random.Normal({property}.Data, {scale}); // xavier_normal: √(2/({fanIn}+{fanOut}))");
                break;
            case Initializer.HeUniform:
                w.Line($"random.Uniform({property}.Data, {scale}); // he_uniform: √(6/{fanIn})");
                break;
            case Initializer.HeNormal:
                w.Line($"random.Normal({property}.Data, {scale}); // he_normal: √(2/{fanIn})");
                break;
            case Initializer.Normal:
                w.Line($"random.Normal({property}.Data, {scale});");
                break;
            case Initializer.Ones:
                w.Line($"{property}.AsSpan().Fill(1f);");
                break;
        }
    }

    private static void EmitInterfaceMembers(IndentedWriter w, Plan plan)
    {
        var network = plan.Network;
        w.Line("/// <inheritdoc />");
        w.Line("public global::System.Collections.Generic.IReadOnlyList<global::NetForge.Tensor> Parameters => _parameters;");
        w.Line();
        w.Line("/// <inheritdoc />");
        w.Line(plan.State.Any()
            ? "public global::System.Collections.Generic.IReadOnlyList<global::NetForge.Tensor> State => _state;"
            : "public global::System.Collections.Generic.IReadOnlyList<global::NetForge.Tensor> State => [];");
        w.Line();
        w.Line("/// <inheritdoc />");
        w.Line("public int Seed { get; set; }");
        w.Line();
        w.Line("/// <inheritdoc />");
        w.Line("public long TrainingSteps { get; set; }");
        w.Line();
        w.Line("int global::NetForge.IPredictor.InputLength => InputSize;");
        w.Line();
        w.Line("int global::NetForge.IPredictor.OutputLength => OutputSize;");
        w.Line();
        w.Line("global::System.ReadOnlySpan<int> global::NetForge.INetwork.InputShape => InputShape;");
        w.Line();
        w.Line("global::System.ReadOnlySpan<int> global::NetForge.INetwork.OutputShape => OutputShape;");
        w.Line();
        w.Line($"global::NetForge.TargetKind global::NetForge.IPredictor.TargetKind => {TargetKind(network)};");
        w.Line();
    }

    internal static string TargetKind(Network network) =>
        network.Loss.Definition.TakesClassLabels ? "global::NetForge.TargetKind.ClassLabels" : "global::NetForge.TargetKind.Values";

    // Classify keeps the output on the stack up to 4 KB.
    private const int ClassifyStackLimit = 1024;

    // Floats per 64-byte cache line: each intermediate output of a prediction starts on a line.
    private const int LineFloats = 16;

    private static void EmitPredict(IndentedWriter w, Plan plan)
    {
        var pass = plan.Prediction;
        var owned = pass.OwnedBuffers.ToList();
        var offsets = new List<long>();
        long total = 0;
        foreach (var buffer in owned)
        {
            offsets.Add(total);
            total += (buffer.Size + LineFloats - 1) / LineFloats * LineFloats;
        }
        if (owned.Count > 0)
        {
            w.Line("[global::System.ThreadStatic]");
            w.Line("private static float[]? t_predictScratch;");
            w.Line();
        }
        w.Line("/// <summary>Computes the output for one sample, without allocating after a thread's first call.</summary>");
        w.Open("public void Predict(global::System.ReadOnlySpan<float> input, global::System.Span<float> output)");
        w.Line("if (input.Length != InputSize)");
        w.Line($"    throw new global::System.ArgumentException($\"{plan.Network.Name} takes {{InputSize}} input values, not {{input.Length}}.\", nameof(input));");
        w.Line("if (output.Length != OutputSize)");
        w.Line($"    throw new global::System.ArgumentException($\"{plan.Network.Name} yields {{OutputSize}} output values, not {{output.Length}}.\", nameof(output));");
        var names = CpuNames.Single;
        if (owned.Count > 0)
        {
            // The stack would be zeroed on every call, and by the calling thread alone: the worker threads of a split
            // prediction then fetched their outputs' lines from its core before writing them.
            w.Line("// One array per thread, allocated on the thread's first prediction and reused, each output on a cache line of its own.");
            w.Line($"var scratch = new global::System.Span<float>(t_predictScratch ??= Cpu.Tensors.Allocate({Integer(total)}));");
            for (var i = 0; i < owned.Count; i++)
                w.Line($"var {names.Of(owned[i])} = scratch.Slice({Integer(offsets[i])}, {Integer(owned[i].Size)});");
        }
        EmitForwardSteps(w, pass, names, "1");
        w.Close();
        w.Line();
        var outputOnStack = plan.Network.Output.Size <= ClassifyStackLimit;
        if (!outputOnStack)
        {
            w.Line("[global::System.ThreadStatic]");
            w.Line("private static float[]? t_classifyOutput;");
            w.Line();
        }
        w.Line("/// <summary>Returns the index of the largest output for one sample, without allocating.</summary>");
        w.Open("public int Classify(global::System.ReadOnlySpan<float> input)");
        w.Line(outputOnStack
            ? "global::System.Span<float> output = stackalloc float[OutputSize];"
            : "var output = t_classifyOutput ??= new float[OutputSize];");
        w.Line("Predict(input, output);");
        w.Line("return Cpu.Reduce.ArgMax(output);");
        w.Close();
        w.Line();
    }

    private static void EmitBuffers(IndentedWriter w, Plan plan)
    {
        EmitBuffersClass(w, plan, "float", "global::NetForge.NetworkBuffers", plan.Network.Name);
        w.Line();
        w.Line("/// <summary>Allocates the buffers for batches of up to <paramref name=\"capacity\"/> samples.</summary>");
        w.Line("public Buffers CreateBuffers(int capacity) => new(this, capacity);");
        w.Line();
        w.Line("global::NetForge.NetworkBuffers global::NetForge.INetwork.CreateBuffers(int capacity) => CreateBuffers(capacity);");
        w.Line();
    }

    /// <summary>The nested <c>Buffers</c> class of values of type <paramref name="element"/>, deriving from
    /// <paramref name="baseClass"/>, made by the class <paramref name="owner"/>.</summary>
    internal static void EmitBuffersClass(IndentedWriter w, Plan plan, string element, string baseClass, string owner)
    {
        var network = plan.Network;
        var names = CpuNames.Batched;
        var parameters = Parameters(network).ToList();
        // Inference aliases at least where training does, so the training pass's buffers serve both.
        var trained = plan.Training.OwnedBuffers.ToList();
        var skips = plan.Training.SkipGradients.ToList();
        var saved = plan.Training.SavedBuffers.ToList();
        w.Line($"/// <summary>The buffers of batched passes of {network.Name}, allocated once for a capacity.</summary>");
        w.Open($"public sealed class Buffers : {baseClass}");
        w.Line("// Each step's output, [capacity, size], and the gradient of the loss with respect to it.");
        foreach (var buffer in trained)
            w.Line($"internal readonly {element}[] {Field(names.Of(buffer))}, {Field(names.GradientOf(buffer))};");
        w.Line($"internal readonly {element}[] OutputsGrad;");
        if (skips.Count > 0)
        {
            w.Line();
            w.Line("// The gradient each labelled output receives through add and concat, summed apart until its own step's turn.");
            w.Line($"internal readonly {element}[] {string.Join(", ", skips.Select(l => Field(CpuNames.SkipGradient(l.Label))))};");
        }
        if (saved.Count > 0)
        {
            w.Line();
            w.Line("// What the training forward keeps for the backward: dropout masks, batch statistics.");
            w.Line($"internal readonly {element}[] {string.Join(", ", saved.Select(s => Field(CpuNames.Saved(s.Layer, s.Saved.Role))))};");
        }
        if (parameters.Count > 0)
        {
            w.Line();
            w.Line("// The parameter gradients, the same arrays as Gradients.");
            w.Line($"internal readonly {element}[] {string.Join(", ", parameters.Select(p => p.Property + "Grad"))};");
        }
        w.Line();
        w.Line($"internal Buffers({owner} network, int capacity)");
        w.Line($"    : base(capacity, {network.Name}.InputSize, {network.Name}.OutputSize, {TargetKind(network)}, network._parameters)");
        w.Line("{");
        w.Line($"    global::System.ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, int.MaxValue / {Integer(MaxSize(network))});");
        foreach (var buffer in trained)
        {
            w.Line($"    {Field(names.Of(buffer))} = {NewArray(element, $"capacity * {Integer(buffer.Size)}")};");
            w.Line($"    {Field(names.GradientOf(buffer))} = {NewArray(element, $"capacity * {Integer(buffer.Size)}")};");
        }
        w.Line($"    OutputsGrad = {NewArray(element, $"capacity * {network.Name}.OutputSize")};");
        foreach (var (label, size) in skips)
            w.Line($"    {Field(CpuNames.SkipGradient(label))} = {NewArray(element, $"capacity * {Integer(size)}")};");
        foreach (var buffer in saved)
        {
            var size = Integer(buffer.Saved.Size);
            w.Line($"    {Field(CpuNames.Saved(buffer.Layer, buffer.Saved.Role))} = {NewArray(element, buffer.Saved.PerSample ? "capacity * " + size : size)};");
        }
        for (var i = 0; i < parameters.Count; i++)
            w.Line($"    {parameters[i].Property}Grad = Gradients[{i}].Data;");
        w.Line("}");
        w.Close();
    }

    private static string Field(string bufferExpression) => bufferExpression.Substring("b.".Length);

    // Float buffers start on a cache line, which the runtime arranges; the float64 twin is for checking, not speed.
    private static string NewArray(string element, string length) =>
        element == "float" ? $"Cpu.Tensors.Allocate({length})" : $"new {element}[{length}]";

    private static int MaxSize(Network network) => Math.Max(network.Input.Size, network.Layers.Max(l => l.Output.Size));

    internal static void EmitForwardSteps(IndentedWriter w, Pass pass, CpuNames names, string n)
    {
        foreach (var step in pass.Steps)
        {
            var layer = step.Step.Layer;
            var comment = $"// {step.Step.Title}: {layer.Input} → {step.Step.Output}{(step.Aliases ? ", the same values" : "")}";
            var s = new CpuStep(w, names, step, pass.Mode, n, comment);
            CpuOps.Get(layer.Op).Forward(s);
            s.CommentOnly();
        }
    }

    private static void EmitBackwardSteps(IndentedWriter w, Pass pass)
    {
        var names = CpuNames.Batched;
        for (var i = pass.Steps.Count - 1; i >= 0; i--)
        {
            var step = pass.Steps[i];
            var layer = step.Step.Layer;
            var entry = CpuOps.Get(layer.Op);
            var note = entry.BackwardNote + (step.Step.Pool is { } pool ? CpuOps.Get(pool.Op).BackwardNote : "");
            var comment = step.WritesInputGradient
                ? $"// {step.Step.Title}: gradient {step.Step.Output} → {layer.Input}{note}"
                : $"// {step.Step.Title}: gradient {step.Step.Output} → its parameters, no input gradient for the first layer";
            var s = new CpuStep(w, names, step, pass.Mode, "n", comment);
            entry.Backward(s);

            // Once the step after a labelled one has written its input gradient, the skip connections' share is added.
            if (step.CollectsSkipGradient is { } label && s.Dx is { } dx)
            {
                s.Line($"// {label}: add the gradient it received through skip connections");
                s.Line($"Cpu.Tensors.AddTo({dx}, {CpuNames.SkipGradient(label)}, {s.Length(step.Input.Size)});");
            }
        }
    }

    private static string ForwardBody(Pass pass)
    {
        var w = new IndentedWriter();
        EmitForwardSteps(w, pass, CpuNames.Batched, "n");
        return w.ToString();
    }

    private static void EmitBatched(IndentedWriter w, Plan plan)
    {
        var network = plan.Network;
        var loss = network.Loss;
        var cpuLoss = CpuLoss.All[loss.Name];
        var targets = CpuLoss.Targets(loss);
        var lastSize = LastSize(plan);
        var stopsAtLogits = plan.Steps.Any(step => step.InferenceOnly);

        // Most networks run the same forward in both modes; only those with dropout or batch norm need two.
        var shared = ForwardBody(plan.Training) == ForwardBody(plan.Evaluation);
        var inferenceForward = shared ? "Forward" : "ForwardInference";
        if (shared)
        {
            w.Line(stopsAtLogits
                ? "/// <summary>The batched forward pass. It stops at the logits: the loss applies the final softmax itself.</summary>"
                : "/// <summary>The batched forward pass.</summary>");
        }
        else
        {
            w.Line(stopsAtLogits
                ? "/// <summary>The batched forward pass of training. It stops at the logits: the loss applies the final softmax itself.</summary>"
                : "/// <summary>The batched forward pass of training.</summary>");
        }
        w.Open("private void Forward(Buffers b)");
        w.Line("var n = b.Count;");
        EmitForwardSteps(w, plan.Training, CpuNames.Batched, "n");
        w.Close();
        w.Line();
        if (!shared)
        {
            w.Line("/// <summary>The batched forward pass of inference: no dropout, batch norm with the running statistics.</summary>");
            w.Open("private void ForwardInference(Buffers b)");
            w.Line("var n = b.Count;");
            EmitForwardSteps(w, plan.Evaluation, CpuNames.Batched, "n");
            w.Close();
            w.Line();
        }

        w.Line("/// <inheritdoc />");
        w.Open("public double Evaluate(global::NetForge.NetworkBuffers buffers)");
        w.Line("var b = Own(buffers);");
        w.Line($"{inferenceForward}(b);");
        w.Line($"return Cpu.{cpuLoss.Kernel}.Forward(b.Outputs, {targets}, b.Count, {lastSize}{cpuLoss.Arguments(loss)});");
        w.Close();
        w.Line();

        w.Line("/// <inheritdoc />");
        w.Open("public double TrainStep(global::NetForge.NetworkBuffers buffers)");
        EmitTrainStepBody(w, plan);
        w.Close();
        w.Line();

        w.Line("private static Buffers Own(global::NetForge.NetworkBuffers buffers) =>");
        w.Line($"    buffers as Buffers ?? throw new global::System.ArgumentException(\"The buffers were not created by {network.Name}.CreateBuffers.\", nameof(buffers));");
    }

    /// <summary>The body of <c>TrainStep</c>: forward, loss and backward on the buffers <c>Own</c> returns.</summary>
    internal static void EmitTrainStepBody(IndentedWriter w, Plan plan)
    {
        var loss = plan.Network.Loss;
        var cpuLoss = CpuLoss.All[loss.Name];
        w.Line("var b = Own(buffers);");
        w.Line("var n = b.Count;");
        EmitTrainingBatchChecks(w, plan);
        w.Line("Forward(b);");
        w.Line($"var loss = Cpu.{cpuLoss.Kernel}.ForwardBackward(b.Outputs, {CpuLoss.Targets(loss)}, b.OutputsGrad, n, {LastSize(plan)}{cpuLoss.Arguments(loss)});");
        w.Line();
        w.Line("// Backward, the forward steps in reverse.");
        EmitBackwardSteps(w, plan.Training);
        w.Line("b.DataLoss = loss;");
        EmitL2(w, plan.Network, gradient: true);
        w.Line("TrainingSteps++;");
        w.Line("return loss;");
    }

    internal static void EmitTrainingBatchChecks(IndentedWriter w, Plan plan)
    {
        foreach (var step in plan.Training.Steps.SelectMany(s => s.Parts))
            CpuOps.Get(step.Step.Layer.Op).CheckTrainingBatch(w, step.Step.Layer, "n");
    }

    internal static string LastSize(Plan plan) => Integer(plan.Training.Steps[plan.Training.Steps.Count - 1].Step.Output.Size);

    /// <summary>Adds the L2 penalty to <c>loss</c>, and with <paramref name="gradient"/> its gradient to the weights' gradients.</summary>
    internal static void EmitL2(IndentedWriter w, Network network, bool gradient)
    {
        var lambda = network.Loss.L2;
        var weights = Parameters(network).Where(p => p.Parameter.Regularised).Select(p => p.Property).ToList();
        if (lambda == 0 || weights.Count == 0)
            return;
        w.Line(gradient
            ? "// L2 regularisation: λ·Σw² over the weights of dense layers and convolutions, and its gradient 2λ·w."
            : "// L2 regularisation: λ·Σw² over the weights of dense layers and convolutions.");
        w.Line($"loss += {Float(lambda)} * (");
        for (var i = 0; i < weights.Count; i++)
        {
            var target = gradient ? CpuNames.GradientUnlessFrozen(weights[i]) : "default";
            w.Line($"    Cpu.Regularisation.AddL2({weights[i]}.Data, {target}, {Float(lambda)}){(i == weights.Count - 1 ? ");" : " +")}");
        }
    }

    private static string Summary(Plan plan)
    {
        var network = plan.Network;
        var parts = plan.Steps.Select(step => string.Join(" + ", step.Layers.Select(Describe)));
        return $"{network.Input} → {string.Join(" → ", parts)}; {CpuLoss.All[network.Loss.Name].DescribeWithPenalty(network.Loss)}";
    }

    private static string Describe(Layer layer) => CpuOps.Get(layer.Op).Describe(layer);
}
