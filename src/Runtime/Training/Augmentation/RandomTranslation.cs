namespace NetForge;

/// <summary>
/// Shifts each image by a whole number of pixels drawn uniformly from [−<see cref="MaxPixels"/>,
/// <see cref="MaxPixels"/>], vertically and horizontally apart, filling what is uncovered with zeros: Keras's
/// <c>RandomTranslation</c> with <c>fill_mode="constant"</c>, or torchvision's <c>RandomAffine(degrees=0,
/// translate=...)</c>, in pixels rather than fractions of the image. Every channel moves alike.
/// </summary>
public sealed class RandomTranslation : IAugmentation
{
    /// <summary>Creates the augmentation.</summary>
    /// <param name="maxPixels">The largest shift in each direction; zero or positive.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxPixels"/> is negative.</exception>
    public RandomTranslation(int maxPixels)
    {
        if (maxPixels < 0)
            throw new ArgumentOutOfRangeException(nameof(maxPixels), maxPixels,
                FormattableString.Invariant($"RandomTranslation's maxPixels is {maxPixels}; it must be zero or positive."));
        MaxPixels = maxPixels;
    }

    /// <summary>The largest shift in each direction, in pixels.</summary>
    public int MaxPixels { get; }

    /// <inheritdoc />
    public void Apply(Span<float> inputs, int count, ReadOnlySpan<int> sampleShape, ulong seed)
    {
        var (channels, height, width) = ImageBatch.Check(nameof(RandomTranslation), inputs, count, sampleShape);
        var size = channels * height * width;
        for (var n = 0; n < count; n++)
        {
            var random = ImageBatch.Sample(seed, n);
            var down = random.NextBelow(2 * MaxPixels + 1) - MaxPixels;
            var right = random.NextBelow(2 * MaxPixels + 1) - MaxPixels;
            Translate(inputs.Slice(n * size, size), channels, height, width, down, right);
        }
    }

    /// <summary>
    /// Moves an image <paramref name="down"/> rows down and <paramref name="right"/> columns right (negative values
    /// move it up and left), in place: pixel (y, x) takes the value of (y − down, x − right), or zero where that
    /// lies outside.
    /// </summary>
    internal static void Translate(Span<float> sample, int channels, int height, int width, int down, int right)
    {
        if (down == 0 && right == 0)
            return;
        var plane = height * width;
        var rows = height - Math.Abs(down);
        var kept = width - Math.Abs(right);
        var from = Math.Max(0, -right);
        var to = Math.Max(0, right);
        for (var c = 0; c < channels; c++)
        {
            var image = sample.Slice(c * plane, plane);
            if (rows <= 0 || kept <= 0)
            {
                image.Clear();
                continue;
            }
            // Rows moving down are written bottom-up, and rows moving up top-down, so that each is read before it
            // is overwritten; within a row, CopyTo allows the overlap.
            for (var k = 0; k < rows; k++)
            {
                var y = down > 0 ? height - 1 - k : k;
                var row = image.Slice(y * width, width);
                image.Slice((y - down) * width + from, kept).CopyTo(row.Slice(to, kept));
                row[..to].Clear();
                row[(to + kept)..].Clear();
            }
            if (down > 0)
                image[..(down * width)].Clear();
            else
                image[(rows * width)..].Clear();
        }
    }
}
