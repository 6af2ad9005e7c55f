using System.Globalization;

namespace NetForge;

/// <summary>
/// Saves and loads a network's parameters and state as safetensors, under the names PyTorch gives them
/// (<c>conv1.weight</c>, <c>batchnorm1.running_mean</c>), so that the same file moves between NetForge and PyTorch.
/// </summary>
public static class NetworkWeights
{
    /// <summary>The metadata key naming the network's class.</summary>
    public const string NetworkKey = "netforge.network";

    /// <summary>The metadata key giving the shape of one input sample, e.g. <c>[1, 28, 28]</c>.</summary>
    public const string InputShapeKey = "netforge.input_shape";

    /// <summary>The metadata key giving the version of NetForge that wrote the file.</summary>
    public const string VersionKey = "netforge.version";

    /// <summary>
    /// Writes every parameter and state tensor to <paramref name="path"/> as F32, atomically: a temporary file in the
    /// same directory is renamed over the target once complete, so a crash leaves the old file or the new one.
    /// </summary>
    public static void SaveWeights(this INetwork network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        SafetensorsFile.Write(path, Tensors(network), Metadata(network));
    }

    /// <summary>Writes every parameter and state tensor to <paramref name="stream"/> as F32.</summary>
    public static void SaveWeights(this INetwork network, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(network);
        SafetensorsFile.Write(stream, Tensors(network), Metadata(network));
    }

    /// <summary>
    /// Reads parameters and state from the safetensors file at <paramref name="path"/>. F32, F16, BF16 and F64 tensors
    /// are converted to float; tensors the network does not have are ignored. Every check passes before any value is
    /// copied, so a load that throws leaves the network exactly as it was.
    /// </summary>
    /// <param name="network">The network to fill.</param>
    /// <param name="path">The safetensors file.</param>
    /// <param name="options">How to match names, or null to match them exactly and require every tensor.</param>
    /// <returns>What was loaded, skipped and left unused.</returns>
    /// <exception cref="InvalidDataException">The file breaks the format, or (unless <see cref="WeightLoadOptions.Partial"/>)
    /// lacks one of the network's tensors or holds one with another shape; the message names the file, the tensor
    /// and both shapes.</exception>
    public static WeightLoadReport LoadWeights(this INetwork network, string path, WeightLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        return network.LoadWeights(SafetensorsFile.Read(path), options);
    }

    /// <summary>Reads parameters and state from a safetensors file in <paramref name="stream"/>, as the path overload does.</summary>
    /// <param name="network">The network to fill.</param>
    /// <param name="stream">The file's bytes, read to the end.</param>
    /// <param name="options">How to match names, or null to match them exactly and require every tensor.</param>
    /// <param name="source">What error messages call the file.</param>
    public static WeightLoadReport LoadWeights(this INetwork network, Stream stream, WeightLoadOptions? options = null, string source = "stream")
    {
        ArgumentNullException.ThrowIfNull(network);
        return network.LoadWeights(SafetensorsFile.Read(stream, source), options);
    }

    /// <summary>Fills the network from a file already read, as the path overload does.</summary>
    public static WeightLoadReport LoadWeights(this INetwork network, SafetensorsFile file, WeightLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(file);
        var (assignments, report) = WeightMatcher.Match(Tensors(network).ToArray(), file, options ?? new WeightLoadOptions());
        WeightMatcher.Apply(assignments);
        return report;
    }

    /// <summary>The parameters, then the state: what a weights file holds.</summary>
    internal static IEnumerable<Tensor> Tensors(INetwork network) => network.Parameters.Concat(network.State);

    /// <summary>The header metadata that says which network wrote a file, for what input, with which NetForge.</summary>
    internal static Dictionary<string, string> Metadata(INetwork network) => new(StringComparer.Ordinal)
    {
        ["format"] = "pt",
        [NetworkKey] = network.GetType().Name,
        [InputShapeKey] = "[" + string.Join(", ", network.InputShape.ToArray().Select(e => e.ToString(CultureInfo.InvariantCulture))) + "]",
        [VersionKey] = ProductVersion.Text,
    };
}
