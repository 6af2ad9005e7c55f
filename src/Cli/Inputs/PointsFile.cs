using System.Globalization;

namespace NetForge.Cli.Inputs;

/// <summary>
/// Points of two features with class labels in a CSV file, one <c>x,y,label</c> line each, for decision boundaries;
/// a first line that is not numbers is a header.
/// </summary>
internal static class PointsFile
{
    /// <summary>The file's points as a data set of two features and <paramref name="classes"/> classes.</summary>
    /// <exception cref="CliException">The file is missing, or a line is not two finite numbers and a label below <paramref name="classes"/>.</exception>
    public static Dataset Read(string path, int classes)
    {
        if (!File.Exists(path))
            throw new CliException($"{path}: no such points file");
        var features = new List<float>();
        var labels = new List<int>();
        var lines = File.ReadAllLines(path);
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0)
                continue;
            var fields = lines[i].Split(',', StringSplitOptions.TrimEntries);
            if (fields.Length != 3
                || !float.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
                || !float.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var y)
                || !int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var label)
                || !float.IsFinite(x) || !float.IsFinite(y))
            {
                if (i == 0)
                    continue;
                throw new CliException(string.Create(CultureInfo.InvariantCulture, $"{path}({i + 1}): '{lines[i]}' is not x,y,label with finite numbers"));
            }
            if (label >= classes)
                throw new CliException(string.Create(CultureInfo.InvariantCulture, $"{path}({i + 1}): label {label}, but the network has classes 0 to {classes - 1}"));
            features.Add(x);
            features.Add(y);
            labels.Add(label);
        }
        if (labels.Count == 0)
            throw new CliException($"{path}: holds no points");
        return new Dataset([.. features], 2, [.. labels], classes);
    }
}
