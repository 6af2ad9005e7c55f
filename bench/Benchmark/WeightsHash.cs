using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace NetForge.Benchmark;

/// <summary>A short fingerprint of a network's weights and state, for checking that two runs trained the same bits.</summary>
public static class WeightsHash
{
    /// <summary>The first 16 hex digits of the SHA-256 of every parameter's and state tensor's float bits, in order.</summary>
    public static string Of(INetwork network)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var tensor in network.Parameters.Concat(network.State))
            sha.AppendData(MemoryMarshal.AsBytes(tensor.Data.AsSpan()));
        return Convert.ToHexStringLower(sha.GetHashAndReset())[..16];
    }
}
