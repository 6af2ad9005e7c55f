using System.Globalization;

namespace NetForge.Plots;

/// <summary>
/// How classifiers of two inputs divide the plane: every pixel coloured by the class predicted there, the training
/// points on top in their class's colour; several classifiers side by side on the same points and scale.
/// </summary>
public static class DecisionBoundary
{
    /// <summary>The side of each panel's plot area in pixels.</summary>
    public const int Side = 320;

    /// <summary>The margin around and between panels.</summary>
    public const int Margin = 16;

    /// <summary>The pixel row where the plot areas start.</summary>
    public const int Top = 40;

    /// <summary>Draws each classifier's regions with the points.</summary>
    /// <param name="panels">A title and a classifier of two inputs for each panel.</param>
    /// <param name="points">Samples of two features with class labels.</param>
    /// <exception cref="ArgumentException">A classifier or the points do not have two inputs.</exception>
    public static Picture Draw(IReadOnlyList<(string Title, IPredictor Classifier)> panels, Dataset points)
    {
        ArgumentNullException.ThrowIfNull(panels);
        ArgumentNullException.ThrowIfNull(points);
        if (points.SampleSize != 2 || panels.Any(p => p.Classifier.InputLength != 2))
            throw new ArgumentException("A decision boundary is drawn for two inputs; the points or a classifier have another number.", nameof(points));
        var (low, high) = Extent(points);
        var picture = new Picture(Margin + panels.Count * (Side + Margin), Top + Side + Margin, Rgb.White);
        var input = new float[2];
        for (var p = 0; p < panels.Count; p++)
        {
            var (title, classifier) = panels[p];
            var left = Margin + p * (Side + Margin);
            PixelFont.Draw(picture, left, 10, title, Palette.Ink, 2);
            for (var y = 0; y < Side; y++)
            {
                for (var x = 0; x < Side; x++)
                {
                    input[0] = (float)(low + (x + 0.5) / Side * (high - low));
                    input[1] = (float)(high - (y + 0.5) / Side * (high - low));
                    picture[left + x, Top + y] = Palette.Tint(classifier.Classify(input));
                }
            }
            for (var i = 0; i < points.Count; i++)
            {
                var sample = points.Sample(i);
                var x = left + (int)((sample[0] - low) / (high - low) * Side);
                var y = Top + (int)((high - sample[1]) / (high - low) * Side);
                Dot(picture, x, y, Palette.Category(points.Label(i)), left);
            }
        }
        PixelFont.Draw(picture, Margin, Top + Side + 3, string.Create(CultureInfo.InvariantCulture, $"x and y from {low:0.##} to {high:0.##}"), Palette.Ink);
        return picture;
    }

    /// <summary>The square the panels show: the points' range in both inputs, a tenth wider on each side.</summary>
    public static (double Low, double High) Extent(Dataset points)
    {
        ArgumentNullException.ThrowIfNull(points);
        double low = double.PositiveInfinity, high = double.NegativeInfinity;
        for (var i = 0; i < points.Count; i++)
        {
            foreach (var v in points.Sample(i))
            {
                low = Math.Min(low, v);
                high = Math.Max(high, v);
            }
        }
        var pad = Math.Max((high - low) * 0.1, 1e-3);
        return (low - pad, high + pad);
    }

    private static void Dot(Picture picture, int x, int y, Rgb colour, int left)
    {
        for (var dy = -3; dy <= 3; dy++)
        {
            for (var dx = -3; dx <= 3; dx++)
            {
                var (px, py) = (x + dx, y + dy);
                if (px < left || px >= left + Side || py < Top || py >= Top + Side || dx * dx + dy * dy > 9)
                    continue;
                picture[px, py] = dx * dx + dy * dy > 4 ? Palette.Ink : colour;
            }
        }
    }
}
