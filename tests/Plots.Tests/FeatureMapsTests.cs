namespace NetForge.Plots.Tests;

public class FeatureMapsTests
{
    [Fact]
    public void The_strongest_responses_of_a_feature_map_are_found_with_the_receptive_field_of_their_position()
    {
        var probe = Probe();
        var images = TrainedLeNet5.Test.Take(500);

        var patches = FeatureMaps.Strongest(probe, images, channel: 3, count: 9);

        Assert.Equal(9, patches.Count);
        // By brute force: every position of channel 3 of every image, the nine best images.
        var outputs = new float[probe.OutputLength];
        var best = Enumerable.Range(0, images.Count).Select(i =>
        {
            probe.Predict(images.Sample(i), outputs);
            return (Sample: i, Value: outputs.AsSpan(3 * 100, 100).ToArray().Max());
        }).OrderByDescending(b => b.Value).ThenBy(b => b.Sample).Take(9).ToList();
        Assert.Equal(best.Select(b => b.Sample), patches.Select(p => p.Sample));
        Assert.Equal(best.Select(b => b.Value), patches.Select(p => p.Activation));
        foreach (var patch in patches)
        {
            probe.Predict(images.Sample(patch.Sample), outputs);
            Assert.Equal(patch.Activation, outputs[3 * 100 + patch.Row * 10 + patch.Column]);
            // conv 5 (padding 2), pool 2, conv 5: 14 pixels, from 2 before the position's first pixel, two apart.
            Assert.Equal(new PixelWindow(patch.Row * 2 - 2, patch.Column * 2 - 2, 14, 14), patch.Window);
        }
    }

    [Fact]
    public void The_picture_has_a_tile_a_patch_in_rows_of_three()
    {
        var probe = Probe();
        var images = TrainedLeNet5.Test.Take(200);
        var patches = FeatureMaps.Strongest(probe, images, channel: 0);

        var decoded = Decoded.Of(FeatureMaps.Draw(images, InputImage.Of(probe.InputShape), patches, "conv2 channel 0"));

        Assert.Equal(9, patches.Count);
        Assert.True(decoded.Width >= 3 * 14 * 5 && decoded.Height >= 3 * 14 * 5, $"{decoded.Width}x{decoded.Height}");
    }

    [Fact]
    public void A_probe_that_ends_past_the_feature_maps_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => FeatureMaps.Strongest(TrainedLeNet5.Network(), TrainedLeNet5.Test.Take(2), 0));

        Assert.Contains("must end in feature maps", error.Message);
    }

    private static INetwork Probe()
    {
        var probe = new LeNet5Conv2(seed: 0);
        using var weights = new MemoryStream();
        TrainedLeNet5.Network().SaveWeights(weights);
        weights.Position = 0;
        var report = probe.LoadWeights(weights, new WeightLoadOptions { Partial = true });
        Assert.Equal(4, report.Loaded.Count);
        return probe;
    }
}
