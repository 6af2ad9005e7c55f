using NetForge.Dsl.Model;
using static NetForge.Generator.CodeText;

namespace NetForge.Generator.Cpu;

/// <summary>
/// <c>batchnorm(momentum, epsilon)</c> per channel of [c, h, w] or per feature of [n], with a fused activation.
/// Training normalises with the batch's statistics and updates the running ones; inference uses the running ones.
/// The language's momentum is the share of the running statistics kept (Keras's), the kernel's is the share of the
/// batch's (PyTorch's): the one is 1 minus the other.
/// </summary>
internal sealed class BatchNormOp : CpuOp
{
    public override OpKind Op => OpKind.BatchNorm;

    public override void Forward(CpuStep s)
    {
        var (channels, spatial) = Extents(s.Layer);
        var epsilon = Float(s.Layer.Real("epsilon"));
        if (s.Training)
        {
            var momentum = Float(1 - s.Layer.Real("momentum"));
            s.Line($"Cpu.BatchNorm.ForwardTraining({s.X}, {s.Parameter("weight")}, {s.Parameter("bias")}, {s.State("running_mean")}, {s.State("running_var")}, {s.Y}, {s.Saved("mean")}, {s.Saved("inverse_std")}, {s.N}, {channels}, {spatial}, {momentum}, {epsilon}, {s.Activation});");
        }
        else
        {
            s.Line($"Cpu.BatchNorm.ForwardInference({s.X}, {s.Parameter("weight")}, {s.Parameter("bias")}, {s.State("running_mean")}, {s.State("running_var")}, {s.Y}, {s.N}, {channels}, {spatial}, {epsilon}, {s.Activation});");
        }
    }

    /// <summary>A batch norm over features has one value per sample: it cannot train on one sample, as PyTorch cannot.
    /// Checked where the layer can be named, before any running statistic moves.</summary>
    public override void CheckTrainingBatch(IndentedWriter w, Layer layer, string batch)
    {
        if (Extents(layer).Spatial > 1)
            return;
        w.Line($"if ({batch} < 2)");
        w.Line($"    throw new global::System.ArgumentException($\"{layer.Name} normalises each feature over the batch, so training needs at least 2 samples, not {{{batch}}}.\", nameof(buffers));");
    }

    public override void Backward(CpuStep s)
    {
        var (channels, spatial) = Extents(s.Layer);
        s.Line($"Cpu.BatchNorm.Backward({s.X}, {s.Parameter("weight")}, {s.Y}, {s.Saved("mean")}, {s.Saved("inverse_std")}, {s.Dy}, {s.ParameterGradient("weight")}, {s.ParameterGradient("bias")}, {s.DxOrDefault}, {s.N}, {channels}, {spatial}, {s.Activation});");
    }

    public override string Describe(Layer layer) =>
        "batchnorm" + (layer.Real("momentum") == 0.9 ? "" : " momentum " + Number(layer.Real("momentum")))
        + (layer.Real("epsilon") == 1e-5 ? "" : " epsilon " + Number(layer.Real("epsilon")));

    private static (int Channels, int Spatial) Extents(Layer layer) =>
        layer.Input.IsImage ? (layer.Input.Channels, layer.Input.Height * layer.Input.Width) : (layer.Input.Size, 1);
}
