namespace NetForge.Dsl.Model;

/// <summary>What is true of an op on every back-end, for the planner to decide fusion and buffer sharing.</summary>
[Flags]
public enum OpTraits
{
    /// <summary>None of the traits.</summary>
    None = 0,

    /// <summary>One function of each value alone (an activation): it can run in the epilogue of the step before it.</summary>
    Pointwise = 1,

    /// <summary>A product or normalisation whose output a following pointwise op can transform before it is stored.</summary>
    TakesActivation = 2,

    /// <summary>Its output is its input's values under another shape, in every mode (flatten).</summary>
    AliasesInput = 4,

    /// <summary>The identity at inference, so that there it aliases its input (dropout).</summary>
    IdentityAtInference = 8,

    /// <summary>A product whose activated output a following pooling op can reduce while it is still in the cache (conv2d).</summary>
    TakesPooling = 16,

    /// <summary>A reduction of windows (max or average pooling) that can run in the step of the product before it.</summary>
    Pooling = 32,
}
