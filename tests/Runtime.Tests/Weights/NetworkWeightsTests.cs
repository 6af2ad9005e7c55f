using NetForge.Runtime.Tests.Training;

namespace NetForge.Runtime.Tests.Weights;

/// <summary>Loading into a network: matching, shape checks, partial loads, and a failed load changing nothing.</summary>
public class NetworkWeightsTests
{
    private const string Name = "crafted.safetensors";

    // dense.weight [2, 3] and dense.bias [2], as CraftedFile.Valid holds them.
    private static LinearSoftmaxClassifier Network() => new(inputs: 3, classes: 2, seed: 5);

    private static float[][] Snapshot(INetwork network) => network.Parameters.Select(p => (float[])p.Data.Clone()).ToArray();

    private static WeightLoadReport Load(INetwork network, byte[] bytes, WeightLoadOptions? options = null) =>
        network.LoadWeights(new MemoryStream(bytes), options, Name);

    [Fact]
    public void Saving_then_loading_gives_identical_parameters()
    {
        var source = Network();
        var stream = new MemoryStream();
        source.SaveWeights(stream);
        var target = new LinearSoftmaxClassifier(inputs: 3, classes: 2, seed: 6);
        var report = Load(target, stream.ToArray());
        Assert.Equal(Snapshot(source), Snapshot(target));
        Assert.Equal(["dense.weight", "dense.bias"], report.Loaded);
        Assert.Empty(report.Skipped);
        Assert.Empty(report.Unused);
    }

    [Fact]
    public void The_metadata_names_the_network_its_input_shape_and_the_version()
    {
        var stream = new MemoryStream();
        Network().SaveWeights(stream);
        stream.Position = 0;
        var metadata = SafetensorsFile.Read(stream).Metadata;
        Assert.Equal("LinearSoftmaxClassifier", metadata[NetworkWeights.NetworkKey]);
        Assert.Equal("[3]", metadata[NetworkWeights.InputShapeKey]);
        Assert.Equal("0.1.0", metadata[NetworkWeights.VersionKey]);
        Assert.Equal("pt", metadata["format"]);
    }

    public static TheoryData<string, byte[], string> BrokenFiles()
    {
        var valid = CraftedFile.Valid;
        var data = CraftedFile.ValidData;
        return new TheoryData<string, byte[], string>
        {
            { "truncated in the length", valid[..5], "inside the 8-byte header length" },
            { "truncated in the header", valid[..40], "runs past the end" },
            { "truncated in the data", valid[..^3], "follow the header" },
            { "header length past the end", CraftedFile.Bytes(CraftedFile.ValidHeader, data, 5000), "runs past the end" },
            { "header over the cap", CraftedFile.Bytes(CraftedFile.ValidHeader, data, 200_000_000), "over the limit" },
            { "bad JSON", CraftedFile.Bytes(CraftedFile.ValidHeader[..^1], data), "not valid JSON" },
            { "unknown dtype", CraftedFile.Bytes(CraftedFile.ValidHeader.Replace("\"F32\",\"shape\":[2]", "\"Q8\",\"shape\":[2]"), data), "tensor 'dense.bias' has the unknown dtype 'Q8'" },
            { "overlapping offsets", CraftedFile.Bytes(CraftedFile.ValidHeader.Replace("[24,32]", "[20,28]"), data[..28]), "tensor 'dense.bias' starts at byte 20 of the data, overlapping" },
            { "gapped offsets", CraftedFile.Bytes(CraftedFile.ValidHeader.Replace("[24,32]", "[28,36]"), [.. data, 0, 0, 0, 0]), "tensor 'dense.bias' starts at byte 28 of the data, leaving a gap" },
            { "wrong element count", CraftedFile.Bytes(CraftedFile.ValidHeader.Replace("\"shape\":[2,3]", "\"shape\":[2,2]"), data), "tensor 'dense.weight' has shape [2, 2] of F32, which is 16 bytes" },
            {
                "shape mismatch",
                CraftedFile.Bytes("""{"dense.weight":{"dtype":"F32","shape":[3,2],"data_offsets":[0,24]},"dense.bias":{"dtype":"F32","shape":[2],"data_offsets":[24,32]}}""", data),
                "tensor 'dense.weight' has shape [3, 2] in the file but [2, 3] in the network"
            },
            {
                "missing tensor",
                CraftedFile.Bytes("""{"dense.weight":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]}}""", data[..24]),
                "tensor 'dense.bias' [2] is missing"
            },
            {
                "integer tensor",
                CraftedFile.Bytes("""{"dense.weight":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},"dense.bias":{"dtype":"I32","shape":[2],"data_offsets":[24,32]}}""", data),
                "tensor 'dense.bias' holds I32 values, not floating-point ones"
            },
        };
    }

