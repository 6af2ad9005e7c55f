namespace NetForge;

/// <summary>
/// Applies augmentations one after another to each batch, each with its own seed drawn from the batch's:
/// torchvision's <c>transforms.Compose</c>, or a Keras <c>Sequential</c> of preprocessing layers.
/// </summary>
public sealed class AugmentationPipeline : IAugmentation
{
    private readonly IAugmentation[] _stages;

    /// <summary>Creates the pipeline.</summary>
    /// <param name="stages">The augmentations, in the order they run; none may be null. None at all is allowed,
    /// and changes nothing.</param>
    /// <exception cref="ArgumentException">A stage is null.</exception>
    public AugmentationPipeline(params IAugmentation[] stages)
    {
        ArgumentNullException.ThrowIfNull(stages);
        for (var i = 0; i < stages.Length; i++)
        {
            if (stages[i] is null)
                throw new ArgumentException(FormattableString.Invariant($"Stage {i} of the augmentation pipeline is null."), nameof(stages));
        }
        _stages = (IAugmentation[])stages.Clone();
        Stages = Array.AsReadOnly(_stages);
    }

    /// <summary>The augmentations, in the order they run.</summary>
    public IReadOnlyList<IAugmentation> Stages { get; }

    /// <inheritdoc />
    public void Apply(Span<float> inputs, int count, ReadOnlySpan<int> sampleShape, ulong seed)
    {
        ImageBatch.Check(nameof(AugmentationPipeline), inputs, count, sampleShape);
        for (var i = 0; i < _stages.Length; i++)
            _stages[i].Apply(inputs, count, sampleShape, ImageBatch.Derive(seed, i));
    }
}
