using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace NetForge;

/// <summary>
/// Writes a trainer's output in Keras's shape. On a terminal, one line per epoch redrawn in place while it runs
/// (<c>Epoch 3/10  412/937 ━━━━━━━━────────  ETA 0:01  loss 0.4123  acc 0.8512</c>) and finished with the epoch's
/// figures, validation and time; elsewhere only the finished line of each epoch, so that a redirected log holds one
/// line per epoch.
/// </summary>
internal sealed class TrainingLog(TextWriter? writer, bool progress)
{
    private const int BarWidth = 20;
    private static readonly long RedrawInterval = Stopwatch.Frequency / 10;

    private readonly StringBuilder _line = new();
    private long _started;
    private long _lastDraw;
    private int _drawnWidth;

    /// <summary>Starts an epoch's progress line, so that its first batch is drawn at once and its ETA counts from now.</summary>
    public void BeginEpoch()
    {
        _started = Stopwatch.GetTimestamp();
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
        _line.Clear();
        Counter(epoch, done, total);
        var remaining = done == 0 ? 0 : (double)(now - _started) / Stopwatch.Frequency * (total - done) / done;
        _line.Append("  ETA ");
        Clock(remaining);
        _line.Append(CultureInfo.InvariantCulture, $"  loss {loss:F4}");
        if (!double.IsNaN(accuracy))
            _line.Append(CultureInfo.InvariantCulture, $"  acc {accuracy:F4}");
        Draw();
    }

    /// <summary>Writes the epoch's finished line, replacing the progress line on a terminal.</summary>
    public void EndEpoch(string epoch, EpochResult result, int batches)
    {
        if (writer is null)
            return;
        _line.Clear();
        if (progress)
            Counter(epoch, batches, batches);
        else
            _line.Append("Epoch ").Append(epoch);
        _line.Append(CultureInfo.InvariantCulture, $"  loss {result.TrainLoss:F4}");
        // A loss with an L2 penalty reports the data loss beside the total that training minimises.
        if (result.DataLoss != result.TrainLoss)
            _line.Append(CultureInfo.InvariantCulture, $"  data_loss {result.DataLoss:F4}");
        if (!double.IsNaN(result.TrainAccuracy))
            _line.Append(CultureInfo.InvariantCulture, $"  acc {result.TrainAccuracy:F4}");
        if (result.Validation is { } validation)
        {
            _line.Append(CultureInfo.InvariantCulture, $"  val_loss {validation.MeanLoss:F4}");
            if (!double.IsNaN(validation.Accuracy))
                _line.Append(CultureInfo.InvariantCulture, $"  val_acc {validation.Accuracy:F4}");
        }
        _line.Append(CultureInfo.InvariantCulture, $"  {result.Seconds:F2} s");
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

    // "Epoch 3/10  412/937 ━━━━━━━━────────", the count right-aligned so that the bar stays still as it grows. Appended
    // in place, as the clock is: a redraw, made during training, allocates nothing.
    private void Counter(string epoch, int done, int total)
    {
        var filled = (int)((long)BarWidth * done / total);
        _line.Append("Epoch ").Append(epoch).Append("  ")
            .Append(' ', Digits(total) - Digits(done)).Append(CultureInfo.InvariantCulture, $"{done}/{total} ")
            .Append('━', filled).Append('─', BarWidth - filled);
    }

    private static int Digits(int value) => value < 10 ? 1 : 1 + Digits(value / 10);

    private void Clock(double seconds)
    {
        var whole = (long)Math.Ceiling(seconds);
        if (whole >= 3600)
            _line.Append(CultureInfo.InvariantCulture, $"{whole / 3600}:{whole / 60 % 60:00}:{whole % 60:00}");
        else
            _line.Append(CultureInfo.InvariantCulture, $"{whole / 60}:{whole % 60:00}");
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
