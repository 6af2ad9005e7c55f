using StbImageSharp;

namespace NetForge.Plots.Tests;

/// <summary>A picture written as PNG and read back by an independent decoder, as a viewer would show it.</summary>
internal sealed class Decoded
{
    private readonly byte[] _rgb;

    private Decoded(int width, int height, byte[] rgb) => (Width, Height, _rgb) = (width, height, rgb);

    public int Width { get; }

    public int Height { get; }

    public Rgb this[int x, int y] => new(_rgb[(y * Width + x) * 3], _rgb[(y * Width + x) * 3 + 1], _rgb[(y * Width + x) * 3 + 2]);

    /// <summary>Saves the picture to a PNG file and decodes the file.</summary>
    public static Decoded Of(Picture picture)
    {
        var path = Path.Combine(Path.GetTempPath(), "netforge-plot-" + Guid.NewGuid().ToString("N") + ".png");
        try
        {
            picture.Save(path);
            var bytes = File.ReadAllBytes(path);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
            var image = ImageResult.FromMemory(bytes, ColorComponents.RedGreenBlue);
            return new Decoded(image.Width, image.Height, image.Data);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The distinct colours of a rectangle.</summary>
    public HashSet<Rgb> Colours(int left, int top, int width, int height)
    {
        var colours = new HashSet<Rgb>();
        for (var y = top; y < top + height; y++)
        {
            for (var x = left; x < left + width; x++)
                colours.Add(this[x, y]);
        }
        return colours;
    }

    /// <summary>Perceived brightness, 0 to 255.</summary>
    public static double Luma(Rgb c) => 0.299 * c.R + 0.587 * c.G + 0.114 * c.B;
}
