using Google.Protobuf;

namespace NetForge;

/// <summary>
/// Writes a network as an ONNX model for inference: the graph <see cref="IPredictor.Predict"/> computes (dropout is the
/// identity, batch normalisation uses the running statistics, the loss is left out), its parameters and state as
/// initializers under their own names (<c>conv1.weight</c>, <c>batchnorm1.running_mean</c>), one float input named
/// <c>input</c> of shape [batch, ...<see cref="INetwork.InputShape"/>] and one output named <c>output</c>, where the
/// batch size is a symbolic dimension, <c>batch</c>, so that a runtime takes any.
/// </summary>
public static class OnnxExport
{
    /// <summary>Writes the network's ONNX model to a file, replacing it all at once: a reader sees the old file or
    /// the complete new one, and a failed export leaves the old one as it was.</summary>
    /// <param name="network">The network, with its current parameters and state.</param>
    /// <param name="path">The file to write, conventionally ending in <c>.onnx</c>.</param>
    /// <param name="options">The opset, IR version and names, or null for opset 17 and IR version 8.</param>
    /// <exception cref="ArgumentOutOfRangeException">The options ask for an opset or IR version the exporter does not
    /// write.</exception>
    /// <exception cref="NotSupportedException">The network has no graph, or is too large for one protobuf message.</exception>
    /// <exception cref="InvalidOperationException">The graph names a tensor the network does not have, or a node does
    /// not have the inputs and tensors its op needs.</exception>
    /// <exception cref="IOException">The file cannot be written (its directory missing, the disk full); the old file,
    /// if any, is left as it was.</exception>
    public static void ExportOnnx(this INetwork network, string path, OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var model = OnnxModel.Build(network, options ?? new OnnxExportOptions());
        AtomicFile.Write(path, model.WriteTo);
    }

    /// <summary>Writes the network's ONNX model to a stream, from its current position; the stream stays open.</summary>
    /// <param name="network">The network, with its current parameters and state.</param>
    /// <param name="stream">A writable stream.</param>
    /// <param name="options">The opset, IR version and names, or null for opset 17 and IR version 8.</param>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not writable.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The options ask for an opset or IR version the exporter does not
    /// write.</exception>
    /// <exception cref="NotSupportedException">The network has no graph, or is too large for one protobuf message.</exception>
    /// <exception cref="InvalidOperationException">The graph names a tensor the network does not have, or a node does
    /// not have the inputs and tensors its op needs.</exception>
    public static void ExportOnnx(this INetwork network, Stream stream, OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
            throw new ArgumentException("The stream is not writable.", nameof(stream));
        OnnxModel.Build(network, options ?? new OnnxExportOptions()).WriteTo(stream);
    }
}
