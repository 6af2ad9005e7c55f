using NetForge.Cpu;

namespace NetForge.Runtime.Tests.Cpu;

/// <summary>
/// The input gradient with the samples along the lanes (<see cref="SampleLaneInputGradient"/>) against the scatter it
/// replaces, which a sample alone still takes: the same bits, at every vector width and thread count, for LeNet-5's
/// second layer, padded layers, channels that are not whole blocks of six, and batches that end in a partial group.
/// </summary>
public class SampleLaneInputGradientTests
{
    private static readonly int[] ThreadCounts = [1, 2, 3];

    [Theory]
    [InlineData(64, 6, 14, 14, 16, 5, 0)]
    [InlineData(19, 6, 14, 14, 16, 5, 0)]
    [InlineData(8, 4, 9, 8, 5, 5, 1)]
    [InlineData(21, 7, 10, 10, 3, 6, 1)]
    [InlineData(33, 13, 12, 10, 5, 5, 0)]
    [InlineData(17, 7, 12, 12, 4, 7, 2)]
    public void Each_sample_gets_the_bits_the_scatter_gives_it_alone(int batch, int channels, int height, int width, int filters, int kernel, int padding)
    {
        var shape = new ConvShape(channels, height, width, filters, kernel, kernel, 1, padding);
        Assert.True(ConvBackwardKernel.InSampleLanes(shape, batch), $"{shape} at batch {batch} does not take the sample-lane form");
        Assert.False(ConvBackwardKernel.InSampleLanes(shape, 1));

        var random = new Random(batch * channels + kernel);
        var x = GradientCases.Uniform(random, batch * shape.InputSize, 1f);
        var w = GradientCases.Uniform(random, shape.WeightSize, 1f / MathF.Sqrt(shape.PatchSize));
        var y = GradientCases.Uniform(random, batch * shape.OutputSize, 1f);
        var dyOut = GradientCases.Uniform(random, batch * shape.OutputSize, 1f);

        var alone = new float[batch * shape.InputSize];
        for (var b = 0; b < batch; b++)
        {
            var dy = dyOut.AsSpan(b * shape.OutputSize, shape.OutputSize).ToArray();
            var dx = new float[shape.InputSize];
            Conv2D.Backward(x.AsSpan(b * shape.InputSize, shape.InputSize), w, y.AsSpan(b * shape.OutputSize, shape.OutputSize), dy, [], [], dx, 1, shape, new Identity());
            dx.CopyTo(alone, b * shape.InputSize);
        }

        var reference = ConvReference.Backward(x, w, dyOut, batch, shape);
        DenseReference.AssertClose(alone, reference.DX, reference.DXMagnitude, 1e-4, $"dx, {shape}");
        foreach (var vectorWidth in Enum.GetValues<VectorWidth>())
        {
            foreach (var threads in ThreadCounts)
            {
                var (dy, dw, db, dx) = ((float[])dyOut.Clone(), new float[shape.WeightSize], new float[shape.Filters], new float[batch * shape.InputSize]);
                using (Workers.Enter(threads))
                    ConvReference.Backward(vectorWidth, x, w, y, dy, dw, db, dx, batch, shape, new Identity());
                var differs = Enumerable.Range(0, dx.Length).FirstOrDefault(i => BitConverter.SingleToInt32Bits(dx[i]) != BitConverter.SingleToInt32Bits(alone[i]), -1);
                Assert.True(differs < 0, $"dx[{differs}] of batch {batch} differs at {vectorWidth} on {threads} threads, {shape}");
            }
        }
    }
}
