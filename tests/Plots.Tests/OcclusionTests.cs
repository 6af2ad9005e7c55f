namespace NetForge.Plots.Tests;

public class OcclusionTests
{
    private const int Trouser = 1;

    [Fact]
    public void The_map_of_a_trouser_image_is_hottest_over_the_trousers_not_the_background()
    {
        var network = TrainedLeNet5.Network();
        var index = Enumerable.Range(0, TrainedLeNet5.Test.Count).First(i => TrainedLeNet5.Test.Label(i) == Trouser && network.Classify(TrainedLeNet5.Test.Sample(i)) == Trouser);
        var sample = TrainedLeNet5.Test.Sample(index);
        var grey = (0.5f - FashionMnist.Mean) / FashionMnist.StandardDeviation;

        var map = Occlusion.Map(network, sample, Trouser, patch: 6, stride: 2, fill: grey);

        var pixels = TrainedLeNet5.Pixels(index);
        var garment = Enumerable.Range(0, 784).Where(p => pixels[p] > 40).ToList();
        var background = Enumerable.Range(0, 784).Where(p => pixels[p] < 5).ToList();
        Assert.True(garment.Count > 100 && background.Count > 100, $"{garment.Count} garment and {background.Count} background pixels");
        var onGarment = garment.Average(p => map[p]);
        var onBackground = background.Average(p => map[p]);
        Assert.True(onGarment > 2 * onBackground && onGarment > 0, $"mean drop {onGarment:F4} over the trousers, {onBackground:F4} over the background");
        // The hottest pixel lies within the trousers' outline (which takes in the gap between the legs), and the
        // outline is far hotter than what lies outside it.
        var (top, bottom) = (garment.Min(p => p / 28), garment.Max(p => p / 28));
        var (left, right) = (garment.Min(p => p % 28), garment.Max(p => p % 28));
        bool Inside(int p) => p / 28 >= top && p / 28 <= bottom && p % 28 >= left && p % 28 <= right;
        var hottest = Array.IndexOf(map, map.Max());
        Assert.True(Inside(hottest), $"the hottest pixel ({hottest % 28}, {hottest / 28}) is outside the trousers' outline");
        var inside = Enumerable.Range(0, 784).Where(Inside).Average(p => map[p]);
        var outside = Enumerable.Range(0, 784).Where(p => !Inside(p)).Average(p => map[p]);
        Assert.True(inside > 3 * Math.Max(outside, 0), $"mean drop {inside:G3} inside the outline, {outside:G3} outside");
    }

    [Fact]
    public void The_picture_shows_the_image_and_beside_it_the_heat_brightest_where_the_map_is_largest()
    {
        INetwork network = TrainedLeNet5.Network();
        var sample = TrainedLeNet5.Test.Sample(2);
        var map = Occlusion.Map(network, sample, network.Classify(sample), patch: 4, stride: 2, fill: 0f);
        var image = InputImage.Of(network.InputShape);

        var decoded = Decoded.Of(Occlusion.Draw(image, sample, map, "trouser"));

        var zoom = Occlusion.Zoom(image);
        Assert.Equal(8, zoom);
        Assert.Equal((3 * Occlusion.Margin + 2 * 28 * zoom, Occlusion.Top + 28 * zoom + Occlusion.Margin), (decoded.Width, decoded.Height));
        var heatLeft = 2 * Occlusion.Margin + 28 * zoom;
        var hottest = Array.IndexOf(map, map.Max());
        var coldest = Array.IndexOf(map, map.Min());
        double Brightness(int p) => Decoded.Luma(decoded[heatLeft + p % 28 * zoom + zoom / 2, Occlusion.Top + p / 28 * zoom + zoom / 2]);
        Assert.True(Brightness(hottest) > Brightness(coldest) + 100, $"{Brightness(hottest)} against {Brightness(coldest)}");
        // The left image is the sample in grey: its brightest input pixel is white.
        var brightest = sample.ToArray().Select((v, i) => (v, i)).Max().i;
        Assert.Equal(Rgb.White, decoded[Occlusion.Margin + brightest % 28 * zoom, Occlusion.Top + brightest / 28 * zoom]);
    }
}
