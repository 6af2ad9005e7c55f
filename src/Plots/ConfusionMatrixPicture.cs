using System.Globalization;

namespace NetForge.Plots;

/// <summary>
/// A confusion matrix as a grid of cells, rows the true classes and columns the predicted ones: each cell shaded by the
/// share of its row it holds and labelled with its count, each row named by its class.
/// </summary>
public static class ConfusionMatrixPicture
{
    /// <summary>The side of a cell in pixels.</summary>
    public const int Cell = 44;

    /// <summary>The pixel column of the first cell; class names sit to its left.</summary>
    public static int Left(IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        return 16 + classNames.Select((name, c) => PixelFont.Width(RowName(c, name), 1)).DefaultIfEmpty(0).Max();
    }

    /// <summary>The pixel row of the first cell; the title and the column numbers sit above it.</summary>
    public const int Top = 60;

    /// <summary>Draws the matrix; <paramref name="classNames"/> names the classes by label (fewer names leave the rest as numbers).</summary>
    public static Picture Draw(ConfusionMatrix matrix, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(classNames);
        var n = matrix.ClassCount;
        var names = Enumerable.Range(0, n).Select(c => c < classNames.Count ? classNames[c] : c.ToString(CultureInfo.InvariantCulture)).ToList();
        var left = Left(names);
        var picture = new Picture(Math.Max(left + n * Cell + 16, 420), Top + n * Cell + 40, Rgb.White);
        PixelFont.Draw(picture, 8, 8, string.Create(CultureInfo.InvariantCulture, $"confusion matrix: accuracy {matrix.Accuracy:F4} of {matrix.Total}"), Palette.Ink, 2);
        PixelFont.Draw(picture, 8, 30, "rows: true class, columns: predicted class", Palette.Ink);
        for (var actual = 0; actual < n; actual++)
        {
            var row = Enumerable.Range(0, n).Sum(p => matrix[actual, p]);
            PixelFont.DrawRight(picture, left - 8, Top + actual * Cell + (Cell - PixelFont.Height(1)) / 2, RowName(actual, names[actual]), Palette.Ink);
            for (var predicted = 0; predicted < n; predicted++)
            {
                var share = row == 0 ? 0 : (double)matrix[actual, predicted] / row;
                var (x, y) = (left + predicted * Cell, Top + actual * Cell);
                picture.Fill(x, y, Cell - 1, Cell - 1, Palette.Blues(share));
                var count = matrix[actual, predicted].ToString(CultureInfo.InvariantCulture);
                PixelFont.DrawCentred(picture, x + Cell / 2, y + (Cell - PixelFont.Height(1)) / 2, count, share > 0.5 ? Rgb.White : Palette.Ink);
            }
        }
        for (var predicted = 0; predicted < n; predicted++)
            PixelFont.DrawCentred(picture, left + predicted * Cell + Cell / 2, Top + n * Cell + 8, predicted.ToString(CultureInfo.InvariantCulture), Palette.Ink);
        return picture;
    }

    private static string RowName(int label, string name) => string.Create(CultureInfo.InvariantCulture, $"{label} {name}");
}
