using NetForge.Dsl.Model;

namespace NetForge.Dsl.Planning;

/// <summary>Which kind of storage a buffer is.</summary>
public enum BufferKind
{
    /// <summary>The network's input.</summary>
    Input,

    /// <summary>The network's output, which the last step writes.</summary>
    Output,

    /// <summary>The output of one step, named after it; its gradient has the same shape.</summary>
    Step,
}

/// <summary>A buffer a step reads or writes, [batch, size]. Back-ends decide where it lives and what it is called.</summary>
/// <param name="Kind">Input, output, or a step's own.</param>
/// <param name="Name">The step's name for <see cref="BufferKind.Step"/>; <c>input</c> or <c>output</c> otherwise.</param>
/// <param name="Size">Values per sample.</param>
public sealed record PlanBuffer(BufferKind Kind, string Name, int Size);

/// <summary>An earlier, labelled output that an <c>add</c> or <c>concat</c> reads.</summary>
/// <param name="Label">The label.</param>
/// <param name="Buffer">The buffer holding the labelled output.</param>
/// <param name="Accumulates">Whether the backward adds to the label's skip gradient (an earlier backward, later in
/// the forward, has already written it) rather than overwriting it.</param>
public sealed record LabelInput(string Label, PlanBuffer Buffer, bool Accumulates)
{
    /// <summary>Whether the backward sends the label gradient: not when it names the data itself.</summary>
    public bool TakesGradient => Buffer.Kind != BufferKind.Input;
}

/// <summary>A buffer that a training forward fills for its backward, belonging to one layer.</summary>
/// <param name="Layer">The layer's name.</param>
/// <param name="Saved">What it holds and how large it is.</param>
public sealed record SavedBufferOf(string Layer, SavedBuffer Saved);
