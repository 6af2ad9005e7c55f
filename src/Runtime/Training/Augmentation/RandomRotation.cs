namespace NetForge;

/// <summary>
/// Rotates each image about its centre by an angle drawn uniformly from [−<see cref="MaxDegrees"/>,
/// <see cref="MaxDegrees"/>] degrees (positive turns it counter-clockwise, as seen), sampling with bilinear
/// interpolation and filling what comes from outside with zeros: torchvision's <c>RandomRotation(degrees,
/// interpolation=BILINEAR)</c>, Keras's <c>RandomRotation</c> with <c>fill_mode="constant"</c> and its factor in
/// degrees rather than turns. Every channel turns alike. It keeps one image of scratch space, allocated by its first
/// batch and reused.
/// </summary>
public sealed class RandomRotation : IAugmentation
{
    private float[] _scratch = [];

    /// <summary>Creates the augmentation.</summary>
    /// <param name="maxDegrees">The largest angle either way, in [0, 180] degrees.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDegrees"/> is outside [0, 180] or NaN.</exception>
    public RandomRotation(double maxDegrees)
    {
        if (!(maxDegrees >= 0 && maxDegrees <= 180))
            throw new ArgumentOutOfRangeException(nameof(maxDegrees), maxDegrees,
                FormattableString.Invariant($"RandomRotation's maxDegrees is {maxDegrees}; it must be in [0, 180]."));
        MaxDegrees = maxDegrees;
    }

    /// <summary>The largest angle either way, in degrees.</summary>
    public double MaxDegrees { get; }

    /// <inheritdoc />
    public void Apply(Span<float> inputs, int count, ReadOnlySpan<int> sampleShape, ulong seed)
    {
        var (channels, height, width) = ImageBatch.Check(nameof(RandomRotation), inputs, count, sampleShape);
        var size = channels * height * width;
        if (_scratch.Length < size)
            _scratch = new float[size];
        for (var n = 0; n < count; n++)
        {
            var random = ImageBatch.Sample(seed, n);
            var degrees = (2 * ImageBatch.NextDouble(ref random) - 1) * MaxDegrees;
            Rotate(inputs.Slice(n * size, size), _scratch, channels, height, width, degrees);
        }
    }

    /// <summary>
    /// Rotates an image in place by <paramref name="degrees"/> counter-clockwise about its centre, copying it into
    /// <paramref name="scratch"/> first.
    /// </summary>
    internal static void Rotate(Span<float> sample, Span<float> scratch, int channels, int height, int width, double degrees)
    {
        if (degrees == 0)
            return;
        var source = scratch[..sample.Length];
        sample.CopyTo(source);
        var (sin, cos) = Math.SinCos(degrees * (Math.PI / 180));
        var centreX = (width - 1) / 2.0;
        var centreY = (height - 1) / 2.0;
        var plane = height * width;
        for (var y = 0; y < height; y++)
        {
            var v = y - centreY;
            for (var x = 0; x < width; x++)
            {
                // With y pointing down, turning counter-clockwise by θ takes offset (u, v) to
                // (u·cos θ + v·sin θ, −u·sin θ + v·cos θ); each pixel reads where the inverse turn puts it.
                var u = x - centreX;
                var sourceX = u * cos - v * sin + centreX;
                var sourceY = u * sin + v * cos + centreY;
                var x0 = (int)Math.Floor(sourceX);
                var y0 = (int)Math.Floor(sourceY);
                if (x0 < -1 || x0 >= width || y0 < -1 || y0 >= height)
                {
                    for (var c = 0; c < channels; c++)
                        sample[c * plane + y * width + x] = 0;
                    continue;
                }
                var fx = (float)(sourceX - x0);
                var fy = (float)(sourceY - y0);
                for (var c = 0; c < channels; c++)
                {
                    var image = source.Slice(c * plane, plane);
                    var top = (1 - fx) * Pixel(image, height, width, y0, x0) + fx * Pixel(image, height, width, y0, x0 + 1);
                    var bottom = (1 - fx) * Pixel(image, height, width, y0 + 1, x0) + fx * Pixel(image, height, width, y0 + 1, x0 + 1);
                    sample[c * plane + y * width + x] = (1 - fy) * top + fy * bottom;
                }
            }
        }
    }

    private static float Pixel(ReadOnlySpan<float> image, int height, int width, int y, int x) =>
        (uint)y < (uint)height && (uint)x < (uint)width ? image[y * width + x] : 0f;
}
