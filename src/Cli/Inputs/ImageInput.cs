using NetForge.Dsl.Model;
using NetForge.Plots;
using StbImageSharp;

namespace NetForge.Cli.Inputs;

/// <summary>
/// A PNG or JPEG file as a network's input: converted to grey or RGB as the input has 1 or 3 channels, resized to the
/// input's height and width by averaging the pixels each output pixel covers, and scaled as the network was trained.
/// A flat input of n = s² values takes an s × s grey image, as Fashion-MNIST's 784 do.
/// </summary>
internal static class ImageInput
{
    /// <summary>How far an image's aspect ratio may be from the input's before it is refused rather than squashed.</summary>
    private const double AspectTolerance = 0.05;

    /// <summary>Whether the path names an image this reads.</summary>
    public static bool IsImage(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".png" or ".jpg" or ".jpeg";

    /// <summary>The image's pixels as one input sample.</summary>
    public static float[] Read(string path, Shape input, InputScaling scaling)
    {
        var (channels, height, width) = Geometry(input);
        ImageResult image;
        try
        {
            image = ImageResult.FromMemory(File.ReadAllBytes(path), channels == 1 ? ColorComponents.Grey : ColorComponents.RedGreenBlue);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IndexOutOfRangeException)
        {
            throw new CliException($"{path}: not a PNG or JPEG image this can read ({e.Message})");
        }
        var aspect = (double)image.Width / image.Height / ((double)width / height);
        if (Math.Abs(aspect - 1) > AspectTolerance)
            throw new CliException($"{path}: the image is {image.Width}×{image.Height} but the network takes {width}×{height} images; crop it to that shape first");
        var sample = new float[channels * height * width];
        for (var c = 0; c < channels; c++)
            Resample(image.Data, image.Width, image.Height, channels, c, sample.AsSpan(c * height * width, height * width), width, height, scaling);
        return sample;
    }

    private static (int Channels, int Height, int Width) Geometry(Shape input)
    {
        try
        {
            if (InputImage.Of(input.Dimensions.ToArray()) is { Channels: 1 or 3 } image)
                return (image.Channels, image.Height, image.Width);
        }
        catch (ArgumentException)
        {
        }
        throw new CliException($"the network takes inputs {input}, which are not grey or RGB images; give it IDX files instead");
    }

    // Each output pixel is the mean of the source area it covers, fractional edges weighted by how much they cover:
    // the same rule shrinks and enlarges, and an image of the input's size is copied unchanged.
    private static void Resample(byte[] pixels, int sourceWidth, int sourceHeight, int channels, int channel, Span<float> target, int width, int height, InputScaling scaling)
    {
        var scaleX = (double)sourceWidth / width;
        var scaleY = (double)sourceHeight / height;
        for (var y = 0; y < height; y++)
        {
            double top = y * scaleY, bottom = (y + 1) * scaleY;
            for (var x = 0; x < width; x++)
            {
                double left = x * scaleX, right = (x + 1) * scaleX;
                double sum = 0, area = 0;
                for (var sy = (int)top; sy < Math.Min(sourceHeight, (int)Math.Ceiling(bottom)); sy++)
                {
                    var coverY = Math.Min(bottom, sy + 1) - Math.Max(top, sy);
                    for (var sx = (int)left; sx < Math.Min(sourceWidth, (int)Math.Ceiling(right)); sx++)
                    {
                        var cover = coverY * (Math.Min(right, sx + 1) - Math.Max(left, sx));
                        sum += cover * pixels[(sy * sourceWidth + sx) * channels + channel];
                        area += cover;
                    }
                }
                target[y * width + x] = scaling.Scale((byte)Math.Clamp((int)Math.Round(sum / area), 0, 255));
            }
        }
    }
}
