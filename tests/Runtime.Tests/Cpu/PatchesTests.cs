using NetForge.Cpu;

namespace NetForge.Runtime.Tests.Cpu;

public class PatchesTests
{
    [Fact]
    public void Spread_writes_every_target_value_once_the_sources_where_they_land_and_zero_elsewhere()
    {
        var random = new Random(11);
        for (var trial = 0; trial < 300; trial++)
        {
            var (channels, height, width) = (random.Next(1, 4), random.Next(1, 9), random.Next(1, 40));
            var step = random.Next(1, 4);
            var (top, left) = (random.Next(-3, 4), random.Next(-3, 4));
            var (targetHeight, targetWidth) = (random.Next(1, 3 * height + 4), random.Next(1, 3 * width + 4));
            var source = Enumerable.Range(1, channels * height * width).Select(i => (float)i).ToArray();
            var expected = new float[channels * targetHeight * targetWidth + 1];
            for (var c = 0; c < channels; c++)
                for (var u = 0; u < height; u++)
                    for (var v = 0; v < width; v++)
                    {
                        var (row, column) = (u * step + top, v * step + left);
                        if (row >= 0 && row < targetHeight && column >= 0 && column < targetWidth)
                            expected[(c * targetHeight + row) * targetWidth + column] = source[(c * height + u) * width + v];
                    }
            // Left over from an earlier use, and one value past the planes that must stay as it is.
            var target = Enumerable.Repeat(float.NaN, expected.Length).ToArray();
            expected[^1] = float.NaN;

            Patches.Spread(source, channels, height, width, target, targetHeight, targetWidth, step, top, left);

            Assert.True(expected.AsSpan().SequenceEqual(target),
                $"[{channels}, {height}, {width}] into [{targetHeight}, {targetWidth}], step {step}, offsets ({top}, {left})");
        }
    }
}
