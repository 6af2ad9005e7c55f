using System.Globalization;

namespace NetForge.Plots;

/// <summary>
/// A rectangle of a picture with x and y axes: it maps data to pixels, draws the frame, the grid and the tick labels
/// at round numbers, and lines and markers in data coordinates, clipped to the rectangle.
/// </summary>
internal sealed class Axes
{
    private const int TickLength = 4;

    private readonly Picture _picture;
    private readonly int _left, _top, _width, _height;
    private readonly (double Low, double High) _x, _y;

    /// <summary>Axes over the given pixel rectangle and data ranges; a range of one value is widened around it, and y is
    /// padded by a twentieth at both ends so that no line runs along the frame.</summary>
    public Axes(Picture picture, int left, int top, int width, int height, (double Low, double High) x, (double Low, double High) y)
    {
        _picture = picture;
        (_left, _top, _width, _height) = (left, top, width, height);
        _x = Widened(x);
        var (low, high) = Widened(y);
        _y = (low - (high - low) / 20, high + (high - low) / 20);
    }

    /// <summary>The pixel column of a data x.</summary>
    public double Column(double x) => _left + (x - _x.Low) / (_x.High - _x.Low) * (_width - 1);

    /// <summary>The pixel row of a data y (up is larger).</summary>
    public double Row(double y) => _top + (_y.High - y) / (_y.High - _y.Low) * (_height - 1);

    /// <summary>Draws the grid, the frame and the tick labels; the x ticks are whole numbers when <paramref name="wholeX"/>.</summary>
    public void DrawFrame(bool wholeX, string xTitle)
    {
        foreach (var tick in Ticks(_y, whole: false))
        {
            var row = (int)Math.Round(Row(tick));
            _picture.Fill(_left, row, _width, 1, Palette.Grid);
            _picture.Fill(_left - TickLength, row, TickLength, 1, Palette.Ink);
            PixelFont.DrawRight(_picture, _left - TickLength - 3, row - PixelFont.Height(1) / 2, Label(tick), Palette.Ink);
        }
        foreach (var tick in Ticks(_x, wholeX))
        {
            var column = (int)Math.Round(Column(tick));
            _picture.Fill(column, _top, 1, _height, Palette.Grid);
            _picture.Fill(column, _top + _height, 1, TickLength, Palette.Ink);
            PixelFont.DrawCentred(_picture, column, _top + _height + TickLength + 3, Label(tick), Palette.Ink);
        }
        _picture.Fill(_left, _top, 1, _height, Palette.Ink);
        _picture.Fill(_left, _top + _height - 1, _width, 1, Palette.Ink);
        PixelFont.DrawCentred(_picture, _left + _width / 2, _top + _height + TickLength + 16, xTitle, Palette.Ink);
    }

    /// <summary>Draws a polyline through the points (NaN points leave a gap), two pixels thick, with a marker at each point.</summary>
    public void DrawSeries(IReadOnlyList<(double X, double Y)> points, Rgb colour)
    {
        for (var i = 0; i < points.Count; i++)
        {
            if (!double.IsFinite(points[i].Y))
                continue;
            var (x, y) = (Column(points[i].X), Row(points[i].Y));
            Marker(x, y, colour);
            if (i > 0 && double.IsFinite(points[i - 1].Y))
                Segment(Column(points[i - 1].X), Row(points[i - 1].Y), x, y, colour);
        }
    }

    private void Marker(double x, double y, Rgb colour) => Clipped((int)Math.Round(x) - 2, (int)Math.Round(y) - 2, 5, 5, colour);

    private void Segment(double x0, double y0, double x1, double y1, Rgb colour)
    {
        var steps = (int)Math.Ceiling(Math.Max(Math.Abs(x1 - x0), Math.Abs(y1 - y0)));
        for (var s = 0; s <= steps; s++)
        {
            var t = steps == 0 ? 0 : (double)s / steps;
            Clipped((int)Math.Round(x0 + (x1 - x0) * t), (int)Math.Round(y0 + (y1 - y0) * t), 2, 2, colour);
        }
    }

    private void Clipped(int x, int y, int width, int height, Rgb colour)
    {
        var left = Math.Max(x, _left);
        var top = Math.Max(y, _top);
        var right = Math.Min(x + width, _left + _width);
        var bottom = Math.Min(y + height, _top + _height);
        if (right > left && bottom > top)
            _picture.Fill(left, top, right - left, bottom - top, colour);
    }

    /// <summary>Round values in the range, about five of them: multiples of 1, 2 or 5 times a power of ten.</summary>
    internal static IEnumerable<double> Ticks((double Low, double High) range, bool whole)
    {
        // A range a few ulps wide would make a step that adding to a tick cannot move it; it gets its ends as ticks.
        if (range.High - range.Low <= Math.Abs(range.High) * 1e-12)
        {
            yield return range.Low;
            yield break;
        }
        var rough = (range.High - range.Low) / 5;
        var power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var mantissa = (rough / power) switch { < 1.5 => 1, < 3.5 => 2, < 7.5 => 5, _ => 10 };
        var step = mantissa * power;
        if (whole)
            step = Math.Max(1, Math.Round(step));
        var first = Math.Ceiling(range.Low / step);
        for (var k = 0; k <= 12 && (first + k) * step <= range.High + step * 1e-9; k++)
        {
            var tick = (first + k) * step;
            yield return Math.Abs(tick) < step * 1e-9 ? 0 : tick;
        }
    }

    private static string Label(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static (double Low, double High) Widened((double Low, double High) range)
    {
        if (!double.IsFinite(range.Low) || !double.IsFinite(range.High))
            return (0, 1);
        if (range.High > range.Low)
            return range;
        var half = Math.Max(Math.Abs(range.Low) * 0.05, 0.5);
        return (range.Low - half, range.High + half);
    }
}
