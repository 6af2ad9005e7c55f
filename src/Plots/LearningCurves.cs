namespace NetForge.Plots;

/// <summary>One epoch's figures as the learning curves draw them; NaN where there is no value (no validation, no accuracy).</summary>
/// <param name="Epoch">The epoch, from 1.</param>
/// <param name="Loss">The mean training loss.</param>
/// <param name="Accuracy">The training accuracy.</param>
/// <param name="ValidationLoss">The validation loss.</param>
/// <param name="ValidationAccuracy">The validation accuracy.</param>
public sealed record EpochFigures(int Epoch, double Loss, double Accuracy, double ValidationLoss, double ValidationAccuracy)
{
    /// <summary>The figures of a trainer's epoch.</summary>
    public static EpochFigures Of(EpochResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new(result.Epoch, result.TrainLoss, result.TrainAccuracy, result.Validation?.MeanLoss ?? double.NaN, result.Validation?.Accuracy ?? double.NaN);
    }
}

/// <summary>Loss and accuracy per epoch, training and validation, in two panels side by side, as Keras users plot a run's history.</summary>
public static class LearningCurves
{
    private const int PanelWidth = 420, PanelHeight = 260, Margin = 56, Top = 56, Bottom = 48;

    /// <summary>Draws the curves of a trainer's history (what <see cref="Trainer.Fit"/> returns).</summary>
    public static Picture Draw(IReadOnlyList<EpochResult> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        return Draw(history.Select(EpochFigures.Of).ToList());
    }

    /// <summary>Draws the curves of the given epochs; a network without accuracy (a regression) gets the loss panel only.</summary>
    /// <exception cref="ArgumentException">There are no epochs.</exception>
    public static Picture Draw(IReadOnlyList<EpochFigures> epochs)
    {
        ArgumentNullException.ThrowIfNull(epochs);
        if (epochs.Count == 0)
            throw new ArgumentException("There are no epochs to draw.", nameof(epochs));
        var accuracy = epochs.Any(e => double.IsFinite(e.Accuracy) || double.IsFinite(e.ValidationAccuracy));
        var panels = accuracy ? 2 : 1;
        var picture = new Picture(panels * (PanelWidth + Margin) + 24, Top + PanelHeight + Bottom, Rgb.White);
        Panel(picture, 0, "loss", epochs, e => e.Loss, e => e.ValidationLoss);
        if (accuracy)
            Panel(picture, 1, "accuracy", epochs, e => e.Accuracy, e => e.ValidationAccuracy);
        return picture;
    }

    private static void Panel(Picture picture, int index, string title, IReadOnlyList<EpochFigures> epochs, Func<EpochFigures, double> training, Func<EpochFigures, double> validation)
    {
        var left = Margin + index * (PanelWidth + Margin);
        var values = epochs.SelectMany(e => new[] { training(e), validation(e) }).Where(double.IsFinite).DefaultIfEmpty(0).ToList();
        var axes = new Axes(picture, left, Top, PanelWidth, PanelHeight, (epochs.Min(e => e.Epoch), epochs.Max(e => e.Epoch)), (values.Min(), values.Max()));
        axes.DrawFrame(wholeX: true, "epoch");
        PixelFont.DrawCentred(picture, left + PanelWidth / 2, 12, title, Palette.Ink, 2);
        axes.DrawSeries(epochs.Select(e => ((double)e.Epoch, training(e))).ToList(), Palette.Category(0));
        axes.DrawSeries(epochs.Select(e => ((double)e.Epoch, validation(e))).ToList(), Palette.Category(1));
        // The key sits above the plot, where no line can run under it.
        Key(picture, left, Top - 14, "training", Palette.Category(0));
        if (epochs.Any(e => double.IsFinite(validation(e))))
            Key(picture, left + 90, Top - 14, "validation", Palette.Category(1));
    }

    private static void Key(Picture picture, int x, int y, string text, Rgb colour)
    {
        picture.Fill(x, y + 2, 14, 3, colour);
        PixelFont.Draw(picture, x + 20, y, text, Palette.Ink);
    }
}
