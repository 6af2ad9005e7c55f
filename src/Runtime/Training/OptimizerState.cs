namespace NetForge;

/// <summary>
/// What an optimizer carries from one step to the next, as a checkpoint stores it: named tensors (Adam's
/// <c>dense1.weight.exp_avg</c>, momentum's <c>dense1.weight.momentum_buffer</c>) and named values (the step count).
/// </summary>
public sealed class OptimizerState
{
    /// <summary>Creates the state.</summary>
    /// <param name="kind">Which optimizer it belongs to, e.g. <c>Adam</c>; restoring checks it.</param>
    /// <param name="values">Scalars as invariant-culture text that round-trips exactly.</param>
    /// <param name="tensors">Per-parameter tensors named after their parameter.</param>
    public OptimizerState(string kind, IReadOnlyDictionary<string, string> values, IReadOnlyList<Tensor> tensors)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(tensors);
        Kind = kind;
        Values = values;
        Tensors = tensors;
    }

    /// <summary>Which optimizer the state belongs to.</summary>
    public string Kind { get; }

    /// <summary>Scalars such as the step count, as invariant-culture text.</summary>
    public IReadOnlyDictionary<string, string> Values { get; }

    /// <summary>Per-parameter tensors, each named after its parameter and role.</summary>
    public IReadOnlyList<Tensor> Tensors { get; }
}
