namespace NetForge;

/// <summary>How <see cref="GradientCheck"/> differentiates numerically.</summary>
public sealed record GradientCheckOptions
{
    /// <summary>Entries checked per parameter tensor, spread over it at random; a smaller tensor is checked whole.
    /// Each costs two forward passes of the batch in float64. 20 by default.</summary>
    public int EntriesPerTensor { get; init; } = 20;

    /// <summary>The step h of the centred difference (L(w + h) − L(w − h)) / 2h; 1e-6 by default, where double's
    /// rounding of the loss and the difference's own truncation error are both near 1e-10 of the gradient.</summary>
    public double Step { get; init; } = 1e-6;

    /// <summary>Gradients below this magnitude are compared by absolute error: the rounding of the loss, not the
    /// gradient, decides their numeric difference. 1e-8 by default.</summary>
    public double Floor { get; init; } = 1e-8;

    /// <summary>Chooses the entries checked.</summary>
    public int Seed { get; init; }
}
