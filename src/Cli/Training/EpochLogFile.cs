using System.Globalization;
using System.Text;

namespace NetForge.Cli.Training;

/// <summary>
/// The training log a run leaves beside its weights: one record per epoch, as CSV (Keras's <c>CSVLogger</c> columns)
/// or, for a path ending in <c>.jsonl</c> or <c>.json</c>, as JSON lines. The whole file is replaced atomically after
/// every epoch, so that a run stopped at any moment leaves a complete log of the epochs it finished.
/// </summary>
internal sealed class EpochLogFile
{
    private const string CsvHeader = "epoch,loss,accuracy,val_loss,val_accuracy,learning_rate,seconds";

    private readonly string _path;
    private readonly bool _json;
    private readonly List<string> _records = [];

    /// <summary>Starts a log, which replaces the file at the first epoch.</summary>
    public EpochLogFile(string path)
    {
        _path = path;
        var extension = Path.GetExtension(path);
        _json = extension.Equals(".jsonl", StringComparison.OrdinalIgnoreCase) || extension.Equals(".json", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>For a resumed run: keeps the file's records of the <paramref name="epochs"/> the checkpoint holds.</summary>
    public void KeepEarlier(int epochs)
    {
        if (File.Exists(_path))
            _records.AddRange(File.ReadAllLines(_path).Where(line => line.Length > 0 && line != CsvHeader).Take(epochs));
    }

    /// <summary>Adds an epoch's record and rewrites the file.</summary>
    public void Add(EpochResult result)
    {
        var validation = result.Validation;
        _records.Add(_json
            ? string.Create(CultureInfo.InvariantCulture,
                $"{{\"epoch\":{result.Epoch},\"loss\":{Json(result.TrainLoss)},\"accuracy\":{Json(result.TrainAccuracy)},\"val_loss\":{Json(validation?.MeanLoss)},\"val_accuracy\":{Json(validation?.Accuracy)},\"learning_rate\":{Json(Rate(result))},\"seconds\":{Json(result.Seconds)}}}")
            : string.Create(CultureInfo.InvariantCulture,
                $"{result.Epoch},{Csv(result.TrainLoss)},{Csv(result.TrainAccuracy)},{Csv(validation?.MeanLoss)},{Csv(validation?.Accuracy)},{Csv(Rate(result))},{Csv(result.Seconds)}"));
        var text = new StringBuilder();
        if (!_json)
            text.Append(CsvHeader).Append('\n');
        foreach (var record in _records)
            text.Append(record).Append('\n');
        var bytes = new UTF8Encoding(false).GetBytes(text.ToString());
        AtomicFile.Write(_path, stream => stream.Write(bytes));
    }

    // The rate is a float: written from the float, it reads 0.001 rather than the double nearest to the float.
    private static double Rate(EpochResult result) => double.Parse(result.LearningRate.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    // A missing or undefined value (no validation, no accuracy for a regression) is empty in CSV and null in JSON.
    private static string Csv(double? value) => value is { } v && double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "";

    private static string Json(double? value) => value is { } v && double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "null";
}
