using System.ComponentModel;
using System.Globalization;

namespace NetForge.Cpu;

/// <summary>
/// The sizes of a 2-D pooling layer over one sample: square <paramref name="Size"/> × <paramref name="Size"/>
/// windows over each channel of a [channels, height, width] input, <paramref name="Stride"/> positions apart,
/// without padding. Windows that would run past the edge are dropped (the output size is rounded down).
/// The constructor rejects sizes that make no layer; the properties are read-only so that no copy can bypass it.
/// </summary>
/// <param name="Channels">Channels; positive.</param>
/// <param name="Height">Input height; positive.</param>
/// <param name="Width">Input width; positive.</param>
/// <param name="Size">The window's height and width; positive, at most the input height and width.</param>
/// <param name="Stride">How far the window moves between outputs, in both directions; positive.</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly record struct PoolShape(int Channels, int Height, int Width, int Size, int Stride)
{
    /// <summary>Channels.</summary>
    /// <remarks>Its initialiser runs first, so it checks the whole shape before any property is set.</remarks>
    public int Channels { get; } = Validated(Channels, Height, Width, Size, Stride);

    /// <summary>Input height.</summary>
    public int Height { get; } = Height;

    /// <summary>Input width.</summary>
    public int Width { get; } = Width;

    /// <summary>The window's height and width.</summary>
    public int Size { get; } = Size;

    /// <summary>How far the window moves between outputs.</summary>
    public int Stride { get; } = Stride;

    /// <summary>Output height: (Height − Size) / Stride + 1, rounded down.</summary>
    public int OutputHeight => (Height - Size) / Stride + 1;

    /// <summary>Output width: (Width − Size) / Stride + 1, rounded down.</summary>
    public int OutputWidth => (Width - Size) / Stride + 1;

    /// <summary>Values per input sample: Channels × Height × Width.</summary>
    public int InputSize => Channels * Height * Width;

    /// <summary>Values per output sample: Channels × OutputHeight × OutputWidth.</summary>
    public int OutputSize => Channels * OutputHeight * OutputWidth;

    /// <summary>Throws if the shape is <c>default</c>, the one value the constructor never makes.</summary>
    internal void CheckInitialised(string name)
    {
        if (Stride == 0)
            throw new ArgumentException("The pooling shape is uninitialised (default); create it with its constructor.", name);
    }

    private static int Validated(int channels, int height, int width, int size, int stride)
    {
        ShapeCheck.Positive(channels, nameof(Channels));
        ShapeCheck.Positive(height, nameof(Height));
        ShapeCheck.Positive(width, nameof(Width));
        ShapeCheck.Positive(size, nameof(Size));
        ShapeCheck.Positive(stride, nameof(Stride));
        if (size > height || size > width)
            throw new ArgumentOutOfRangeException(nameof(Size), size, string.Format(CultureInfo.InvariantCulture,
                "The window (Size = {0}) is larger than the input ({1} × {2}).", size, height, width));
        ShapeCheck.Fits((long)channels * height * width, "The input");
        return channels;
    }
}
