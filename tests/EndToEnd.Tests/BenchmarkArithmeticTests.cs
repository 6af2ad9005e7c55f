using Examples.FashionMnist;
using NetForge.Benchmark;

namespace NetForge.EndToEnd.Tests;

/// <summary>The arithmetic the benchmark's limit counts, against the protocol's own figures.</summary>
public class BenchmarkArithmeticTests
{
    [Fact]
    public void The_limit_counts_the_protocols_flops_per_sample()
    {
        // The shared protocol: the MLP needs 1,007,104 FLOP per sample, LeNet-5 2,263,920.
        Assert.Equal(1_007_104, EpochArithmetic.FlopsPerSample(new Mlp(seed: 0)));
        Assert.Equal(2_263_920, EpochArithmetic.FlopsPerSample(new LeNet5(seed: 0)));
    }

    [Fact]
    public void A_network_whose_first_layer_is_a_convolution_skips_only_that_layers_input_gradient()
    {
        // conv2d(8, 3x3, padding 1) on [1, 28, 28]: 72 weights at 784 positions; then dense 6272 -> 10.
        const double conv = 2.0 * 72 * 784;
        const double dense = 2.0 * 6272 * 10;
        Assert.Equal(2 * conv + 3 * dense, EpochArithmetic.FlopsPerSample(new ConvThenDense(seed: 0)));
    }
}
