namespace NetForge;

/// <summary>How <see cref="OnnxExport"/> writes a model.</summary>
public sealed class OnnxExportOptions
{
    /// <summary>The lowest opset whose ops the exporter's mapping means what NetForge computes (Softmax over one axis).</summary>
    public const int MinimumOpset = 13;

    /// <summary>The highest such opset (ReduceMax takes its axes as an attribute up to 17, as an input after).</summary>
    public const int MaximumOpset = 17;

    /// <summary>The lowest IR version the model can declare: the first whose initializers need not be graph inputs.</summary>
    public const long MinimumIrVersion = 4;

    /// <summary>The version of the default ONNX operator set the model imports, from <see cref="MinimumOpset"/> to
    /// <see cref="MaximumOpset"/>; 17 unless set.</summary>
    public int Opset { get; init; } = 17;

    /// <summary>The ONNX IR version the model declares, at least <see cref="MinimumIrVersion"/>; 8 unless set (the
    /// version that goes with opset 17).</summary>
    public long IrVersion { get; init; } = 8;

    /// <summary>The producer the model names; <c>NetForge</c> unless set.</summary>
    public string ProducerName { get; init; } = "NetForge";

    /// <summary>The name of the model's graph, or null for the network's name.</summary>
    public string? GraphName { get; init; }

    internal void Check()
    {
        if (Opset is < MinimumOpset or > MaximumOpset)
            throw new ArgumentOutOfRangeException(nameof(Opset), Opset,
                FormattableString.Invariant($"The exporter writes ops as opsets {MinimumOpset} to {MaximumOpset} define them, not as opset {Opset} does."));
        if (IrVersion < MinimumIrVersion)
            throw new ArgumentOutOfRangeException(nameof(IrVersion), IrVersion,
                FormattableString.Invariant($"The exporter needs IR version {MinimumIrVersion} or later, which lets initializers stay out of the graph's inputs."));
        ArgumentNullException.ThrowIfNull(ProducerName, nameof(ProducerName));
    }
}
