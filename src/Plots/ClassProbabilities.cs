namespace NetForge.Plots;

/// <summary>A classifier's class probabilities: the softmax of its outputs, unless its last op is a softmax already.</summary>
public static class ClassProbabilities
{
    /// <summary>Predicts one sample and writes its class probabilities.</summary>
    public static void Predict(INetwork network, ReadOnlySpan<float> input, Span<float> probabilities)
    {
        ArgumentNullException.ThrowIfNull(network);
        network.Predict(input, probabilities);
        if (network.Graph.Nodes is [.., { Op: GraphOp.Softmax }])
            return;
        Softmax(probabilities);
    }

    /// <summary>Replaces scores by their softmax, in place, computed stably from the largest.</summary>
    public static void Softmax(Span<float> values)
    {
        var largest = float.NegativeInfinity;
        foreach (var v in values)
            largest = Math.Max(largest, v);
        double sum = 0;
        for (var i = 0; i < values.Length; i++)
            sum += Math.Exp(values[i] - largest);
        for (var i = 0; i < values.Length; i++)
            values[i] = (float)(Math.Exp(values[i] - largest) / sum);
    }
}
