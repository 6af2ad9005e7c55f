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
        ArrayView<int> labels, int first, int sampleSize, int labelled)
    {
        int index = thread;
        var s = index / sampleSize;
        var value = index - s * sampleSize;
        var sample = order[first + s];
        inputs[index] = table[(int)data[(long)sample * sampleSize + value]];
        if (value == 0 && labelled != 0)
            labels[s] = allLabels[sample];
    }

    /// <summary>The same for a data set of floats.</summary>
    public static void GatherFloats(
        Index1D thread, ArrayView<float> data, ArrayView<int> allLabels, ArrayView<int> order, ArrayView<float> inputs, ArrayView<int> labels,
        int first, int sampleSize, int labelled)
    {
        int index = thread;
        var s = index / sampleSize;
        var value = index - s * sampleSize;
        var sample = order[first + s];
        inputs[index] = data[(long)sample * sampleSize + value];
        if (value == 0 && labelled != 0)
            labels[s] = allLabels[sample];
    }

    /// <summary>Value [s, j] of the batch's targets: sample order[first + s]'s target j.</summary>
    public static void GatherTargets(Index1D thread, ArrayView<float> allTargets, ArrayView<float> targets, ArrayView<int> order, int first, int size)
    {
        int index = thread;
        var s = index / size;
        targets[index] = allTargets[(long)order[first + s] * size + index % size];
    }
}
