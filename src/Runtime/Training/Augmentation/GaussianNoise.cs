namespace NetForge;

/// <summary>
/// Adds to every value of each image a normal deviate of mean 0 and standard deviation
/// <see cref="StandardDeviation"/>, drawn by the Box–Muller transform: Keras's <c>GaussianNoise(stddev)</c>,
/// torchvision's <c>GaussianNoise(mean=0, sigma)</c> without its clipping.
/// </summary>
public sealed class GaussianNoise : IAugmentation
{
    /// <summary>Creates the augmentation.</summary>
    /// <param name="standardDeviation">The noise's standard deviation; zero or positive, and finite.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="standardDeviation"/> is negative, infinite or NaN.</exception>
    public GaussianNoise(double standardDeviation)
    {
        if (!(standardDeviation >= 0) || double.IsPositiveInfinity(standardDeviation))
            throw new ArgumentOutOfRangeException(nameof(standardDeviation), standardDeviation,
                FormattableString.Invariant($"GaussianNoise's standardDeviation is {standardDeviation}; it must be zero or positive, and finite."));
        StandardDeviation = standardDeviation;
    }

    /// <summary>The noise's standard deviation.</summary>
    public double StandardDeviation { get; }

    /// <inheritdoc />
    public void Apply(Span<float> inputs, int count, ReadOnlySpan<int> sampleShape, ulong seed)
    {
        var (channels, height, width) = ImageBatch.Check(nameof(GaussianNoise), inputs, count, sampleShape);
        var size = channels * height * width;
        for (var n = 0; n < count; n++)
        {
            var random = ImageBatch.Sample(seed, n);
            var sample = inputs.Slice(n * size, size);
            for (var i = 0; i < size; i += 2)
            {
                var (first, second) = ImageBatch.NextGaussians(ref random);
                sample[i] += (float)(first * StandardDeviation);
                if (i + 1 < size)
                    sample[i + 1] += (float)(second * StandardDeviation);
            }
        }
    }
}
