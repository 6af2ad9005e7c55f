using NetForge.Dsl.Planning;

namespace NetForge.Generator.Cpu;

/// <summary>
/// Emits a network's float64 twin for GradientCheck: a nested class with double copies of the parameters and state
/// whose forward and training step are the CPU class's own steps, written by the same code, in a file whose
/// <c>Cpu</c> alias names the double kernels. A gradient check of the twin is thus a check of the generated backward.
/// </summary>
internal static class Float64Emitter
{
    private const string Twin = "Float64Twin";
    private const string Kernels = "global::NetForge.Cpu.Float64";

    public static string Emit(Plan plan, string accessibility)
    {
        var network = plan.Network;
        var parameters = CpuEmitter.Parameters(network).ToList();
        var state = CpuEmitter.State(plan).ToList();
        var w = new IndentedWriter();
        w.Open($"{accessibility} sealed partial class {network.Name} : {Kernels}.IHasFloat64Twin");
        w.Line($"{Kernels}.INetwork64 {Kernels}.IHasFloat64Twin.CreateFloat64Twin() => new {Twin}(this);");
        w.Line();
        w.Line($"/// <summary>{network.Name} in float64: its training pass with double buffers and kernels, for GradientCheck.</summary>");
        w.Open($"private sealed class {Twin} : {Kernels}.INetwork64");
        foreach (var (layer, parameter, property) in parameters.Concat(state))
            w.Line($"public {Kernels}.Tensor64 {property} {{ get; }} = new(\"{layer.Name}.{parameter.Role}\", {string.Join(", ", parameter.Shape.Dimensions)});");
        w.Line($"private readonly {Kernels}.Tensor64[] _parameters;");
        w.Line();

        w.Open($"public {Twin}({network.Name} network)");
        w.Line($"_parameters = [{string.Join(", ", parameters.Select(p => p.Property))}];");
        foreach (var (_, _, property) in parameters.Concat(state))
            w.Line($"{property}.CopyFrom(network.{property});");
        w.Line("Seed = network.Seed;");
        w.Line("TrainingSteps = network.TrainingSteps;");
        w.Close();
        w.Line();
        w.Line($"public global::System.Collections.Generic.IReadOnlyList<{Kernels}.Tensor64> Parameters => _parameters;");
        w.Line();
        w.Line("public int Seed { get; }");
        w.Line();
        w.Line("public long TrainingSteps { get; set; }");
        w.Line();

        CpuEmitter.EmitBuffersClass(w, plan, "double", $"{Kernels}.NetworkBuffers64", Twin);
        w.Line();
        w.Line($"public {Kernels}.NetworkBuffers64 CreateBuffers(int capacity) => new Buffers(this, capacity);");
        w.Line();

        w.Open("private void Forward(Buffers b)");
        w.Line("var n = b.Count;");
        CpuEmitter.EmitForwardSteps(w, plan.Training, CpuNames.Batched, "n");
        w.Close();
        w.Line();

        var loss = plan.Network.Loss;
        var cpuLoss = CpuLoss.All[loss.Name];
        w.Open($"public double Loss({Kernels}.NetworkBuffers64 buffers)");
        w.Line("var b = Own(buffers);");
        w.Line("var n = b.Count;");
        CpuEmitter.EmitTrainingBatchChecks(w, plan);
        w.Line("Forward(b);");
        w.Line($"var loss = Cpu.{cpuLoss.Kernel}.Forward(b.Outputs, {CpuLoss.Targets(loss)}, n, {CpuEmitter.LastSize(plan)}{cpuLoss.Arguments(loss)});");
        CpuEmitter.EmitL2(w, network, gradient: false);
        w.Line("return loss;");
        w.Close();
        w.Line();

        w.Open($"public double TrainStep({Kernels}.NetworkBuffers64 buffers)");
        CpuEmitter.EmitTrainStepBody(w, plan);
        w.Close();
        w.Line();

        w.Line($"private static Buffers Own({Kernels}.NetworkBuffers64 buffers) =>");
        w.Line($"    buffers as Buffers ?? throw new global::System.ArgumentException(\"The buffers were not created by {network.Name}'s float64 twin.\", nameof(buffers));");
        w.Close();
        w.Close();
        return w.ToString();
    }

    /// <summary>The alias the twin's file calls kernels through.</summary>
    public const string KernelNamespace = Kernels;
}