    [Theory]
    [MemberData(nameof(BrokenFiles))]
    public void A_failed_load_names_the_file_and_tensor_and_leaves_the_network_unchanged(string what, byte[] bytes, string message)
    {
        var network = Network();
        var before = Snapshot(network);
        var error = Assert.Throws<InvalidDataException>(() => Load(network, bytes));
        Assert.StartsWith(Name + ": ", error.Message);
        Assert.True(error.Message.Contains(message, StringComparison.Ordinal), $"{what}: {error.Message}");
        Assert.Equal(before, Snapshot(network));
    }

    [Fact]
    public void A_failed_load_from_a_path_names_the_path()
    {
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".safetensors");
        File.WriteAllBytes(path, CraftedFile.Valid[..^1]);
        try
        {
            var error = Assert.Throws<InvalidDataException>(() => Network().LoadWeights(path));
            Assert.StartsWith(path + ": ", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void All_problems_are_named_at_once()
    {
        var bytes = CraftedFile.Bytes("""{"dense.weight":{"dtype":"F32","shape":[6],"data_offsets":[0,24]}}""", CraftedFile.ValidData[..24]);
        var error = Assert.Throws<InvalidDataException>(() => Load(Network(), bytes));
        Assert.Contains("tensor 'dense.weight' has shape [6] in the file but [2, 3] in the network", error.Message);
        Assert.Contains("tensor 'dense.bias' [2] is missing", error.Message);
    }

    [Fact]
    public void Extra_tensors_are_ignored_and_reported_as_unused()
    {
        var header = CraftedFile.ValidHeader[..^1] + ""","dense.num_batches_tracked":{"dtype":"I64","shape":[],"data_offsets":[32,40]}}""";
        var network = Network();
        var report = Load(network, CraftedFile.Bytes(header, [.. CraftedFile.ValidData, .. new byte[8]]));
        Assert.Equal(["dense.num_batches_tracked"], report.Unused);
        Assert.Equal([1f, 2, 3, 4, 5, 6], network.Parameters[0].Data);
        Assert.Equal([7f, 8], network.Parameters[1].Data);
    }

    [Fact]
    public void A_name_map_reads_other_names()
    {
        var header = CraftedFile.ValidHeader.Replace("dense.weight", "0.weight").Replace("dense.bias", "fc.b");
        var network = Network();
        var options = new WeightLoadOptions { NameMap = new Dictionary<string, string> { ["dense.weight"] = "0.weight", ["dense.bias"] = "fc.b" } };
        Load(network, CraftedFile.Bytes(header, CraftedFile.ValidData), options);
        Assert.Equal([7f, 8], network.Parameters[1].Data);

        var error = Assert.Throws<InvalidDataException>(() => Load(Network(), CraftedFile.Valid, options));
        Assert.Contains("tensor 'dense.weight' [2, 3] is missing: the file has no '0.weight'", error.Message);
    }

    [Fact]
    public void By_position_reads_a_sequential_state_dict()
    {
        var header = CraftedFile.ValidHeader.Replace("dense.weight", "3.weight").Replace("dense.bias", "3.bias");
        var network = Network();
        Load(network, CraftedFile.Bytes(header, CraftedFile.ValidData), new WeightLoadOptions { Matching = WeightMatching.ByPosition });
        Assert.Equal([1f, 2, 3, 4, 5, 6], network.Parameters[0].Data);
        Assert.Equal([7f, 8], network.Parameters[1].Data);
    }

    [Fact]
    public void A_partial_load_fills_what_matches_and_reports_the_rest()
    {
        var header = """{"dense.weight":{"dtype":"F32","shape":[3,2],"data_offsets":[0,24]},"dense.bias":{"dtype":"F32","shape":[2],"data_offsets":[24,32]}}""";
        var network = Network();
        var weight = (float[])network.Parameters[0].Data.Clone();
        var report = Load(network, CraftedFile.Bytes(header, CraftedFile.ValidData), new WeightLoadOptions { Partial = true });
        Assert.Equal(["dense.bias"], report.Loaded);
        Assert.Equal("tensor 'dense.weight' has shape [3, 2] in the file but [2, 3] in the network", Assert.Single(report.Skipped));
        Assert.Equal(weight, network.Parameters[0].Data);
        Assert.Equal([7f, 8], network.Parameters[1].Data);
    }
}
