namespace NetForge;

/// <summary>One tensor of a <see cref="SafetensorsFile"/>: its name, element type, shape and stored bytes.</summary>
public sealed class SafetensorsTensor
{
    private readonly long[] _shape;

    internal SafetensorsTensor(string name, string dtype, long[] shape, long elementCount, long begin, long end, int position)
    {
        Name = name;
        DType = dtype;
        _shape = shape;
        ElementCount = elementCount;
        Begin = begin;
        End = end;
        Position = position;
    }

    /// <summary>The tensor's name in the file, e.g. <c>conv1.weight</c> or <c>0.bias</c>.</summary>
    public string Name { get; }

    /// <summary>The element type as the format spells it: <c>F32</c>, <c>F16</c>, <c>BF16</c>, <c>F64</c>, <c>I64</c>, ...</summary>
    public string DType { get; }

    /// <summary>The extent of each dimension; empty for a scalar.</summary>
    public IReadOnlyList<long> Shape => _shape;

    /// <summary>The number of elements: the product of the extents (1 for a scalar).</summary>
    public long ElementCount { get; }

    /// <summary>Whether the elements are floating-point numbers that <see cref="CopyTo"/> can convert.</summary>
    public bool IsFloatingPoint => SafetensorsDType.ConvertsToSingle(DType);

    /// <summary>The shape written as <c>[a, b]</c>.</summary>
    public string ShapeText => Format(_shape);

    internal long Begin { get; }

    internal long End { get; }

    /// <summary>The tensor's place among the entries of the header, counting from 0.</summary>
    internal int Position { get; }

    internal ReadOnlyMemory<byte> Bytes { get; set; }

    /// <summary>Converts the elements to <see cref="float"/> (F64 rounds to nearest) into <paramref name="destination"/>.</summary>
    /// <exception cref="InvalidOperationException">The elements are not floating-point numbers.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/>'s length differs from <see cref="ElementCount"/>.</exception>
    public void CopyTo(Span<float> destination)
    {
        if (!IsFloatingPoint)
            throw new InvalidOperationException($"Tensor '{Name}' holds {DType} values, which are not floating-point numbers.");
        if (destination.Length != ElementCount)
            throw new ArgumentException(FormattableString.Invariant($"Tensor '{Name}' has {ElementCount} values, but the destination has room for {destination.Length}."), nameof(destination));
        SafetensorsDType.ToSingle(DType, Bytes.Span, destination);
    }

    /// <inheritdoc />
    public override string ToString() => Name + " " + DType + " " + ShapeText;

    internal static string Format(IReadOnlyList<long> shape) =>
        "[" + string.Join(", ", shape.Select(extent => extent.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]";
}
