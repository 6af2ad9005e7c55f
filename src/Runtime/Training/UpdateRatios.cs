using System.Numerics;
using System.Runtime.InteropServices;

namespace NetForge;

/// <summary>
/// The lectures' check of the learning rate: for each parameter tensor, ‖update‖ / ‖weight‖ of each step, which
/// should be near 10⁻³, averaged over an epoch. The copies it compares with are allocated once.
/// </summary>
internal sealed class UpdateRatios
{
    /// <summary>The ratio the lectures advise.</summary>
    public const double Advised = 1e-3;

    private readonly float[][] _before;
    private readonly double[] _sums;
    private int _steps;

    public UpdateRatios(IReadOnlyList<Tensor> parameters)
    {
        _before = parameters.Select(p => new float[p.Length]).ToArray();
        _sums = new double[parameters.Count];
    }

    public void BeginEpoch()
    {
        Array.Clear(_sums);
        _steps = 0;
    }

    public void BeforeStep(IReadOnlyList<Tensor> parameters)
    {
        for (var i = 0; i < _before.Length; i++)
        {
            if (!parameters[i].Frozen)
                parameters[i].Data.CopyTo(_before[i], 0);
        }
    }

    public void AfterStep(IReadOnlyList<Tensor> parameters)
    {
        for (var i = 0; i < _before.Length; i++)
        {
            if (parameters[i].Frozen)
                continue;
            var (update, weight) = Norms(parameters[i].Data, _before[i]);
            // A tensor still all zeros (a bias at its start) has no scale to compare with.
            _sums[i] += weight == 0 ? 0 : update / weight;
        }
        _steps++;
    }

    /// <summary>The epoch's mean ratio per tensor, by name; a frozen tensor, which training does not update, has none.</summary>
    public IReadOnlyDictionary<string, double> Means(IReadOnlyList<Tensor> parameters)
    {
        var means = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < _sums.Length; i++)
        {
            if (!parameters[i].Frozen)
                means[parameters[i].Name] = _steps == 0 ? double.NaN : _sums[i] / _steps;
        }
        return means;
    }

    /// <summary>Whether a weight tensor's ratio is more than ten times off the advised one; biases and batch norm's
    /// scales start near zero or one and are not judged.</summary>
    public static bool FarOff(string tensor, double ratio) =>
        tensor.EndsWith(".weight", StringComparison.Ordinal) && !tensor.StartsWith("batchnorm", StringComparison.Ordinal)
        && (ratio > 10 * Advised || ratio < Advised / 10);

    private static (double Update, double Weight) Norms(ReadOnlySpan<float> after, ReadOnlySpan<float> before)
    {
        var a = MemoryMarshal.Cast<float, Vector<float>>(after);
        var b = MemoryMarshal.Cast<float, Vector<float>>(before);
        Vector<float> updates = Vector<float>.Zero, weights = Vector<float>.Zero;
        for (var i = 0; i < a.Length; i++)
        {
            var d = a[i] - b[i];
            updates += d * d;
            weights += b[i] * b[i];
        }
        double update = Vector.Sum(updates), weight = Vector.Sum(weights);
        for (var i = a.Length * Vector<float>.Count; i < after.Length; i++)
        {
            var d = after[i] - before[i];
            update += d * d;
            weight += before[i] * before[i];
        }
        return (Math.Sqrt(update), Math.Sqrt(weight));
    }
}
