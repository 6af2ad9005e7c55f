namespace NetForge;

/// <summary>
/// Mirrors each image left to right with probability <see cref="Probability"/>: torchvision's
/// <c>RandomHorizontalFlip(p=0.5)</c>, Keras's <c>RandomFlip("horizontal")</c>.
/// </summary>
public sealed class RandomHorizontalFlip : IAugmentation
{
    /// <summary>Creates the augmentation.</summary>
    /// <param name="probability">The chance that an image is flipped, in [0, 1]; torchvision's default 0.5.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="probability"/> is outside [0, 1] or NaN.</exception>
    public RandomHorizontalFlip(double probability = 0.5)
    {
        if (!(probability >= 0 && probability <= 1))
            throw new ArgumentOutOfRangeException(nameof(probability), probability,
                FormattableString.Invariant($"RandomHorizontalFlip's probability is {probability}; it must be in [0, 1]."));
        Probability = probability;
    }

    /// <summary>The chance that an image is flipped.</summary>
    public double Probability { get; }

    /// <inheritdoc />
    public void Apply(Span<float> inputs, int count, ReadOnlySpan<int> sampleShape, ulong seed)
    {
        var (channels, height, width) = ImageBatch.Check(nameof(RandomHorizontalFlip), inputs, count, sampleShape);
        var size = channels * height * width;
        for (var n = 0; n < count; n++)
        {
            var random = ImageBatch.Sample(seed, n);
            if (ImageBatch.NextDouble(ref random) < Probability)
                Flip(inputs.Slice(n * size, size), width);
        }
    }

    /// <summary>Mirrors every row of an image, whatever its channels and height.</summary>
    internal static void Flip(Span<float> sample, int width)
    {
        for (var start = 0; start < sample.Length; start += width)
            sample.Slice(start, width).Reverse();
    }
}
