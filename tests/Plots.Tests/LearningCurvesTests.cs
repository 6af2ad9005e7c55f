namespace NetForge.Plots.Tests;

public class LearningCurvesTests
{
    [Fact]
    public void Training_and_validation_each_have_their_colour_in_both_panels()
    {
        EpochFigures[] epochs = [new(1, 0.6, 0.78, 0.5, 0.82), new(2, 0.4, 0.85, 0.42, 0.85), new(3, 0.35, 0.87, 0.4, 0.86)];

        var decoded = Decoded.Of(LearningCurves.Draw(epochs));

        var half = decoded.Width / 2;
        foreach (var (left, width) in new[] { (0, half), (half, decoded.Width - half) })
        {
            var colours = decoded.Colours(left, 0, width, decoded.Height);
            Assert.Contains(Palette.Category(0), colours);
            Assert.Contains(Palette.Category(1), colours);
        }
    }

    [Fact]
    public void A_regression_without_validation_has_one_panel_and_one_series()
    {
        EpochFigures[] epochs = [new(1, 0.6, double.NaN, double.NaN, double.NaN), new(2, 0.3, double.NaN, double.NaN, double.NaN)];

        var picture = LearningCurves.Draw(epochs);

        var decoded = Decoded.Of(picture);
        var colours = decoded.Colours(0, 0, decoded.Width, decoded.Height);
        Assert.Contains(Palette.Category(0), colours);
        Assert.DoesNotContain(Palette.Category(1), colours);
        Assert.True(decoded.Width < LearningCurves.Draw([new EpochFigures(1, 1, 0.5, 1, 0.5)]).Width);
    }

    [Fact]
    public void A_falling_loss_is_drawn_falling()
    {
        EpochFigures[] epochs = [new(1, 2.0, double.NaN, double.NaN, double.NaN), new(2, 1.0, double.NaN, double.NaN, double.NaN), new(3, 0.5, double.NaN, double.NaN, double.NaN)];

        var decoded = Decoded.Of(LearningCurves.Draw(epochs));

        // The series' highest pixel is at its left end and its lowest at its right end.
        var series = Enumerable.Range(0, decoded.Width).SelectMany(x => Enumerable.Range(0, decoded.Height).Select(y => (x, y)))
            .Where(p => decoded[p.x, p.y] == Palette.Category(0) && p.y > 40).ToList();
        var top = series.MinBy(p => p.y);
        var bottom = series.MaxBy(p => p.y);
        Assert.True(top.x < bottom.x, $"highest at x {top.x}, lowest at x {bottom.x}");
    }
}
