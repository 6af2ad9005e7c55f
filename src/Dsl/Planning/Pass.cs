namespace NetForge.Dsl.Planning;

/// <summary>Whether a pass trains (dropout drops, batch norm uses the batch's statistics) or infers.</summary>
public enum Mode
{
    /// <summary>What a training step runs.</summary>
    Training,

    /// <summary>What predictions and evaluations run.</summary>
    Inference,
}

/// <summary>
/// One step of a pass with the buffers it reads and writes. The backward of a training pass visits the same steps
/// in reverse: it reads the gradient of <see cref="Output"/> and, when <see cref="WritesInputGradient"/>, writes the
/// gradient of <see cref="Input"/>.
/// </summary>
/// <param name="Step">The fused step.</param>
/// <param name="Input">The buffer it reads.</param>
/// <param name="Output">The buffer it writes; the input itself when the step only renames its values.</param>
/// <param name="Labels">The labelled outputs it also reads (add, concat), with how their skip gradients are written.</param>
/// <param name="WritesInputGradient">False for a step whose input is the data (the first, or one after steps that
/// only rename the data).</param>
/// <param name="CollectsSkipGradient">The label of the step before, when skip connections send it gradient: the
/// backward adds that share once it has written the input gradient. Null otherwise.</param>
/// <param name="Saved">The buffers its training forward fills for its backward.</param>
/// <param name="Activated">Where a step with a fused pooling keeps its activated output, which the pooling reduces
/// into <paramref name="Output"/> and whose gradient the backward passes through; null for other steps.</param>
public sealed record PassStep(
    Step Step,
    PlanBuffer Input,
    PlanBuffer Output,
    EquatableArray<LabelInput> Labels,
    bool WritesInputGradient,
    string? CollectsSkipGradient,
    EquatableArray<SavedBufferOf> Saved,
    PlanBuffer? Activated = null)
{
    /// <summary>Whether the step's output is its input's buffer under another shape.</summary>
    public bool Aliases => Output == Input;

    /// <summary>
    /// The step as steps without a fused pooling, in forward order: itself, or its product and activation writing
    /// <see cref="Activated"/>, then its pooling reading it. A back-end without a fused kernel for the pair runs these.
    /// </summary>
    public IEnumerable<PassStep> Parts =>
        Step.Pool is { } pool && Activated is { } activated
            ? new[]
            {
                this with { Step = Step with { Pool = null }, Output = activated, Activated = null },
                new PassStep(new Step(pool, null, false), activated, Output, EquatableArray<LabelInput>.Empty, true, null, EquatableArray<SavedBufferOf>.Empty),
            }
            : new[] { this };
}

/// <summary>The steps one pass runs, in forward order, with the buffers they need.</summary>
/// <param name="Mode">Training or inference.</param>
/// <param name="Steps">The steps in forward order.</param>
public sealed record Pass(Mode Mode, EquatableArray<PassStep> Steps)
{
    /// <summary>The step buffers the pass writes, each once, in forward order.</summary>
    public IEnumerable<PlanBuffer> OwnedBuffers => Steps.SelectMany(s => s.Parts).Select(s => s.Output).Where(b => b.Kind == BufferKind.Step).Distinct();

    /// <summary>The labels whose outputs receive gradient through skip connections, each once, with their sizes.</summary>
    public IEnumerable<(string Label, int Size)> SkipGradients =>
        Steps.SelectMany(s => s.Labels).Where(l => l.TakesGradient).GroupBy(l => l.Label).Select(g => (g.Key, g.First().Buffer.Size));

    /// <summary>The buffers the training forward fills for the backward.</summary>
    public IEnumerable<SavedBufferOf> SavedBuffers => Steps.SelectMany(s => s.Saved);
}
