namespace NetForge;

/// <summary>
/// A random transformation of images of shape [channels, height, width], applied in place to a batch: what
/// <see cref="TrainerOptions.Augmentation"/> runs on every training batch. Every random choice comes from the seed,
/// so the same seed and inputs give the same result. <see cref="RandomTranslation"/>, <see cref="RandomCrop"/>,
/// <see cref="RandomHorizontalFlip"/>, <see cref="RandomRotation"/> and <see cref="GaussianNoise"/> are
/// provided, and <see cref="AugmentationPipeline"/> chains them. An implementation may keep scratch space between
/// calls, so one instance must not be used by two threads at once.
/// </summary>
public interface IAugmentation
{
    /// <summary>Transforms the first <paramref name="count"/> samples of <paramref name="inputs"/> in place.</summary>
    /// <param name="inputs">The samples one after another, each [channels, height, width] row-major.</param>
    /// <param name="count">The number of samples to transform.</param>
    /// <param name="sampleShape">The shape of one sample: [channels, height, width].</param>
    /// <param name="seed">Fixes every random choice; each sample draws its own from it and its index.</param>
    /// <exception cref="ArgumentException"><paramref name="sampleShape"/> is not [channels, height, width] with
    /// positive extents, or <paramref name="inputs"/> holds fewer than <paramref name="count"/> samples.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    void Apply(Span<float> inputs, int count, ReadOnlySpan<int> sampleShape, ulong seed);
}
