namespace NetForge.Plots;

/// <summary>
/// An RGB picture being drawn: a grid of pixels, row by row from the top, that <see cref="Save(string)"/> writes as a
/// PNG file.
/// </summary>
public sealed class Picture
{
    private readonly Rgb[] _pixels;

    /// <summary>Creates a picture filled with <paramref name="background"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A side is not positive, or the picture would pass 2²⁸ pixels.</exception>
    public Picture(int width, int height, Rgb background)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if ((long)width * height > 1 << 28)
            throw new ArgumentOutOfRangeException(nameof(width), FormattableString.Invariant($"A picture of {width}×{height} pixels is larger than this draws."));
        Width = width;
        Height = height;
        _pixels = new Rgb[width * height];
        _pixels.AsSpan().Fill(background);
    }

    /// <summary>The width in pixels.</summary>
    public int Width { get; }

    /// <summary>The height in pixels.</summary>
    public int Height { get; }

    /// <summary>The pixel at column <paramref name="x"/> of row <paramref name="y"/>.</summary>
    public Rgb this[int x, int y]
    {
        get => _pixels[Index(x, y)];
        set => _pixels[Index(x, y)] = value;
    }

    /// <summary>Fills a rectangle, clipped to the picture.</summary>
    public void Fill(int x, int y, int width, int height, Rgb colour)
    {
        var left = Math.Max(0, x);
        var right = Math.Min(Width, x + width);
        for (var row = Math.Max(0, y); row < Math.Min(Height, y + height); row++)
        {
            if (right > left)
                _pixels.AsSpan(row * Width + left, right - left).Fill(colour);
        }
    }

    /// <summary>Sets a pixel if it lies in the picture; drawing that runs over an edge is clipped.</summary>
    public void Plot(int x, int y, Rgb colour)
    {
        if ((uint)x < (uint)Width && (uint)y < (uint)Height)
            _pixels[y * Width + x] = colour;
    }

    /// <summary>Writes the picture as a PNG file, replacing the file atomically.</summary>
    public void Save(string path) => AtomicFile.Write(path, Save);

    /// <summary>Writes the picture as PNG to a stream, from its current position.</summary>
    public void Save(Stream stream) => PngEncoder.Write(stream, Width, Height, _pixels);

    private int Index(int x, int y)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height)
            throw new ArgumentOutOfRangeException(nameof(x), FormattableString.Invariant($"({x}, {y}) is outside the {Width}×{Height} picture."));
        return y * Width + x;
    }
}

/// <summary>A colour of 8 bits per channel.</summary>
public readonly record struct Rgb(byte R, byte G, byte B)
{
    /// <summary>White.</summary>
    public static Rgb White { get; } = new(255, 255, 255);

    /// <summary>Black.</summary>
    public static Rgb Black { get; } = new(0, 0, 0);

    /// <summary>A grey of the given level, 0 black to 255 white.</summary>
    public static Rgb Grey(byte level) => new(level, level, level);

    /// <summary>The colour <paramref name="t"/> of the way from this one to <paramref name="other"/>, t in [0, 1].</summary>
    public Rgb Towards(Rgb other, double t)
    {
        t = Math.Clamp(t, 0, 1);
        return new((byte)Math.Round(R + (other.R - R) * t), (byte)Math.Round(G + (other.G - G) * t), (byte)Math.Round(B + (other.B - B) * t));
    }
}
