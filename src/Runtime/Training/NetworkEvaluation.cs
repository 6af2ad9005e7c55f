using System.Runtime.CompilerServices;

namespace NetForge;

/// <summary>Measures a network's loss and accuracy on a whole data set.</summary>
public static class NetworkEvaluation
{
    /// <summary>
    /// Runs the network's forward pass over every sample of <paramref name="data"/> in order, in batches of
    /// <paramref name="batchSize"/> with a smaller final batch where needed, and averages the loss over samples.
    /// </summary>
    /// <param name="network">The network to evaluate; its parameters are not changed.</param>
    /// <param name="data">The samples, whose sizes and target kind must match the network.</param>
    /// <param name="batchSize">Samples per forward pass; it bounds the memory the buffers take.</param>
    /// <exception cref="ArgumentException">The data set does not match the network.</exception>
    public static Evaluation Evaluate(this INetwork network, Dataset data, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        CheckMatches(network, data, nameof(data));
        if (data.Count == 0)
            return new Evaluation(double.NaN, double.NaN, 0);
        return Evaluate(network, data, network.CreateBuffers(Math.Min(batchSize, data.Count)));
    }

    internal static Evaluation Evaluate(INetwork network, Dataset data, NetworkBuffers buffers)
    {
        double lossSum = 0;
        long correct = 0;
        for (var start = 0; start < data.Count; start += buffers.Capacity)
        {
            var count = Math.Min(buffers.Capacity, data.Count - start);
            data.CopyBatch(start, count, buffers);
            // Weighting each batch's mean by its size keeps a short final batch from counting as much as a full one.
            lossSum += (double)network.Evaluate(buffers) * count;
            if (data.TargetKind == TargetKind.ClassLabels)
                correct += CountCorrect(buffers);
        }
        var accuracy = data.TargetKind == TargetKind.ClassLabels ? (double)correct / data.Count : double.NaN;
        return new Evaluation(accuracy, lossSum / data.Count, data.Count);
    }

    /// <summary>Counts the batch rows whose largest output (the first, on ties) is at the row's label.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int CountCorrect(NetworkBuffers buffers)
    {
        var outputs = buffers.Outputs;
        var width = buffers.OutputSize;
        var correct = 0;
        for (var row = 0; row < buffers.Count; row++)
        {
            if (Cpu.Reduce.ArgMax(outputs.AsSpan(row * width, width)) == buffers.Labels[row])
                correct++;
        }
        return correct;
    }

    internal static void CheckMatches(INetwork network, Dataset data, string parameterName)
    {
        var mismatch = data.Mismatch(network.InputLength, network.OutputLength, network.TargetKind, "the network");
        if (mismatch is not null)
            throw new ArgumentException(mismatch, parameterName);
    }
}
