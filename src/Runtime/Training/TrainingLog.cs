using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace NetForge;

/// <summary>
/// Writes a trainer's output: on a terminal a progress line redrawn in place, elsewhere only the finished line
/// of each epoch, so that redirected logs hold one line per epoch.
/// </summary>
internal sealed class TrainingLog(TextWriter? writer, bool progress)
{
    private const int BarWidth = 24;
    private static readonly long RedrawInterval = Stopwatch.Frequency / 10;

    private readonly StringBuilder _line = new();
    private long _lastDraw;
    private int _drawnWidth;

    /// <summary>Starts an epoch's progress line, so that its first batch is drawn at once.</summary>
    public void BeginEpoch()
    {
        _lastDraw = 0;
        _drawnWidth = 0;
    }

    /// <summary>Redraws the progress line, unless it was drawn less than a tenth of a second ago.</summary>
    public void Progress(string epoch, int done, int total, double loss, double accuracy)
    {
        if (writer is null || !progress)
            return;
        var now = Stopwatch.GetTimestamp();
        if (done < total && _lastDraw != 0 && now - _lastDraw < RedrawInterval)
            return;
        _lastDraw = now;
        var filled = (int)((long)BarWidth * done / total);
        _line.Clear()
            .Append(CultureInfo.InvariantCulture, $"epoch {epoch} [")
            .Append('=', filled).Append(' ', BarWidth - filled)
            .Append(CultureInfo.InvariantCulture, $"] {done}/{total} loss {loss:F4}");
        if (!double.IsNaN(accuracy))
            _line.Append(CultureInfo.InvariantCulture, $" acc {accuracy:F4}");
        Draw();
    }

    /// <summary>Writes the epoch's finished line, replacing the progress line on a terminal.</summary>
    public void EndEpoch(string epoch, EpochResult result)
    {
        if (writer is null)
            return;
        _line.Clear().Append(CultureInfo.InvariantCulture, $"epoch {epoch}: loss {result.TrainLoss:F4}");
        // A loss with an L2 penalty reports the data loss beside the total that training minimises.
        if (result.DataLoss != result.TrainLoss)
            _line.Append(CultureInfo.InvariantCulture, $" data_loss {result.DataLoss:F4}");
        if (!double.IsNaN(result.TrainAccuracy))
            _line.Append(CultureInfo.InvariantCulture, $" acc {result.TrainAccuracy:F4}");
        if (result.Validation is { } validation)
        {
            _line.Append(CultureInfo.InvariantCulture, $" val_loss {validation.MeanLoss:F4}");
            if (!double.IsNaN(validation.Accuracy))
                _line.Append(CultureInfo.InvariantCulture, $" val_acc {validation.Accuracy:F4}");
        }
        _line.Append(CultureInfo.InvariantCulture, $" ({result.Seconds:F2} s)");
        if (progress)
            Draw();
        else
            writer.Write(_line);
        writer.WriteLine();
        if (result.UpdateRatios.Count > 0)
        {
            writer.WriteLine("  update/weight: " + string.Join(", ", result.UpdateRatios.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Key} {r.Value:0.0E+0}"))));
            foreach (var (tensor, ratio) in result.UpdateRatios.Where(r => UpdateRatios.FarOff(r.Key, r.Value)))
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  warning: {tensor} moves by {ratio:0.0E+0} of its norm per step, far from the advised 1e-3: the learning rate may be too {(ratio > UpdateRatios.Advised ? "high" : "low")}"));
        }
        writer.Flush();
    }

    private void Draw()
    {
        // Spaces wipe whatever a longer earlier drawing left to the right.
        var width = _line.Length;
        writer!.Write('\r');
        writer.Write(_line.Append(' ', Math.Max(0, _drawnWidth - width)));
        _drawnWidth = Math.Max(_drawnWidth, width);
        writer.Flush();
    }
}
