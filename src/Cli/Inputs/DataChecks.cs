using NetForge.Dsl.Model;

namespace NetForge.Cli.Inputs;

/// <summary>Whether a data set fits a network, said in the user's terms before any training starts.</summary>
internal static class DataChecks
{
    /// <summary>Fails unless each sample has the network's input size and every label is one of its classes.</summary>
    public static void CheckFits(Network network, Dataset data, string source)
    {
        if (data.SampleSize != network.Input.Size)
            throw new CliException($"network {network.Name} takes inputs {network.Input} ({network.Input.Size} values) but the samples of {source} have {data.SampleSize}");
        if (data.ClassCount != network.Output.Size)
            throw new CliException($"network {network.Name} has {network.Output.Size} outputs but the labels of {source} have {data.ClassCount} classes");
    }
}
