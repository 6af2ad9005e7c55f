namespace NetForge.Dsl.Model;

/// <summary>A tensor shape without the batch dimension: <c>[features]</c> or <c>[channels, height, width]</c>.</summary>
/// <param name="Dimensions">The extents, each positive.</param>
public sealed record Shape(EquatableArray<int> Dimensions)
{
    /// <summary>A flat shape <c>[n]</c>.</summary>
    public static Shape Flat(int features) => new(EquatableArray.Create(features));

    /// <summary>An image-like shape <c>[c, h, w]</c>.</summary>
    public static Shape Image(int channels, int height, int width) => new(EquatableArray.Create(channels, height, width));

    /// <summary>The number of dimensions.</summary>
    public int Rank => Dimensions.Count;

    /// <summary>True for <c>[n]</c>.</summary>
    public bool IsFlat => Rank == 1;

    /// <summary>True for <c>[c, h, w]</c>.</summary>
    public bool IsImage => Rank == 3;

    /// <summary>The number of values: the product of the extents. The checker guarantees it fits an int.</summary>
    public int Size => (int)Elements;

    /// <summary>The number of values, computed without overflow (saturating at <see cref="long.MaxValue"/>).</summary>
    public long Elements => Dimensions.Aggregate(1L, (product, extent) => product > long.MaxValue / Math.Max(extent, 1) ? long.MaxValue : product * extent);

    /// <summary>The channel count of an image-like shape, or the feature count of a flat one.</summary>
    public int Channels => Dimensions[0];

    /// <summary>The height of an image-like shape.</summary>
    public int Height => Dimensions[1];

    /// <summary>The width of an image-like shape.</summary>
    public int Width => Dimensions[2];

    /// <summary>The shape as the language writes it: <c>[16, 28, 28]</c>.</summary>
    public override string ToString() =>
        "[" + string.Join(", ", Dimensions.Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]";
}
