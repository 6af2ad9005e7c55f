using NetForge.Dsl.Model;
using static NetForge.Generator.CodeText;

namespace NetForge.Generator.Gpu;

/// <summary>
/// <c>batchnorm(momentum, epsilon)</c> per channel, with a fused activation: a thread a channel for the statistics and
/// the gradients' sums, a thread a value for the rest. The language's momentum is the share of the running statistics
/// kept (Keras's); the kernels take the share of the batch's (PyTorch's).
/// </summary>
internal sealed class GpuBatchNormOp : GpuOp
{
    public override OpKind Op => OpKind.BatchNorm;

    private static (int Channels, int Spatial) Extents(Layer layer) =>
        layer.Input.IsImage ? (layer.Input.Channels, layer.Input.Height * layer.Input.Width) : (layer.Input.Size, 1);

    private static string Sizes(Layer layer)
    {
        var (channels, spatial) = Extents(layer);
        return Integer(channels) + ", " + Integer(spatial);
    }

    /// <summary>A batch norm over features has one value per sample: it cannot train on one sample, as on the CPU.</summary>
    public override string? TrainingBatchCheck(Layer layer) =>
        Extents(layer).Spatial > 1 ? null
        : $"if (n < 2) throw new global::System.ArgumentException($\"{layer.Name} normalises each feature over the batch, so training needs at least 2 samples, not {{n}}.\", nameof(n));";

    public override IEnumerable<(string Role, string Type, int Length, bool PerSample)> Scratch(Layer layer) => [("sums", "Doubles", 2 * Extents(layer).Channels, false)];

    public override IEnumerable<GpuKernel> Forward(GpuStep s)
    {
        var layer = s.Layer;
        var epsilon = Float(layer.Real("epsilon"));
        var size = GpuStep.PerValue(layer.Output.Size);
        if (!s.Training)
        {
            yield return s.Kernel("Infer", $"Gpu.BatchNorm.Infer(thread, x, weight, bias, runningMean, runningVar, y, {Sizes(layer)}, {epsilon}, {s.Activation})", size,
                GpuArgument.Floats("x", s.X), GpuArgument.Floats("weight", s.Parameter("weight")), GpuArgument.Floats("bias", s.Parameter("bias")),
                GpuArgument.Floats("runningMean", s.State("running_mean")), GpuArgument.Floats("runningVar", s.State("running_var")), GpuArgument.Floats("y", s.Y));
            yield break;
        }
        yield return s.Kernel("Statistics", $"Gpu.BatchNorm.Statistics(thread, x, runningMean, runningVar, mean, inverseStd, n, {Sizes(layer)}, {Float(1 - layer.Real("momentum"))}, {epsilon})",
            Integer(Extents(layer).Channels),
            GpuArgument.Floats("x", s.X), GpuArgument.Floats("runningMean", s.State("running_mean")), GpuArgument.Floats("runningVar", s.State("running_var")),
            GpuArgument.Floats("mean", s.Saved("mean")), GpuArgument.Floats("inverseStd", s.Saved("inverse_std")), new GpuArgument("int", "n", "n"));
        yield return s.Kernel("Normalise", $"Gpu.BatchNorm.Normalise(thread, x, weight, bias, mean, inverseStd, y, {Sizes(layer)}, {s.Activation})", size,
            GpuArgument.Floats("x", s.X), GpuArgument.Floats("weight", s.Parameter("weight")), GpuArgument.Floats("bias", s.Parameter("bias")),
            GpuArgument.Floats("mean", s.Saved("mean")), GpuArgument.Floats("inverseStd", s.Saved("inverse_std")), GpuArgument.Floats("y", s.Y));
    }

    public override IEnumerable<GpuKernel> Backward(GpuStep s)
    {
        var layer = s.Layer;
        var sums = GpuNames.Saved(layer.Name, "sums");
        yield return s.Kernel("ChannelGradients", $"Gpu.BatchNorm.ChannelGradients(thread, x, y, dy, mean, inverseStd, dWeight, dBias, sums, n, {Sizes(layer)}, {s.Activation})",
            Integer(Extents(layer).Channels),
            GpuArgument.Floats("x", s.X), GpuArgument.Floats("y", s.Y), GpuArgument.Floats("dy", s.Dy), GpuArgument.Floats("mean", s.Saved("mean")),
            GpuArgument.Floats("inverseStd", s.Saved("inverse_std")), GpuArgument.Floats("dWeight", s.ParameterGradient("weight")),
            GpuArgument.Floats("dBias", s.ParameterGradient("bias")), new GpuArgument("Doubles", "sums", sums), new GpuArgument("int", "n", "n"));
        if (s.Dx is { } dx)
        {
            yield return s.Kernel("InputGradient", $"Gpu.BatchNorm.InputGradient(thread, x, y, dy, weight, mean, inverseStd, sums, dx, n, {Sizes(layer)}, {s.Activation})",
                GpuStep.PerValue(layer.Input.Size),
                GpuArgument.Floats("x", s.X), GpuArgument.Floats("y", s.Y), GpuArgument.Floats("dy", s.Dy), GpuArgument.Floats("weight", s.Parameter("weight")),
                GpuArgument.Floats("mean", s.Saved("mean")), GpuArgument.Floats("inverseStd", s.Saved("inverse_std")), new GpuArgument("Doubles", "sums", sums),
                GpuArgument.Floats("dx", dx), new GpuArgument("int", "n", "n"));
        }
    }
}
