namespace NetForge.Kernels;

/// <summary>A kernel's problem: a name for the table and the FLOP of its forward product.</summary>
/// <param name="Name">How the table shows it, e.g. <c>64x784-256</c>.</param>
/// <param name="ForwardFlops">Two FLOP per multiply-add of the forward product; each backward product costs the same.</param>
public abstract record KernelShape(string Name, double ForwardFlops)
{
    /// <inheritdoc />
    public sealed override string ToString() => Name;
}

/// <summary>A dense layer on a batch.</summary>
public sealed record DenseShape(int Batch, int Inputs, int Outputs)
    : KernelShape(FormattableString.Invariant($"{Batch}x{Inputs}-{Outputs}"), 2.0 * Batch * Inputs * Outputs);

/// <summary>A convolution on a batch.</summary>
public sealed record ConvolutionShape(int Batch, NetForge.Cpu.ConvShape Shape, string Layer)
    : KernelShape(FormattableString.Invariant($"{Batch}x{Layer}"), 2.0 * Batch * Shape.OutputSize * Shape.PatchSize);
