using System.Globalization;
using System.Text.Json;
using NetForge.Plots;

namespace NetForge.Cli.Training;

/// <summary>Reads back the training log that <see cref="EpochLogFile"/> writes, CSV or JSON lines, for the learning curves.</summary>
internal static class EpochLogReader
{
    /// <summary>The epochs of a log; an empty field or a null is a missing value.</summary>
    /// <exception cref="CliException">The file is missing, or a line is not a record of the log's format.</exception>
    public static IReadOnlyList<EpochFigures> Read(string path)
    {
        if (!File.Exists(path))
            throw new CliException($"{path}: no such training log");
        var lines = File.ReadAllLines(path);
        var json = lines.FirstOrDefault(l => l.Length > 0)?.StartsWith('{') == true;
        var epochs = new List<EpochFigures>();
        var columns = json ? null : lines.FirstOrDefault()?.Split(',');
        for (var i = json ? 0 : 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
                continue;
            var where = string.Create(CultureInfo.InvariantCulture, $"{path}({i + 1})");
            epochs.Add(json ? FromJson(lines[i], where) : FromCsv(columns!, lines[i].Split(','), where));
        }
        if (epochs.Count == 0)
            throw new CliException($"{path}: holds no epochs");
        return epochs;
    }

    private static EpochFigures FromCsv(string[] columns, string[] fields, string where)
    {
        if (fields.Length != columns.Length)
            throw new CliException($"{where}: has {fields.Length} fields but the header names {columns.Length}");
        double Field(string name)
        {
            var at = Array.IndexOf(columns, name);
            if (at < 0)
                throw new CliException($"{where}: the header has no column '{name}'");
            if (fields[at].Length == 0)
                return double.NaN;
            return double.TryParse(fields[at], NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new CliException($"{where}: {name} is '{fields[at]}', not a number");
        }
        return new EpochFigures((int)Field("epoch"), Field("loss"), Field("accuracy"), Field("val_loss"), Field("val_accuracy"));
    }

    private static EpochFigures FromJson(string line, string where)
    {
        try
        {
            using var record = JsonDocument.Parse(line);
            if (record.RootElement.ValueKind != JsonValueKind.Object)
                throw new CliException($"{where}: not a JSON object");
            double Field(string name) =>
                record.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) ? number : double.NaN;
            return new EpochFigures((int)Field("epoch"), Field("loss"), Field("accuracy"), Field("val_loss"), Field("val_accuracy"));
        }
        catch (JsonException e)
        {
            throw new CliException($"{where}: not a JSON record: {e.Message}");
        }
    }
}
