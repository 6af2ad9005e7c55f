namespace NetForge;

/// <summary>
/// A named block of <see cref="float"/> values with a fixed shape, stored row-major. Parameters and their
/// gradients are tensors; their shapes follow PyTorch's layouts (a dense weight is [outputs, inputs]).
/// </summary>
public sealed class Tensor
{
    private readonly int[] _shape;

    /// <summary>Creates a zero-filled tensor.</summary>
    /// <param name="name">A name that says which layer and role the values belong to, e.g. <c>dense1.weight</c>.</param>
    /// <param name="shape">The extent of each dimension; every extent is positive.</param>
    public Tensor(string name, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length == 0)
            throw new ArgumentException(FormattableString.Invariant($"Tensor '{name}' needs at least one dimension."), nameof(shape));
        var length = 1;
        foreach (var extent in shape)
        {
            if (extent <= 0)
                throw new ArgumentException(FormattableString.Invariant($"Tensor '{name}' has a non-positive extent in [{string.Join(", ", shape)}]."), nameof(shape));
            length = checked(length * extent);
        }
        Name = name;
        _shape = (int[])shape.Clone();
        Data = Cpu.AlignedArrays.Allocate(length);
    }

    /// <summary>The values of <paramref name="values"/> under another name, sharing its array rather than copying it.</summary>
    internal Tensor(string name, Tensor values)
    {
        Name = name;
        _shape = values._shape;
        Data = values.Data;
    }

    /// <summary>The tensor's name, e.g. <c>dense1.weight</c>.</summary>
    public string Name { get; }

    /// <summary>The extent of each dimension.</summary>
    public ReadOnlySpan<int> Shape => _shape;

    /// <summary>The number of values: the product of the extents.</summary>
    public int Length => Data.Length;

    /// <summary>The values, row-major. Readable and writable; its length never changes.</summary>
    public float[] Data { get; }

    /// <summary>
    /// Whether training leaves the values as they are, as PyTorch's <c>requires_grad = False</c> and Keras's
    /// <c>trainable = False</c> do: a generated backward pass does not compute the tensor's gradient, and the optimizers,
    /// gradient clipping and update ratios skip it. False for a new tensor; <see cref="NetworkFreezing"/> sets it by layer.
    /// </summary>
    public bool Frozen { get; set; }

    /// <summary>The values as a span.</summary>
    public Span<float> AsSpan() => Data;

    /// <summary>The shape written as <c>[a, b]</c>.</summary>
    public string ShapeText => "[" + string.Join(", ", _shape) + "]";

    /// <inheritdoc />
    public override string ToString() => Name + " " + ShapeText;
}
