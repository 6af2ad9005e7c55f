using System.Diagnostics;
using NetForge.Generator.Tests.Fuzz;
using Xunit.Abstractions;

namespace NetForge.Onnx.Tests;

/// <summary>
/// ONNX Runtime computes what <see cref="IPredictor.Predict"/> does for random networks as well: the fuzzer's model
/// files, generated and compiled while the test runs, which together use every op, in orders and shapes, labels and
/// joins that no hand-written network has.
/// </summary>
public sealed class RandomNetworkTests(ITestOutputHelper output)
{
    // Forty of this seed's networks miss an op (maxpool); a hundred use every one.
    private const int Wanted = 100;

    // Most of the fuzzer's files check, so running out of these means that the fuzzer has changed, not the export.
    private const int MaxFiles = 400;

    [Fact]
    public void RandomNetworksAgreeWithPredict()
    {
        var fuzzer = new ModelFuzzer(seed: 29);
        var (files, diagnostics, generated, compared) = (0, 0, 0, 0);
        var skipped = new List<string>();
        var ops = new HashSet<GraphOp>();
        var clock = Stopwatch.StartNew();
        while (compared < Wanted)
        {
            Assert.True(files < MaxFiles, FormattableString.Invariant($"only {compared} random networks of {files} model files compared"));
            var path = FormattableString.Invariant($"models/fuzz{files}.net");
            var text = fuzzer.ModelFile(files++);
            using var networks = GeneratedNetworks.Build(path, text);
            diagnostics += networks.Diagnostics.Length;
            foreach (var type in networks.Types)
            {
                generated++;
                var network = GeneratedNetworks.Create(type, seed: generated);
                Networks.MoveBatchNorm(network, seed: generated);
                byte[] model;
                try
                {
                    model = OnnxSession.Export(network);
                }
                catch (NotSupportedException e)
                {
                    skipped.Add($"{type.FullName}: {e.Message}");
                    continue;
                }
                using var session = new OnnxSession(model);
                AgreementTests.AssertAgrees(network, session, batch: 3, seed: generated, source: $"{type.FullName} of {path}:\n{text}");
                ops.UnionWith(network.Graph.Nodes.Select(node => node.Op));
                compared++;
            }
        }
        output.WriteLine(FormattableString.Invariant(
            $"{files} model files, {diagnostics} NF diagnostics, {generated} networks generated, {compared} exported and compared, {skipped.Count} not exported, in {clock.Elapsed.TotalSeconds:F1} s"));
        foreach (var reason in skipped)
            output.WriteLine(reason);
        Assert.Equal(Enum.GetValues<GraphOp>(), ops.Order());
    }
}
