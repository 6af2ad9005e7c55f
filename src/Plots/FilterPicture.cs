using System.Globalization;

namespace NetForge.Plots;

/// <summary>
/// A convolution's filters as a grid of small pictures, one per filter and input channel, each weight a block of
/// pixels: red for positive, blue for negative, white for zero, scaled by the largest magnitude of its filter, so that
/// each filter shows its own pattern (edges, blobs) whatever its overall size.
/// </summary>
public static class FilterPicture
{
    private const int Gap = 6, Margin = 12, TitleHeight = 36, TileTarget = 48, MaxFilters = 64, MaxChannels = 8;

    /// <summary>The pixels each weight of a filter of <paramref name="kernel"/> × <paramref name="kernel"/> takes.</summary>
    public static int Zoom(int kernel) => Math.Max(1, TileTarget / Math.Max(1, kernel));

    /// <summary>Draws the filters of a weight tensor of shape [filters, channels, height, width], as PyTorch lays out conv2d weights.</summary>
    /// <exception cref="ArgumentException">The tensor is not four-dimensional.</exception>
    public static Picture Draw(Tensor weight)
    {
        ArgumentNullException.ThrowIfNull(weight);
        if (weight.Shape.Length != 4)
            throw new ArgumentException(weight.Name + " has shape " + weight.ShapeText + "; filters need [filters, channels, height, width].", nameof(weight));
        var (allFilters, allChannels, height, width) = (weight.Shape[0], weight.Shape[1], weight.Shape[2], weight.Shape[3]);
        // A deep layer's filters would make a picture too large to look at: the first ones stand for them.
        var (filters, channels) = (Math.Min(allFilters, MaxFilters), Math.Min(allChannels, MaxChannels));
        var zoom = Zoom(Math.Max(height, width));
        var (tileWidth, tileHeight) = (width * zoom, height * zoom);
        // Filters run across a row, eight at most; a filter of several channels takes one tile a channel, side by side.
        var perRow = channels == 1 ? Math.Min(filters, 8) : 1;
        var rows = (filters + perRow - 1) / perRow;
        var columns = perRow * channels;
        var title = string.Create(CultureInfo.InvariantCulture, $"{weight.Name}: {allFilters} filters of {allChannels}x{height}x{width}")
            + (filters < allFilters || channels < allChannels ? string.Create(CultureInfo.InvariantCulture, $", the first {filters} x {channels} drawn") : "");
        var picture = new Picture(
            Math.Max(2 * Margin + columns * (tileWidth + Gap), 2 * Margin + PixelFont.Width(title, 2)),
            TitleHeight + Margin + rows * (tileHeight + Gap),
            Rgb.White);
        PixelFont.Draw(picture, Margin, 8, title, Palette.Ink, 2);
        var size = allChannels * height * width;
        for (var f = 0; f < filters; f++)
        {
            var values = weight.Data.AsSpan(f * size, size);
            var largest = 0f;
            foreach (var v in values)
                largest = Math.Max(largest, Math.Abs(v));
            for (var c = 0; c < channels; c++)
            {
                var (x0, y0) = TileOrigin(f, c, perRow, channels, tileWidth, tileHeight);
                for (var y = 0; y < height; y++)
                {
                    for (var x = 0; x < width; x++)
                    {
                        var v = values[(c * height + y) * width + x];
                        picture.Fill(x0 + x * zoom, y0 + y * zoom, zoom, zoom, Palette.Diverging(largest == 0 ? 0 : v / largest));
                    }
                }
            }
        }
        return picture;
    }

    /// <summary>The top left pixel of a filter's tile for one input channel.</summary>
    internal static (int X, int Y) TileOrigin(int filter, int channel, int filtersPerRow, int channels, int tileWidth, int tileHeight)
    {
        var column = filter % filtersPerRow * channels + channel;
        var row = filter / filtersPerRow;
        return (Margin + column * (tileWidth + Gap), TitleHeight + row * (tileHeight + Gap));
    }
}
