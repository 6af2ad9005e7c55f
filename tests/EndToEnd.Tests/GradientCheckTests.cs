using System.Reflection;
using NetForge.Cpu.Float64;

namespace NetForge.EndToEnd.Tests;

/// <summary>The public GradientCheck on every example network, and on a backward pass broken on purpose.</summary>
public class GradientCheckTests(Xunit.Abstractions.ITestOutputHelper output)
{
    /// <summary>Every generated network of the examples, by class name.</summary>
    public static TheoryData<string> ExampleNetworks()
    {
        var data = new TheoryData<string>();
        foreach (var type in ExampleTypes())
            data.Add(type.FullName!);
        return data;
    }

    private static IEnumerable<Type> ExampleTypes() => TrainingBits.ExampleNetworks.Types();

    private static INetwork Create(string name) =>
        (INetwork)Activator.CreateInstance(ExampleTypes().Single(t => t.FullName == name), 0)!;

    /// <summary>A batch of random samples the network takes: inputs in [0, 1), labels or targets at random.</summary>
    internal static Dataset Batch(INetwork network, int count, int seed) => TrainingBits.ExampleNetworks.RandomSamples(network, count, seed);

    [Theory]
    [MemberData(nameof(ExampleNetworks))]
    public void Every_example_networks_backward_agrees_with_float64_differences_to_1e_6(string name)
    {
        var network = Create(name);
        var before = network.Parameters.Select(p => (float[])p.Data.Clone()).ToArray();
        var steps = network.TrainingSteps;

        var report = GradientCheck.Run(network, Batch(network, 2, seed: 1), new GradientCheckOptions { EntriesPerTensor = 4 });
        output.WriteLine(FormattableString.Invariant($"{name}: float64 {report.MaxRelativeError:0.0e+0}, float32 {report.MaxFloat32Error:0.0e+0}"));
        output.WriteLine(report.ToString());

        Assert.Equal(network.Parameters.Count, report.Tensors.Count);
        // Steps that cross a kink are left out; most must not (the small-weight ReLU network loses a sixth of them).
        var compared = report.Tensors.Sum(t => t.Checked);
        Assert.True(compared >= 0.75 * (compared + report.Tensors.Sum(t => t.AtKinks)), $"{name}:\n{report}");
        Assert.True(report.MaxRelativeError < 1e-6, $"{name}:\n{report}");
        Assert.True(report.MaxFloat32Error < 1e-3, $"{name}:\n{report}");
        Assert.True(report.Passed(), $"{name}:\n{report}");
        for (var i = 0; i < before.Length; i++)
            Assert.Equal(before[i], network.Parameters[i].Data);
        Assert.Equal(steps, network.TrainingSteps);
    }

    [Fact]
    public void A_backward_pass_broken_in_float64_is_flagged_at_its_tensor()
    {
        var network = new Examples.FashionMnist.Mlp(seed: 0);
        var broken = new BrokenBackward(network, "dense2.weight", breakTwin: true);

        var report = GradientCheck.Run(broken, Batch(network, 3, seed: 2));

        var worst = report.Tensors.MaxBy(t => t.RelativeError)!;
        Assert.Equal("dense2.weight", worst.Name);
        Assert.True(worst.RelativeError > 0.1, report.ToString());
        Assert.All(report.Tensors.Where(t => t.Name != "dense2.weight"), t => Assert.True(t.RelativeError < 1e-6, report.ToString()));
        Assert.False(report.Passed());
    }

    [Fact]
    public void A_float32_backward_that_strays_from_the_float64_one_is_flagged_at_its_tensor()
    {
        var network = new Examples.FashionMnist.Mlp(seed: 0);
        var broken = new BrokenBackward(network, "dense3.bias", breakTwin: false);

        var report = GradientCheck.Run(broken, Batch(network, 3, seed: 2));

        Assert.Equal("dense3.bias", report.Tensors.MaxBy(t => t.Float32Error)!.Name);
        Assert.True(report.MaxRelativeError < 1e-6, report.ToString());
        Assert.False(report.Passed());
    }

