using Examples.Spiral;

namespace NetForge.Plots.Tests;

public class DecisionBoundaryTests
{
    [Fact]
    public void The_spiral_s_two_panels_each_have_three_class_colours_each_where_its_classifier_predicts_that_class()
    {
        var report = SpiralTraining.Run();

        var decoded = Decoded.Of(DecisionBoundary.Draw([("linear", report.LinearClassifier), ("tanh", report.TanhNetwork)], report.Points));

        const int side = DecisionBoundary.Side;
        Assert.Equal((DecisionBoundary.Margin + 2 * (side + DecisionBoundary.Margin), DecisionBoundary.Top + side + DecisionBoundary.Margin), (decoded.Width, decoded.Height));
        var tints = Enumerable.Range(0, 3).Select(Palette.Tint).ToHashSet();
        for (var panel = 0; panel < 2; panel++)
        {
            var left = DecisionBoundary.Margin + panel * (side + DecisionBoundary.Margin);
            var regions = decoded.Colours(left, DecisionBoundary.Top, side, side).Where(tints.Contains).ToHashSet();
            Assert.True(tints.SetEquals(regions), $"panel {panel} has {regions.Count} of the three class colours");
        }
        // Every pixel of a region has the colour of the class its classifier predicts there.
        var (low, high) = DecisionBoundary.Extent(report.Points);
        var random = new Random(1);
        var input = new float[2];
        foreach (var (panel, classifier) in new (int, IPredictor)[] { (0, report.LinearClassifier), (1, report.TanhNetwork) })
        {
            var left = DecisionBoundary.Margin + panel * (side + DecisionBoundary.Margin);
            for (var checkedPixels = 0; checkedPixels < 200;)
            {
                var (x, y) = (random.Next(side), random.Next(side));
                var colour = decoded[left + x, DecisionBoundary.Top + y];
                if (!tints.Contains(colour))
                    continue;
                input[0] = (float)(low + (x + 0.5) / side * (high - low));
                input[1] = (float)(high - (y + 0.5) / side * (high - low));
                Assert.Equal(Palette.Tint(classifier.Classify(input)), colour);
                checkedPixels++;
            }
        }
    }
}
