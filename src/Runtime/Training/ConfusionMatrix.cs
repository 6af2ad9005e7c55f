using System.Globalization;
using System.Text;

namespace NetForge;

/// <summary>
/// How often each class was predicted as each other, over a data set: row = the true class, column = the predicted
/// one, as scikit-learn's <c>confusion_matrix</c> lays it out; with each class's accuracy (its recall).
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly int[,] _counts;

    private ConfusionMatrix(int[,] counts) => _counts = counts;

    /// <summary>Classifies every sample of <paramref name="data"/> and counts the outcomes.</summary>
    /// <param name="predictor">A network or an <see cref="Ensemble"/> of classes.</param>
    /// <param name="data">Samples with class labels, matching the predictor's sizes.</param>
    /// <exception cref="ArgumentException">The predictor or the data set does not have class labels, or they do not match.</exception>
    public static ConfusionMatrix Of(IPredictor predictor, Dataset data)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        ArgumentNullException.ThrowIfNull(data);
        if (data.Mismatch(predictor.InputLength, predictor.OutputLength, predictor.TargetKind, "the predictor") is { } mismatch)
            throw new ArgumentException(mismatch, nameof(data));
        if (data.TargetKind != TargetKind.ClassLabels)
            throw new ArgumentException("A confusion matrix needs class labels; this data set holds values.", nameof(data));
        var counts = new int[data.ClassCount, data.ClassCount];
        for (var i = 0; i < data.Count; i++)
            counts[data.Label(i), predictor.Classify(data.Sample(i))]++;
        return new ConfusionMatrix(counts);
    }

    /// <summary>The number of classes.</summary>
    public int ClassCount => _counts.GetLength(0);

    /// <summary>The samples of class <paramref name="actual"/> predicted as <paramref name="predicted"/>.</summary>
    public int this[int actual, int predicted] => _counts[actual, predicted];

    /// <summary>The samples counted.</summary>
    public int Total => _counts.Cast<int>().Sum();

    /// <summary>The fraction of all samples predicted as their class.</summary>
    public double Accuracy => (double)Enumerable.Range(0, ClassCount).Sum(c => _counts[c, c]) / Total;

    /// <summary>The fraction of the samples of class <paramref name="actual"/> predicted as it; NaN for a class with none.</summary>
    public double ClassAccuracy(int actual)
    {
        var row = Enumerable.Range(0, ClassCount).Sum(p => _counts[actual, p]);
        return row == 0 ? double.NaN : (double)_counts[actual, actual] / row;
    }

    /// <summary>The matrix as a table, rows the true classes and columns the predicted ones, with each class's accuracy.</summary>
    public override string ToString()
    {
        var width = Math.Max(5, _counts.Cast<int>().Max().ToString(CultureInfo.InvariantCulture).Length + 1);
        var text = new StringBuilder();
        text.Append("true\\pred".PadRight(10));
        for (var p = 0; p < ClassCount; p++)
            text.Append(p.ToString(CultureInfo.InvariantCulture).PadLeft(width));
        text.Append("  accuracy\n");
        for (var a = 0; a < ClassCount; a++)
        {
            text.Append(a.ToString(CultureInfo.InvariantCulture).PadRight(10));
            for (var p = 0; p < ClassCount; p++)
                text.Append(_counts[a, p].ToString(CultureInfo.InvariantCulture).PadLeft(width));
            text.Append(CultureInfo.InvariantCulture, $"  {ClassAccuracy(a):F4}\n");
        }
        return text.ToString();
    }
}
