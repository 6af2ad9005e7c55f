namespace NetForge.Onnx.Tests;

/// <summary>ONNX Runtime, running an exported model, computes what <see cref="IPredictor.Predict"/> does.</summary>
public sealed class AgreementTests
{
    private const double Tolerance = 1e-5;

    public static TheoryData<string> NetworkNames => [.. Networks.Names];

    [Theory]
    [MemberData(nameof(NetworkNames))]
    public void OnnxRuntimeAgreesWithPredict(string name)
    {
        var network = Networks.Create(name);
        using var session = new OnnxSession(OnnxSession.Export(network));
        AssertAgrees(network, session, batch: 3, seed: name.Length);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void AnyBatchSizeRuns(int batch)
    {
        var network = Networks.Create(nameof(ConvStack));
        using var session = new OnnxSession(OnnxSession.Export(network));
        AssertAgrees(network, session, batch, seed: 100 + batch);
    }

    [Fact]
    public void TheExportCarriesTheCurrentValues()
    {
        var network = Networks.Create(nameof(Features));
        var before = OnnxSession.Export(network);
        foreach (var tensor in network.Parameters.Concat(network.State))
            tensor.AsSpan().Reverse();
        using var session = new OnnxSession(OnnxSession.Export(network));
        AssertAgrees(network, session, batch: 2, seed: 7);
        Assert.NotEqual(before, OnnxSession.Export(network));
    }

    /// <summary>Asserts that the session's outputs for a batch of random inputs are the network's own, each to
    /// <see cref="Tolerance"/> relative to the larger of 1 and the expected value.</summary>
    /// <param name="source">What the network was made from, for a failure to show, when it is not a network of this
    /// project.</param>
    internal static void AssertAgrees(INetwork network, OnnxSession session, int batch, int seed, string? source = null)
    {
        var inputs = Networks.Inputs(network, batch, seed);
        var outputs = session.Run(network, inputs, batch);
        var expected = new float[network.OutputLength];
        for (var n = 0; n < batch; n++)
        {
            network.Predict(inputs.AsSpan(n * network.InputLength, network.InputLength), expected);
            for (var j = 0; j < expected.Length; j++)
            {
                var actual = outputs[n * network.OutputLength + j];
                var error = Math.Abs(actual - expected[j]) / Math.Max(1, Math.Abs(expected[j]));
                Assert.True(error <= Tolerance,
                    FormattableString.Invariant($"Sample {n}, output {j}: ONNX Runtime gives {actual:R}, Predict {expected[j]:R} (relative error {error:E2}).")
                    + (source is null ? "" : "\n" + source));
            }
        }
    }
}
