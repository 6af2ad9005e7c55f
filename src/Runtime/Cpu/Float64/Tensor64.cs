using System.ComponentModel;

namespace NetForge.Cpu.Float64;

/// <summary>
/// A tensor of doubles: a parameter, state or gradient of a network's float64 twin, which
/// GradientCheck differentiates numerically. Named and shaped as the <see cref="Tensor"/> it copies.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class Tensor64
{
    private readonly int[] _shape;

    /// <summary>Creates a zero-filled tensor.</summary>
    /// <param name="name">The name, e.g. <c>dense1.weight</c>.</param>
    /// <param name="shape">The extent of each dimension; every extent is positive.</param>
    public Tensor64(string name, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(shape);
        var length = 1;
        foreach (var extent in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(extent, nameof(shape));
            length = checked(length * extent);
        }
        Name = name;
        _shape = (int[])shape.Clone();
        Data = new double[length];
    }

    /// <summary>The tensor's name.</summary>
    public string Name { get; }

    /// <summary>The extent of each dimension.</summary>
    public ReadOnlySpan<int> Shape => _shape;

    /// <summary>The values, row-major.</summary>
    public double[] Data { get; }

    /// <summary>Whether the gradient of the tensor is not wanted, as <see cref="Tensor.Frozen"/>.</summary>
    public bool Frozen { get; set; }

    /// <summary>Copies the values and the frozen flag of <paramref name="tensor"/>, widened to double.</summary>
    /// <exception cref="ArgumentException">The tensor has another number of values.</exception>
    public void CopyFrom(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.Length != Data.Length)
            throw new ArgumentException(FormattableString.Invariant($"Tensor '{tensor.Name}' has {tensor.Length} values, not {Data.Length}."), nameof(tensor));
        for (var i = 0; i < Data.Length; i++)
            Data[i] = tensor.Data[i];
        Frozen = tensor.Frozen;
    }
}
