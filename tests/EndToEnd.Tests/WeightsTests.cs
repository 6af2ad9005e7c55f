using Examples.FashionMnist;
using Examples.SineRegression;
using Examples.Spiral;

namespace NetForge.EndToEnd.Tests;

/// <summary>
/// Weights files of generated networks: round trips for every example, files PyTorch wrote, and the file NetForge
/// writes read by PyTorch. The PyTorch side is Reference/safetensors_reference.py, committed with its outputs.
/// </summary>
public class WeightsTests
{
    private const double Tolerance = 1e-5;

    private static string Reference(string file) => Path.Combine(AppContext.BaseDirectory, "Reference", file);

    public static TheoryData<string> Examples() =>
        new() { "mlp", "mlp-attributes", "lenet5", "lenet5-attributes", "residual", "vgg", "vgg-bn", "spiral", "linear", "sine" };

    private static INetwork Create(string name, int seed) => name switch
    {
        "mlp" => new Mlp(seed),
        "mlp-attributes" => new AttributeMlp(seed),
        "lenet5" => new LeNet5(seed),
        "lenet5-attributes" => new AttributeLeNet5(seed),
        "residual" => new ResidualNet(seed),
        "vgg" => new VggNet(seed),
        "vgg-bn" => new VggBnNet(seed),
        "spiral" => new SpiralNet(seed),
        "linear" => new LinearClassifier(seed),
        "sine" => new SineNet(seed),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    private static float[][] Values(INetwork network) =>
        network.Parameters.Concat(network.State).Select(t => (float[])t.Data.Clone()).ToArray();

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_example_saves_and_loads_bit_identically_and_predicts_the_same(string example)
    {
        var source = Create(example, seed: 1);
        // Running statistics that are not the initial zeros and ones, so that the state's round trip shows.
        foreach (var tensor in source.State)
        {
            for (var i = 0; i < tensor.Length; i++)
                tensor.Data[i] = 0.5f + 0.01f * i;
        }
        var path = Path.Combine(Path.GetTempPath(), $"netforge-{example}-{Guid.NewGuid():N}.safetensors");
        try
        {
            source.SaveWeights(path);
            var target = Create(example, seed: 2);
            var report = target.LoadWeights(path);

            Assert.Equal(source.Parameters.Concat(source.State).Select(t => t.Name), report.Loaded);
            var expected = Values(source);
            var actual = Values(target);
            for (var t = 0; t < expected.Length; t++)
                Assert.True(expected[t].AsSpan().SequenceEqual(actual[t]), $"{report.Loaded[t]} differs");

            var input = new float[source.InputLength];
            var random = new Random(3);
            for (var i = 0; i < input.Length; i++)
                input[i] = (float)random.NextDouble();
            var (a, b) = (new float[source.OutputLength], new float[source.OutputLength]);
            source.Predict(input, a);
            target.Predict(input, b);
            Assert.Equal(a, b);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_pytorch_sequential_state_dict_loads_by_position_and_predicts_what_pytorch_predicts()
    {
        var network = new ReferenceInference(seed: 1);
        var report = network.LoadWeights(Reference("sequential.safetensors"), new WeightLoadOptions { Matching = WeightMatching.ByPosition });

        Assert.Equal(["1.num_batches_tracked", "6.num_batches_tracked"], report.Unused.Order());
        AssertPredicts(network, ReferenceData.Load("sequential.json").Tensor("output"));
    }

    [Fact]
    public void The_same_state_dict_loads_through_a_name_map()
    {
        var names = ReferenceData.Load("sequential.json").Strings("names");
        var map = new ReferenceInference(seed: 1).Parameters.Concat(new ReferenceInference(seed: 1).State)
            .ToDictionary(t => t.Name, t => names.Single(n => n.Value == t.Name.Split('.')[0]).Key + "." + t.Name.Split('.', 2)[1]);
        var network = new ReferenceInference(seed: 1);
        network.LoadWeights(Reference("sequential.safetensors"), new WeightLoadOptions { NameMap = map });
        AssertPredicts(network, ReferenceData.Load("sequential.json").Tensor("output"));
    }

    [Fact]
    public void F64_F16_and_BF16_tensors_written_by_pytorch_load_as_pytorch_widens_them()
    {
        var reference = ReferenceData.Load("sequential.json");
        var file = SafetensorsFile.Read(Reference("mixed_dtypes.safetensors"));
        Assert.Equal(["BF16", "F16", "F32", "F64", "I64"], file.Tensors.Select(t => t.DType).Distinct().Order());
        foreach (var tensor in file.Tensors.Where(t => t.IsFloatingPoint))
        {
            var values = new float[tensor.ElementCount];
            tensor.CopyTo(values);
            Assert.Equal(reference.Tensor("mixed_dtypes", tensor.Name), values);
        }
        var network = new ReferenceInference(seed: 1);
        network.LoadWeights(file, new WeightLoadOptions { Matching = WeightMatching.ByPosition });
        Assert.Equal(reference.Tensor("mixed_dtypes", "0.weight"), network.Conv1Weight.Data);
    }

    /// <summary>The network whose file PyTorch read: seed 7, with running statistics set to known values.</summary>
    private static ReferenceInference WrittenNetwork()
    {
        var network = new ReferenceInference(seed: 7);
        foreach (var tensor in network.State)
        {
            for (var i = 0; i < tensor.Length; i++)
                tensor.Data[i] = tensor.Name.EndsWith("running_var", StringComparison.Ordinal) ? 1 + 0.05f * i : 0.1f * i - 0.3f;
        }
        return network;
    }

    [Fact]
    public void NetForge_still_writes_the_file_that_pytorch_read()
    {
        var stream = new MemoryStream();
        WrittenNetwork().SaveWeights(stream);
        var committed = Committed("netforge_written.safetensors");
        if (Environment.GetEnvironmentVariable("NETFORGE_ACCEPT_SNAPSHOTS") == "1")
            File.WriteAllBytes(committed, stream.ToArray());
        Assert.Equal(File.ReadAllBytes(committed), stream.ToArray());
    }

    // The committed copy in the source tree, which the script reads, rather than the one in the build output.
    private static string Committed(string file, [System.Runtime.CompilerServices.CallerFilePath] string source = "") =>
        Path.Combine(Path.GetDirectoryName(source)!, "Reference", file);

    [Fact]
    public void PyTorch_predicts_with_the_file_netforge_wrote_what_netforge_predicts()
    {
        var reference = ReferenceData.Load("netforge_written.json");
        Assert.Equal(WrittenNetwork().Parameters.Concat(WrittenNetwork().State).Select(t => t.Name).Order(), reference.Strings("tensors").Values.Order());
        Assert.Equal("ReferenceInference", reference.Strings("metadata")[NetworkWeights.NetworkKey]);
        Assert.Equal("[2, 6, 6]", reference.Strings("metadata")[NetworkWeights.InputShapeKey]);
        AssertPredicts(WrittenNetwork(), reference.Tensor("output"));
    }

    private static void AssertPredicts(ReferenceInference network, float[] expected)
    {
        var input = ReferenceData.Load("sequential.json").Tensor("input");
        var output = new float[ReferenceInference.OutputSize];
        for (var s = 0; s < expected.Length / output.Length; s++)
        {
            network.Predict(input.AsSpan(s * ReferenceInference.InputSize, ReferenceInference.InputSize), output);
            for (var i = 0; i < output.Length; i++)
            {
                var want = expected[s * output.Length + i];
                var error = Math.Abs(want - output[i]) / Math.Max(1, Math.Abs(want));
                Assert.True(error < Tolerance, $"sample {s}, output {i}: {output[i]:G9}, PyTorch {want:G9}");
            }
        }
    }
}
