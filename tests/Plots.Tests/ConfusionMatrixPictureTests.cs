namespace NetForge.Plots.Tests;

public class ConfusionMatrixPictureTests
{
    [Fact]
    public void For_the_trained_lenet5_each_diagonal_cell_is_the_darkest_of_its_row()
    {
        var matrix = ConfusionMatrix.Of(TrainedLeNet5.Network(), TrainedLeNet5.Test);

        var decoded = Decoded.Of(ConfusionMatrixPicture.Draw(matrix, FashionMnist.ClassNames));

        var left = ConfusionMatrixPicture.Left(FashionMnist.ClassNames);
        const int cell = ConfusionMatrixPicture.Cell;
        Assert.True(decoded.Width >= left + 10 * cell && decoded.Height >= ConfusionMatrixPicture.Top + 10 * cell);
        // A cell's corner is clear of its count.
        double Shade(int actual, int predicted) => Decoded.Luma(decoded[left + predicted * cell + 3, ConfusionMatrixPicture.Top + actual * cell + 3]);
        for (var actual = 0; actual < 10; actual++)
        {
            for (var predicted = 0; predicted < 10; predicted++)
            {
                if (predicted != actual)
                    Assert.True(Shade(actual, actual) < Shade(actual, predicted), $"row {actual}: the diagonal is not darker than column {predicted}");
            }
        }
    }

    [Fact]
    public void Each_count_is_written_in_its_cell_and_a_class_with_no_samples_is_left_blank()
    {
        var points = new Dataset([0f, 1f, 2f, 3f], 1, [0, 0, 1, 1], 3);
        var matrix = ConfusionMatrix.Of(new ConstantClassifier(1), points);

        var picture = ConfusionMatrixPicture.Draw(matrix, ["a", "b"]);

        var left = ConfusionMatrixPicture.Left(["a", "b", "2"]);
        const int cell = ConfusionMatrixPicture.Cell;
        var decoded = Decoded.Of(picture);
        // Row 0 (two samples of class 0, both predicted 1): its column-1 cell is the darkest blue, with white text.
        var full = decoded.Colours(left + cell, ConfusionMatrixPicture.Top, cell - 1, cell - 1);
        Assert.Contains(Rgb.White, full);
        Assert.Contains(Palette.Blues(1), full);
        // Row 2 has no samples: every cell is white, with only its "0".
        Assert.Equal(Palette.Blues(0), decoded[left + 3, ConfusionMatrixPicture.Top + 2 * cell + 3]);
    }

    private sealed class ConstantClassifier(int label) : IPredictor
    {
        public int InputLength => 1;

        public int OutputLength => 3;

        public TargetKind TargetKind => TargetKind.ClassLabels;

        public void Predict(ReadOnlySpan<float> input, Span<float> output)
        {
            output.Clear();
            output[label] = 1;
        }

        public int Classify(ReadOnlySpan<float> input) => label;
    }
}
