namespace NetForge.Plots;

/// <summary>The geometry of a network's input as an image, and a sample drawn as one.</summary>
/// <param name="Channels">1 (grey) or more; pictures show the first three as RGB, or the first as grey.</param>
/// <param name="Height">Rows.</param>
/// <param name="Width">Columns.</param>
public sealed record InputImage(int Channels, int Height, int Width)
{
    /// <summary>The input of a network as an image: [c, h, w] as it is, a flat input of s² values as s × s grey.</summary>
    /// <exception cref="ArgumentException">The input is neither.</exception>
    public static InputImage Of(ReadOnlySpan<int> shape)
    {
        if (shape.Length == 3)
            return new(shape[0], shape[1], shape[2]);
        var side = shape.Length == 1 ? (int)Math.Round(Math.Sqrt(shape[0])) : 0;
        if (side * side == (shape.Length == 1 ? shape[0] : -1))
            return new(1, side, side);
        throw new ArgumentException("An input of shape [" + string.Join(", ", shape.ToArray().Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "] is not an image.", nameof(shape));
    }

    /// <summary>Draws a sample with each pixel a block of <paramref name="zoom"/> × <paramref name="zoom"/>, its values
    /// stretched from their smallest (black) to their largest (white), the way the network sees contrast.</summary>
    public void Draw(Picture picture, int left, int top, ReadOnlySpan<float> sample, int zoom)
    {
        ArgumentNullException.ThrowIfNull(picture);
        var (low, high) = Range(sample);
        var plane = Height * Width;
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                var at = y * Width + x;
                var colour = Channels >= 3
                    ? new Rgb(Level(sample[at], low, high), Level(sample[plane + at], low, high), Level(sample[2 * plane + at], low, high))
                    : Rgb.Grey(Level(sample[at], low, high));
                picture.Fill(left + x * zoom, top + y * zoom, zoom, zoom, colour);
            }
        }
    }

    private static byte Level(float value, float low, float high) => (byte)Math.Round(255 * (value - low) / (high - low));

    private static (float Low, float High) Range(ReadOnlySpan<float> sample)
    {
        float low = float.PositiveInfinity, high = float.NegativeInfinity;
        foreach (var v in sample)
        {
            low = Math.Min(low, v);
            high = Math.Max(high, v);
        }
        return high > low ? (low, high) : (low - 1, low + 1);
    }
}
