using System.Globalization;

namespace NetForge.Plots;

/// <summary>Where an input window lies, in input pixels; it may run past the image's edges where a layer pads.</summary>
/// <param name="Top">The first row.</param>
/// <param name="Left">The first column.</param>
/// <param name="Height">Rows.</param>
/// <param name="Width">Columns.</param>
public readonly record struct PixelWindow(int Top, int Left, int Height, int Width);

/// <summary>One sample's strongest response of a feature map.</summary>
/// <param name="Sample">The sample's index in the data set.</param>
/// <param name="Row">The feature map's row of the response.</param>
/// <param name="Column">The feature map's column of the response.</param>
/// <param name="Activation">The response.</param>
/// <param name="Window">The input pixels that the response sees: its receptive field.</param>
public sealed record ActivatingPatch(int Sample, int Row, int Column, float Activation, PixelWindow Window);

/// <summary>
/// The input patches that most excite a feature map, as the lectures show them: every sample's strongest response of
/// one channel, the samples ranked by it, and the receptive field of each response cut out of its image.
/// </summary>
public static class FeatureMaps
{
    private const int Columns = 3, TileTarget = 72, Gap = 10, Margin = 12, Top = 40, Caption = 14;

    /// <summary>The <paramref name="count"/> samples whose strongest response in <paramref name="channel"/> is largest.</summary>
    /// <param name="probe">A network that computes the feature maps: its graph ends with the layer (a trailing flatten
    /// is allowed), and it shares the trained network's weights up to there.</param>
    /// <param name="images">The samples to search.</param>
    /// <param name="channel">The feature map.</param>
    /// <param name="count">How many to keep.</param>
    /// <exception cref="ArgumentException">The probe does not end in feature maps, or the channel is not one of them.</exception>
    public static IReadOnlyList<ActivatingPatch> Strongest(INetwork probe, Dataset images, int channel, int count = 9)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var (maps, field) = Geometry(probe.Graph);
        if (channel < 0 || channel >= maps.Channels)
            throw new ArgumentException(FormattableString.Invariant($"The layer has {maps.Channels} feature maps; {channel} is not one of them."), nameof(channel));
        var outputs = new float[probe.OutputLength];
        var plane = maps.Height * maps.Width;
        var best = new List<ActivatingPatch>(images.Count);
        for (var i = 0; i < images.Count; i++)
        {
            probe.Predict(images.Sample(i), outputs);
            var map = outputs.AsSpan(channel * plane, plane);
            var at = 0;
            for (var p = 1; p < plane; p++)
            {
                if (map[p] > map[at])
                    at = p;
            }
            var (row, column) = (at / maps.Width, at % maps.Width);
            best.Add(new ActivatingPatch(i, row, column, map[at],
                new PixelWindow(field.Offset + row * field.Jump, field.Offset + column * field.Jump, field.Size, field.Size)));
        }
        return best.OrderByDescending(p => p.Activation).ThenBy(p => p.Sample).Take(count).ToList();
    }

    /// <summary>Draws the patches in rows of three, each cut from its sample and captioned with its index and response.</summary>
    public static Picture Draw(Dataset images, InputImage image, IReadOnlyList<ActivatingPatch> patches, string title)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(patches);
        ArgumentNullException.ThrowIfNull(title);
        if (patches.Count == 0)
            throw new ArgumentException("There are no patches to draw.", nameof(patches));
        var window = patches[0].Window;
        var zoom = Math.Max(1, TileTarget / Math.Max(window.Height, window.Width));
        var (tileWidth, tileHeight) = (window.Width * zoom, window.Height * zoom + Caption);
        var rows = (patches.Count + Columns - 1) / Columns;
        var picture = new Picture(Math.Max(2 * Margin + Columns * (tileWidth + Gap), PixelFont.Width(title, 2) + 2 * Margin), Top + rows * (tileHeight + Gap) + Margin, Rgb.White);
        PixelFont.Draw(picture, Margin, 8, title, Palette.Ink, 2);
        var patchImage = new InputImage(image.Channels, window.Height, window.Width);
        for (var k = 0; k < patches.Count; k++)
        {
            var patch = patches[k];
            var (x, y) = (Margin + k % Columns * (tileWidth + Gap), Top + k / Columns * (tileHeight + Gap));
            patchImage.Draw(picture, x, y, Crop(images.Sample(patch.Sample), image, patch.Window), zoom);
            PixelFont.Draw(picture, x, y + window.Height * zoom + 4, string.Create(CultureInfo.InvariantCulture, $"#{patch.Sample} {patch.Activation:0.##}"), Palette.Ink);
        }
        return picture;
    }

    /// <summary>The window of a sample, channel by channel; pixels past the edges are 0, the value the convolutions'
    /// padding gives them, so that the patch shows what the feature map saw.</summary>
    internal static float[] Crop(ReadOnlySpan<float> sample, InputImage image, PixelWindow window)
    {
        const float background = 0f;
        var crop = new float[image.Channels * window.Height * window.Width];
        var plane = image.Height * image.Width;
        for (var c = 0; c < image.Channels; c++)
        {
            for (var y = 0; y < window.Height; y++)
            {
                for (var x = 0; x < window.Width; x++)
                {
                    var (row, column) = (window.Top + y, window.Left + x);
                    var inside = row >= 0 && row < image.Height && column >= 0 && column < image.Width;
                    crop[(c * window.Height + y) * window.Width + x] = inside ? sample[c * plane + row * image.Width + column] : background;
                }
            }
        }
        return crop;
    }

    /// <summary>The receptive field of one position of the last feature maps: its side, and the first input pixel and
    /// the step between neighbours, found by walking the convolutions and poolings in order.</summary>
    internal static ((int Channels, int Height, int Width) Maps, (int Size, int Jump, int Offset) Field) Geometry(NetworkGraph graph)
    {
        var nodes = graph.Nodes.ToList();
        while (nodes.Count > 0 && nodes[^1].Op == GraphOp.Flatten)
            nodes.RemoveAt(nodes.Count - 1);
        if (nodes.Count == 0 || nodes[^1].OutputShape.Count != 3 || nodes.Any(n => n.Op is GraphOp.Flatten or GraphOp.Dense))
            throw new ArgumentException("The probe network must end in feature maps [channels, height, width], before any flatten or dense layer.", nameof(graph));
        int size = 1, jump = 1, offset = 0;
        foreach (var node in nodes)
        {
            var (kernel, stride, padding) = node.Op switch
            {
                GraphOp.Conv2D => (First(node, "kernel"), First(node, "stride"), First(node, "padding")),
                GraphOp.MaxPool or GraphOp.AvgPool => (First(node, "size"), First(node, "stride"), 0),
                _ => (1, 1, 0),
            };
            offset -= padding * jump;
            size += (kernel - 1) * jump;
            jump *= stride;
        }
        var shape = nodes[^1].OutputShape;
        return ((shape[0], shape[1], shape[2]), (size, jump, offset));
    }

    // Square kernels are what receptive fields are drawn for; a rectangular one is drawn by its height.
    private static int First(GraphNode node, string name) => node.Attribute(name).Integers[0];
}
