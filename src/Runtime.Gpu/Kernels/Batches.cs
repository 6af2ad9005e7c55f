using System.ComponentModel;
using ILGPU;

namespace NetForge.Gpu.Kernels;

/// <summary>Copies a batch out of a data set held on the device, in the order of the epoch's shuffle.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Batches
{
    /// <summary>
    /// The thread's value of n · sampleSize: sample order[first + s]'s byte, through the data set's table
    /// of 256 values; the first thread of each sample also copies its label.
    /// </summary>
    public static void GatherBytes(
        Index1D thread, ArrayView<byte> data, ArrayView<float> table, ArrayView<int> allLabels, ArrayView<int> order, ArrayView<float> inputs,
        ArrayView<int> labels, int first, int sampleSize)
    {
        int index = thread;
        var s = index / sampleSize;
        var value = index - s * sampleSize;
        var sample = order[first + s];
        inputs[index] = table[(int)data[(long)sample * sampleSize + value]];
        if (value == 0)
            labels[s] = allLabels[sample];
    }

    /// <summary>The same for a data set of floats.</summary>
    public static void GatherFloats(
        Index1D thread, ArrayView<float> data, ArrayView<int> allLabels, ArrayView<int> order, ArrayView<float> inputs, ArrayView<int> labels,
        int first, int sampleSize)
    {
        int index = thread;
        var s = index / sampleSize;
        var value = index - s * sampleSize;
        var sample = order[first + s];
        inputs[index] = data[(long)sample * sampleSize + value];
        if (value == 0)
            labels[s] = allLabels[sample];
    }
}
