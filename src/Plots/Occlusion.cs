using System.Globalization;

namespace NetForge.Plots;

/// <summary>
/// Which part of an image a classifier looks at, found as Zeiler and Fergus did: a grey patch is slid over the image,
/// and each pixel gets the mean drop in the class's probability over the patches that cover it.
/// </summary>
public static class Occlusion
{
    /// <summary>The map of probability drops, [height, width] row by row: positive where hiding the pixel lowers the
    /// class's probability.</summary>
    /// <param name="network">The classifier.</param>
    /// <param name="sample">One input, scaled as the network was trained.</param>
    /// <param name="classIndex">The class whose probability is watched, usually the predicted one.</param>
    /// <param name="patch">The side of the square patch in pixels.</param>
    /// <param name="stride">How far the patch moves each time.</param>
    /// <param name="fill">The value the patch writes, in the network's input units (grey: the scaled value of a mid-grey pixel).</param>
    public static float[] Map(INetwork network, ReadOnlySpan<float> sample, int classIndex, int patch, int stride, float fill)
    {
        ArgumentNullException.ThrowIfNull(network);
        var image = InputImage.Of(network.InputShape);
        if (sample.Length != network.InputLength)
            throw new ArgumentException(FormattableString.Invariant($"The sample has {sample.Length} values; the network takes {network.InputLength}."), nameof(sample));
        ArgumentOutOfRangeException.ThrowIfNegative(classIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(classIndex, network.OutputLength);
        ArgumentOutOfRangeException.ThrowIfLessThan(patch, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(patch, Math.Min(image.Height, image.Width));
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);

        var probabilities = new float[network.OutputLength];
        ClassProbabilities.Predict(network, sample, probabilities);
        var baseline = probabilities[classIndex];
        var drops = new double[image.Height * image.Width];
        var covers = new int[image.Height * image.Width];
        var occluded = new float[sample.Length];
        var plane = image.Height * image.Width;
        foreach (var top in Starts(image.Height, patch, stride))
        {
            foreach (var left in Starts(image.Width, patch, stride))
            {
                sample.CopyTo(occluded);
                for (var c = 0; c < image.Channels; c++)
                {
                    for (var y = top; y < top + patch; y++)
                        occluded.AsSpan(c * plane + y * image.Width + left, patch).Fill(fill);
                }
                ClassProbabilities.Predict(network, occluded, probabilities);
                var drop = baseline - probabilities[classIndex];
                for (var y = top; y < top + patch; y++)
                {
                    for (var x = left; x < left + patch; x++)
                    {
                        drops[y * image.Width + x] += drop;
                        covers[y * image.Width + x]++;
                    }
                }
            }
        }
        return drops.Select((d, i) => (float)(d / covers[i])).ToArray();
    }

    /// <summary>Draws the image beside itself under the map as heat: dark where hiding a pixel changes nothing, bright
    /// where it costs the class most.</summary>
    /// <param name="image">The input's geometry.</param>
    /// <param name="sample">The input.</param>
    /// <param name="map">What <see cref="Map"/> returned for it.</param>
    /// <param name="title">What the picture says above the image, such as the class and its probability.</param>
    public static Picture Draw(InputImage image, ReadOnlySpan<float> sample, ReadOnlySpan<float> map, string title)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(title);
        var zoom = Zoom(image);
        var (width, height) = (image.Width * zoom, image.Height * zoom);
        var picture = new Picture(3 * Margin + 2 * width, Top + height + Margin, Rgb.White);
        PixelFont.Draw(picture, Margin, 8, title, Palette.Ink, 2);
        image.Draw(picture, Margin, Top, sample, zoom);
        var largest = 0f;
        foreach (var v in map)
            largest = Math.Max(largest, v);
        var heatLeft = 2 * Margin + width;
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                var under = picture[Margin + x * zoom, Top + y * zoom];
                var heat = Palette.Heat(largest > 0 ? Math.Max(0, map[y * image.Width + x]) / largest : 0);
                // The heat over a faint copy of the image, so that the hot region can be told apart from the object.
                picture.Fill(heatLeft + x * zoom, Top + y * zoom, zoom, zoom, heat.Towards(under, 0.25));
            }
        }
        PixelFont.Draw(picture, heatLeft, Top - 14, string.Create(CultureInfo.InvariantCulture, $"probability drop, up to {largest:G3}"), Palette.Ink);
        return picture;
    }

    /// <summary>The pixels each input pixel takes in <see cref="Draw"/>.</summary>
    public static int Zoom(InputImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Math.Max(1, 224 / Math.Max(image.Height, image.Width));
    }

    /// <summary>The margin around and between the two images in <see cref="Draw"/>.</summary>
    public const int Margin = 16;

    /// <summary>The pixel row where both images start in <see cref="Draw"/>.</summary>
    public const int Top = 52;

    // Every start a stride apart, and the last one flush with the edge, so that every pixel is covered.
    private static IEnumerable<int> Starts(int extent, int patch, int stride)
    {
        var last = extent - patch;
        for (var start = 0; start < last; start += stride)
            yield return start;
        yield return last;
    }
}
