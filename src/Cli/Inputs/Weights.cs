namespace NetForge.Cli.Inputs;

/// <summary>A network's weights file as the command writes and reads it: safetensors, with the input scaling in its metadata.</summary>
internal static class Weights
{
    /// <summary>Saves the network's parameters and state, with the metadata every NetForge weights file has and the scaling.</summary>
    public static void Save(INetwork network, string path, InputScaling scaling)
    {
        var metadata = NetworkWeights.Metadata(network);
        foreach (var (key, value) in scaling.Metadata())
            metadata[key] = value;
        SafetensorsFile.Write(path, NetworkWeights.Tensors(network), metadata);
    }

    /// <summary>Loads weights into the network; a file that does not fit leaves it as it was and fails with the reader's message.</summary>
    /// <returns>The scaling the file records, or null for none.</returns>
    public static InputScaling? Load(INetwork network, string path)
    {
        if (!File.Exists(path))
            throw new CliException($"{path}: no such weights file");
        var file = SafetensorsFile.Read(path);
        network.LoadWeights(file);
        return InputScaling.FromMetadata(file.Metadata, path);
    }
}
