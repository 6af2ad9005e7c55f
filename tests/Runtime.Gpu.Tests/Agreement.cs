namespace NetForge.Gpu.Tests;

/// <summary>How far a device's values are from the CPU's, relative to the CPU's largest value.</summary>
internal static class Agreement
{
    /// <summary>max |device − cpu| / max |cpu|, or the absolute difference where the CPU's values are all below 1e-6.</summary>
    public static double RelativeError(ReadOnlySpan<float> cpu, ReadOnlySpan<float> device)
    {
        Assert.Equal(cpu.Length, device.Length);
        double largest = 0, difference = 0;
        for (var i = 0; i < cpu.Length; i++)
        {
            largest = Math.Max(largest, Math.Abs(cpu[i]));
            difference = Math.Max(difference, Math.Abs((double)cpu[i] - device[i]));
        }
        return difference / Math.Max(largest, 1e-6);
    }

    /// <summary>A batch of <paramref name="count"/> samples drawn from <paramref name="seed"/>, in buffers of <paramref name="network"/>.</summary>
    public static NetworkBuffers Batch(INetwork network, int count, int seed)
    {
        var buffers = network.CreateBuffers(count);
        buffers.Count = count;
        var random = new Random(seed);
        for (var i = 0; i < count * network.InputLength; i++)
            buffers.Inputs[i] = (float)(random.NextDouble() * 4 - 2);
        if (network.TargetKind == TargetKind.ClassLabels)
        {
            for (var i = 0; i < count; i++)
                buffers.Labels[i] = random.Next(network.OutputLength);
        }
        else
        {
            for (var i = 0; i < count * network.OutputLength; i++)
                buffers.Targets[i] = (float)(random.NextDouble() * 2 - 1);
        }
        return buffers;
    }
}
