namespace NetForge;

/// <summary>How <see cref="GradientCheck"/> differentiates numerically.</summary>
public sealed record GradientCheckOptions
{
    /// <summary>Entries checked per parameter tensor, spread over it at random; a smaller tensor is checked whole.
    /// Each costs two forward passes of the batch in float64. 20 by default.</summary>
    public int EntriesPerTensor { get; init; } = 20;

    /// <summary>The step h of the fourth-order centred difference, which reaches 2h from each value; 1e-4 by default,
    /// where double's rounding of the loss costs about 1e-11 of absolute error and the truncation far less.</summary>
    public double Step { get; init; } = 1e-4;

    /// <summary>
    /// Gradients below this magnitude are compared by absolute error, scaled by it: a difference's own rounding error,
    /// about 1e-10 in a network of a few convolutions, would otherwise dominate their relative error. 1e-3 by default, so
    /// that an error of 1e-6 means an absolute error of 1e-9 there; PyTorch's <c>gradcheck</c> allows 1e-5 absolute and
    /// 1e-3 relative.
    /// </summary>
    public double Floor { get; init; } = 1e-3;

    /// <summary>Chooses the entries checked.</summary>
    public int Seed { get; init; }
}