    [Fact]
    public void Frozen_tensors_are_left_out_and_a_network_without_a_twin_is_refused()
    {
        var network = new Examples.FashionMnist.Mlp(seed: 0);
        network.Freeze("dense1");

        var report = GradientCheck.Run(network, Batch(network, 2, seed: 3), new GradientCheckOptions { EntriesPerTensor = 3 });

        Assert.Equal(["dense2.weight", "dense2.bias", "dense3.weight", "dense3.bias"], report.Tensors.Select(t => t.Name));
        var error = Assert.Throws<NotSupportedException>(() => GradientCheck.Run(new Delegating(network), Batch(network, 2, seed: 3)));
        Assert.Contains("no float64 twin", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A network that hands every call to a generated one, without its float64 twin.</summary>
    private class Delegating(INetwork inner) : INetwork
    {
        protected INetwork Inner => inner;
        public int InputLength => inner.InputLength;
        public int OutputLength => inner.OutputLength;
        public TargetKind TargetKind => inner.TargetKind;
        public ReadOnlySpan<int> InputShape => inner.InputShape;
        public ReadOnlySpan<int> OutputShape => inner.OutputShape;
        public IReadOnlyList<Tensor> Parameters => inner.Parameters;
        public IReadOnlyList<Tensor> State => inner.State;
        public int Seed { get => inner.Seed; set => inner.Seed = value; }
        public long TrainingSteps { get => inner.TrainingSteps; set => inner.TrainingSteps = value; }
        public NetworkGraph Graph => inner.Graph;
        public NetworkBuffers CreateBuffers(int capacity) => inner.CreateBuffers(capacity);
        public double Evaluate(NetworkBuffers buffers) => inner.Evaluate(buffers);
        public void Predict(ReadOnlySpan<float> input, Span<float> output) => inner.Predict(input, output);
        public int Classify(ReadOnlySpan<float> input) => inner.Classify(input);
        public virtual double TrainStep(NetworkBuffers buffers) => inner.TrainStep(buffers);
    }

    /// <summary>A generated network whose gradient of one tensor is made wrong after the fact, in its float32
    /// TrainStep or in its float64 twin's.</summary>
    private sealed class BrokenBackward(INetwork inner, string tensor, bool breakTwin) : Delegating(inner), IHasFloat64Twin
    {
        public override double TrainStep(NetworkBuffers buffers)
        {
            var loss = Inner.TrainStep(buffers);
            if (!breakTwin)
                Break(buffers.Gradients.Single(g => g.Name == tensor + ".grad").Data);
            return loss;
        }

        public INetwork64 CreateFloat64Twin() => new BrokenTwin(((IHasFloat64Twin)Inner).CreateFloat64Twin(), breakTwin ? tensor : null);

        // Every other entry's sign flipped and a third added: wrong by far more than any rounding.
        private static void Break<T>(T[] gradient) where T : System.Numerics.INumber<T>
        {
            for (var i = 0; i < gradient.Length; i += 2)
                gradient[i] = -gradient[i] + T.One / (T.One + T.One + T.One);
        }

        private sealed class BrokenTwin(INetwork64 inner, string? tensor) : INetwork64
        {
            public IReadOnlyList<Tensor64> Parameters => inner.Parameters;
            public long TrainingSteps { get => inner.TrainingSteps; set => inner.TrainingSteps = value; }
            public NetworkBuffers64 CreateBuffers(int capacity) => inner.CreateBuffers(capacity);
            public double Loss(NetworkBuffers64 buffers) => inner.Loss(buffers);

            public double TrainStep(NetworkBuffers64 buffers)
            {
                var loss = inner.TrainStep(buffers);
                if (tensor is not null)
                    Break(buffers.Gradients.Single(g => g.Name == tensor + ".grad").Data);
                return loss;
            }
        }
    }
}
