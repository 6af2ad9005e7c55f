namespace NetForge.Plots.Tests;

public class FilterPictureTests
{
    [Fact]
    public void Each_weight_of_lenet5_s_first_filters_is_red_if_positive_blue_if_negative_and_as_deep_as_its_share_of_the_largest()
    {
        var weight = TrainedLeNet5.Network().Parameters.Single(p => p.Name == "conv1.weight");

        var decoded = Decoded.Of(FilterPicture.Draw(weight));

        var zoom = FilterPicture.Zoom(5);
        Assert.Equal(9, zoom);
        for (var f = 0; f < 6; f++)
        {
            var values = weight.Data.AsSpan(f * 25, 25).ToArray();
            var largest = values.Max(Math.Abs);
            var (x0, y0) = FilterPicture.TileOrigin(f, 0, 6, 1, 5 * zoom, 5 * zoom);
            for (var k = 0; k < 25; k++)
                Assert.Equal(Palette.Diverging(values[k] / largest), decoded[x0 + k % 5 * zoom + zoom / 2, y0 + k / 5 * zoom + zoom / 2]);
            // The weight of largest magnitude is full red or full blue.
            var extreme = Palette.Diverging(Math.Sign(values[Array.IndexOf(values.Select(Math.Abs).ToArray(), largest)]));
            Assert.Contains(extreme, decoded.Colours(x0, y0, 5 * zoom, 5 * zoom));
        }
        Assert.True(decoded.Width >= 12 + 6 * 5 * zoom);
    }

    [Fact]
    public void A_tensor_that_is_not_a_convolution_s_weight_is_refused_by_name()
    {
        var error = Assert.Throws<ArgumentException>(() => FilterPicture.Draw(new Tensor("dense1.weight", 10, 4)));

        Assert.StartsWith("dense1.weight has shape [10, 4]", error.Message);
    }
}
