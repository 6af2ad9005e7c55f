namespace NetForge;

/// <summary>
/// Pads each image with <see cref="Padding"/> zeros on every side and crops it back to its own height and width at
/// an offset drawn uniformly from [0, 2·padding] in each direction: torchvision's <c>RandomCrop(size,
/// padding=padding)</c> with the image's own size, the usual augmentation for CIFAR-10. The result is a shift by up
/// to <see cref="Padding"/> pixels with zero fill, drawn as <see cref="RandomTranslation"/> draws its shifts.
/// </summary>
public sealed class RandomCrop : IAugmentation
{
    /// <summary>Creates the augmentation.</summary>
    /// <param name="padding">The zeros added on each side before cropping; zero or positive.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="padding"/> is negative.</exception>
    public RandomCrop(int padding)
    {
        if (padding < 0)
            throw new ArgumentOutOfRangeException(nameof(padding), padding,
                FormattableString.Invariant($"RandomCrop's padding is {padding}; it must be zero or positive."));
        Padding = padding;
    }

    /// <summary>The zeros added on each side before cropping.</summary>
    public int Padding { get; }

    /// <inheritdoc />
    public void Apply(Span<float> inputs, int count, ReadOnlySpan<int> sampleShape, ulong seed)
    {
        var (channels, height, width) = ImageBatch.Check(nameof(RandomCrop), inputs, count, sampleShape);
        var size = channels * height * width;
        for (var n = 0; n < count; n++)
        {
            var random = ImageBatch.Sample(seed, n);
            var top = random.NextBelow(2 * Padding + 1);
            var left = random.NextBelow(2 * Padding + 1);
            // The crop's pixel (y, x) is the padded image's (y + top, x + left), the image's (y + top − padding, ...).
            RandomTranslation.Translate(inputs.Slice(n * size, size), channels, height, width, Padding - top, Padding - left);
        }
    }
}
