namespace NetForge.EndToEnd.Tests;

/// <summary>
/// Training gives the same bits whatever the vector width: the TrainingBits program, run as a child process with the
/// runtime's instruction sets limited, prints the same weights' hashes as at the machine's full width.
/// </summary>
public class VectorWidthTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly string[] FashionMnist = ["--fashion-mnist", "640"];

    private (int Lanes, string[] Hashes) Train(IReadOnlyDictionary<string, string> variables, int threads)
    {
        var (exit, text) = DotnetProcess.RunProgram("dotnet", AppContext.BaseDirectory, null, variables,
            [Path.Combine(AppContext.BaseDirectory, "TrainingBits.dll"), .. FashionMnist, "--threads", threads.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        output.WriteLine($"{string.Join(' ', variables.Select(v => $"{v.Key}={v.Value}"))} threads={threads}:\n{text}");
        Assert.True(exit == 0, text);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith("lanes=", lines[0], StringComparison.Ordinal);
        // Every example network, then the MLP and LeNet-5 on Fashion-MNIST.
        Assert.True(lines.Length > 15, text);
        Assert.Equal(2, lines.Count(l => l.StartsWith("fashion-mnist ", StringComparison.Ordinal)));
        return (int.Parse(lines[0]["lanes=".Length..], System.Globalization.CultureInfo.InvariantCulture), lines[1..]);
    }

    [Fact]
    public void Training_gives_the_full_width_s_bits_without_avx512_with_128_bit_vectors_and_without_simd()
    {
        var (lanes, full) = Train(new Dictionary<string, string>(), threads: 1);

        Assert.Equal(full, Train(new Dictionary<string, string>(), threads: 2).Hashes);

        // .NET 10 reads EnableAVX512; EnableAVX512F is the older name for the same switch.
        var (narrower, withoutAvx512) = Train(new Dictionary<string, string> { ["DOTNET_EnableAVX512F"] = "0", ["DOTNET_EnableAVX512"] = "0" }, threads: 2);
        Assert.True(narrower <= 8 && narrower <= lanes, $"{narrower} lanes with AVX-512 disabled");
        Assert.Equal(full, withoutAvx512);

        var (quarter, with128Bits) = Train(new Dictionary<string, string> { ["DOTNET_EnableAVX2"] = "0" }, threads: 1);
        Assert.Equal(4, quarter);
        Assert.Equal(full, with128Bits);

        var (scalar, withoutSimd) = Train(new Dictionary<string, string> { ["DOTNET_EnableHWIntrinsic"] = "0" }, threads: 2);
        Assert.Equal(1, scalar);
        Assert.Equal(full, withoutSimd);
    }
}
