namespace NetForge.Benchmark;

/// <summary>
/// The arithmetic a training step needs per sample, as the benchmark's limit counts it: each dense layer's and
/// convolution's forward product, its weight-gradient product, and its input-gradient product except for the first
/// such layer, whose input needs no gradient; two FLOP per multiply-add. Pooling, activations and the optimizer are
/// left out: they are memory-bound and small beside the products.
/// </summary>
public static class EpochArithmetic
{
    /// <summary>The FLOP of one sample's training step, as the limit counts them.</summary>
    public static double FlopsPerSample(INetwork network)
    {
        var sizes = network.Parameters.ToDictionary(p => p.Name, p => p.Length);
        var total = 0.0;
        var first = true;
        foreach (var node in network.Graph.Nodes)
        {
            if (node.Op is not (GraphOp.Dense or GraphOp.Conv2D))
                continue;
            // A convolution applies its whole weight at every output position; a dense layer once.
            var positions = node.Op == GraphOp.Conv2D ? node.OutputShape[1] * node.OutputShape[2] : 1;
            var product = 2.0 * sizes[node.Parameters[0]] * positions;
            total += product * (first ? 2 : 3);
            first = false;
        }
        return total;
    }
}
