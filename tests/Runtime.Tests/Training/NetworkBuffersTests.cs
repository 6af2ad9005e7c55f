namespace NetForge.Runtime.Tests.Training;

public class NetworkBuffersTests
{
    [Theory]
    [InlineData(int.MaxValue, 784, 10)]
    [InlineData(2_739_138, 784, 10)]
    [InlineData(2_147_484, 1, 1000)]
    [InlineData(int.MaxValue, 1, 1)]
    [InlineData(1_073_741_824, 2, 2)]
    public void A_capacity_whose_arrays_would_overflow_is_rejected_with_the_limit(int capacity, int inputSize, int outputSize)
    {
        var largest = Math.Max(inputSize, outputSize);

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new PlainBuffers(capacity, inputSize, outputSize, TargetKind.Values, []));

        Assert.Equal("capacity", e.ParamName);
        Assert.Contains($"samples of {largest} values", e.Message);
        Assert.Contains($"at most {Array.MaxLength / largest} samples fit", e.Message);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(-3, 1)]
    [InlineData(1, 0)]
    [InlineData(1, int.MinValue)]
    public void Sizes_that_are_not_positive_are_rejected(int inputSize, int outputSize)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PlainBuffers(4, inputSize, outputSize, TargetKind.ClassLabels, []));
    }

    [Fact]
    public void A_capacity_that_fits_gets_every_buffer()
    {
        var buffers = new PlainBuffers(5, 3, 2, TargetKind.Values, []);

        Assert.Equal(15, buffers.Inputs.Length);
        Assert.Equal(10, buffers.Outputs.Length);
        Assert.Equal(10, buffers.Targets.Length);
        Assert.Empty(buffers.Labels);
    }
}
