using System.Globalization;

namespace NetForge.Cli.Inputs;

/// <summary>
/// How pixels become a network's inputs, (p / 255 − mean) / std, and what the classes are called: chosen when a network
/// is trained and kept in its weights file's metadata, so that a prediction from an image scales it as training did.
/// </summary>
/// <param name="Mean">The pixel mean on the [0, 1] scale.</param>
/// <param name="StandardDeviation">The pixel standard deviation on the [0, 1] scale.</param>
/// <param name="Classes">The class names by label; empty when they have none.</param>
internal sealed record InputScaling(float Mean, float StandardDeviation, IReadOnlyList<string> Classes)
{
    /// <summary>The metadata key of the mean.</summary>
    public const string MeanKey = "netforge.input_mean";

    /// <summary>The metadata key of the standard deviation.</summary>
    public const string StandardDeviationKey = "netforge.input_std";

    /// <summary>The metadata key of the class names, joined by <see cref="ClassSeparator"/>.</summary>
    public const string ClassesKey = "netforge.classes";

    /// <summary>What separates class names in the metadata and on the command line.</summary>
    public const char ClassSeparator = ',';

    /// <summary>Fashion-MNIST's, the default data set.</summary>
    public static InputScaling FashionMnist { get; } = new(NetForge.FashionMnist.Mean, NetForge.FashionMnist.StandardDeviation, NetForge.FashionMnist.ClassNames);

    /// <summary>The class name of a label, or the label itself when the classes have no names.</summary>
    public string ClassName(int label) => label < Classes.Count ? Classes[label] : label.ToString(CultureInfo.InvariantCulture);

    /// <summary>The scaled value of a pixel, exactly as the data set loader computes it.</summary>
    public float Scale(byte pixel) => (pixel / 255f - Mean) / StandardDeviation;

    /// <summary>The metadata entries that record this scaling.</summary>
    public IEnumerable<KeyValuePair<string, string>> Metadata()
    {
        yield return new(MeanKey, Mean.ToString("R", CultureInfo.InvariantCulture));
        yield return new(StandardDeviationKey, StandardDeviation.ToString("R", CultureInfo.InvariantCulture));
        if (Classes.Count > 0)
            yield return new(ClassesKey, string.Join(ClassSeparator, Classes));
    }

    /// <summary>The scaling a weights file records, or null when it records none (a file not written by <c>netforge train</c>).</summary>
    /// <exception cref="CliException">A recorded value is not a number.</exception>
    public static InputScaling? FromMetadata(IReadOnlyDictionary<string, string> metadata, string source)
    {
        if (!metadata.TryGetValue(MeanKey, out var mean) || !metadata.TryGetValue(StandardDeviationKey, out var std))
            return null;
        var classes = metadata.TryGetValue(ClassesKey, out var names) ? names.Split(ClassSeparator) : [];
        var scaling = new InputScaling(Number(mean, MeanKey, source), Number(std, StandardDeviationKey, source), classes);
        if (!(scaling.StandardDeviation > 0))
            throw new CliException($"{source}: its metadata {StandardDeviationKey} is '{std}', not a positive number");
        return scaling;
    }

    private static float Number(string text, string key, string source) =>
        float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && float.IsFinite(value)
            ? value
            : throw new CliException($"{source}: its metadata {key} is '{text}', not a number");
}
