namespace NetForge.EndToEnd.Tests;

/// <summary>
/// Checks a generated network's TrainStep gradients against central finite differences of its loss, element by
/// element over every parameter: the Evaluate loss, or for networks whose modes differ (dropout, batch norm) the
/// training loss, recomputed at one step count so that every evaluation draws the same dropout mask.
/// </summary>
internal static class GeneratedGradientCheck
{
    /// <summary>The finite-difference step: large enough that float32 rounding of the loss (about 1e-7 of it)
    /// stays far below the difference, small enough, with the fourth-order stencil, that the truncation error of
    /// smooth functions is tiny. The stencil reaches two steps from each value.</summary>
    public const float Step = 1e-2f;

    /// <summary>Gradients smaller than this are compared by absolute error: below it float32 rounding of the
    /// loss, not the gradient, dominates the finite difference.</summary>
    public const double Floor = 1e-2;

    /// <summary>
    /// Sets parameters so that no pre-activation lies within reach of a kink: biases follow a pattern of
    /// magnitudes from 0.6 up, and weights are uniform in ±0.1/fan_in (fan_in being all but the first extent of
    /// the weight), so with inputs in [−1, 1] a weighted sum moves a pre-activation by at most 0.1. Rectifiers
    /// stay 0.5 from their kink and the hinge loss's terms stay 0.2 from theirs, more than any step moves them.
    /// </summary>
    // Every bias is at least 0.6 from zero, and no two differ by a hinge margin of 0.5, 1 or 2 within 0.4.
    private static readonly float[] BiasPattern = [0.6f, -0.9f, 1.2f];

    public static void KeepAwayFromKinks(INetwork network, int seed)
    {
        var random = new Random(seed);
        foreach (var parameter in network.Parameters)
        {
            var data = parameter.Data;
            if (parameter.Shape.Length == 1)
            {
                for (var i = 0; i < data.Length; i++)
                    data[i] = BiasPattern[i % BiasPattern.Length];
            }
            else
            {
                var bound = 0.1 / (parameter.Length / parameter.Shape[0]);
                for (var i = 0; i < data.Length; i++)
                    data[i] = (float)((2 * random.NextDouble() - 1) * bound);
            }
        }
    }

    /// <summary>
    /// Gives every batch-norm scale and shift a different value (they start at 1 and 0, where a wrong index or a
    /// missing term could go unseen), keeping the initial dense and convolution weights.
    /// </summary>
    public static void VaryNormalisation(INetwork network)
    {
        foreach (var parameter in network.Parameters.Where(p => p.Name.StartsWith("batchnorm", StringComparison.Ordinal)))
        {
            var scale = parameter.Name.EndsWith(".weight", StringComparison.Ordinal);
            for (var i = 0; i < parameter.Length; i++)
                parameter.Data[i] = scale ? 0.7f + 0.15f * (i % 5) : -0.3f + 0.2f * (i % 4);
        }
    }

    /// <summary>Fills a batch with inputs in [−1, 1] and random targets of the network's kind.</summary>
    public static NetworkBuffers Batch(INetwork network, int count, int seed)
    {
        var random = new Random(seed);
        var buffers = network.CreateBuffers(count);
        buffers.Count = count;
        for (var i = 0; i < count * network.InputLength; i++)
            buffers.Inputs[i] = (float)(2 * random.NextDouble() - 1);
        if (network.TargetKind == TargetKind.ClassLabels)
        {
            for (var i = 0; i < count; i++)
                buffers.Labels[i] = random.Next(network.OutputLength);
        }
        else
        {
            for (var i = 0; i < count * network.OutputLength; i++)
                buffers.Targets[i] = (float)(2 * random.NextDouble() - 1);
        }
        return buffers;
    }

    /// <summary>The largest error between analytic and numeric gradients, with where it occurred.</summary>
    public static (double Error, string Where) MaxError(INetwork network, NetworkBuffers buffers, bool training = false, Func<int, int, float, float>? corrupt = null)
    {
        var step = network.TrainingSteps;
        double Loss()
        {
            if (!training)
                return network.Evaluate(buffers);
            network.TrainingSteps = step;
            return network.TrainStep(buffers);
        }

        network.TrainStep(buffers);
        var analytic = buffers.Gradients.Select(g => (float[])g.Data.Clone()).ToArray();
        var worst = (Error: 0.0, Where: "nothing");
        for (var p = 0; p < network.Parameters.Count; p++)
        {
            var data = network.Parameters[p].Data;
            for (var i = 0; i < data.Length; i++)
            {
                var original = data[i];
                double Difference(float step)
                {
                    data[i] = original + step;
                    var plus = Loss();
                    data[i] = original - step;
                    return plus - Loss();
                }

                // (8·[f(x+h) − f(x−h)] − [f(x+2h) − f(x−2h)]) / 12h: the h³ terms cancel, which a batch norm's
                // curvature needs; the step stays large enough that float32 rounding of the loss does not matter.
                var numeric = (8 * Difference(Step) - Difference(2 * Step)) / (12.0 * Step);
                data[i] = original;
                double exact = corrupt is null ? analytic[p][i] : corrupt(p, i, analytic[p][i]);
                var error = Math.Abs(exact - numeric) / Math.Max(Floor, Math.Max(Math.Abs(exact), Math.Abs(numeric)));
                if (error > worst.Error)
                    worst = (error, $"{network.Parameters[p].Name}[{i}]: analytic {exact:G6}, numeric {numeric:G6}");
            }
        }
        return worst;
    }
}
