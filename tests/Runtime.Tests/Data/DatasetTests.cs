using NetForge.Runtime.Tests.Training;

namespace NetForge.Runtime.Tests.Data;

public class DatasetTests
{
    // Four samples of three features; feature j of sample i is 10 i + j.
    private static float[] Features() => [0, 1, 2, 10, 11, 12, 20, 21, 22, 30, 31, 32];

    private static Dataset Labelled() => new(Features(), 3, [2, 0, 1, 2], classCount: 3);

    private static Dataset Valued() => new(Features(), 3, [0.5f, -0.5f, 1.5f, -1.5f, 2.5f, -2.5f, 3.5f, -3.5f], targetSize: 2);

    [Fact]
    public void A_labelled_set_reports_its_shape_and_samples()
    {
        var data = Labelled();

        Assert.Equal(4, data.Count);
        Assert.Equal(3, data.SampleSize);
        Assert.Equal(TargetKind.ClassLabels, data.TargetKind);
        Assert.Equal(3, data.ClassCount);
        Assert.Equal(0, data.TargetSize);
        Assert.Equal([20f, 21f, 22f], data.Sample(2).ToArray());
        Assert.Equal(1, data.Label(2));
        Assert.Throws<InvalidOperationException>(() => data.Target(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Sample(4));
    }

    [Fact]
    public void A_valued_set_reports_its_shape_and_targets()
    {
        var data = Valued();

        Assert.Equal(TargetKind.Values, data.TargetKind);
        Assert.Equal(2, data.TargetSize);
        Assert.Equal(0, data.ClassCount);
        Assert.Equal([2.5f, -2.5f], data.Target(2).ToArray());
        Assert.Throws<InvalidOperationException>(() => data.Label(0));
    }

    [Fact]
    public void Constructors_reject_inconsistent_lengths_with_the_numbers()
    {
        var labels = Assert.Throws<ArgumentException>(() => new Dataset(Features(), 3, [0, 1, 2], 3));
        Assert.Contains("3 labels for 4 samples", labels.Message);

        var ragged = Assert.Throws<ArgumentException>(() => new Dataset(Features(), 5, [0, 1], 3));
        Assert.Contains("12 feature values do not split into samples of 5", ragged.Message);

        var range = Assert.Throws<ArgumentException>(() => new Dataset(Features(), 3, [0, 1, 3, 0], 3));
        Assert.Contains("Label 3 of sample 2", range.Message);

        var targets = Assert.Throws<ArgumentException>(() => new Dataset(Features(), 3, new float[7], 2));
        Assert.Contains("7 target values for 4 samples", targets.Message);
    }

    [Fact]
    public void Take_copies_the_first_samples()
    {
        var subset = Labelled().Take(2);

        Assert.Equal(2, subset.Count);
        Assert.Equal([10f, 11f, 12f], subset.Sample(1).ToArray());
        Assert.Equal(0, subset.Label(1));
        Assert.Equal([1.5f, -1.5f], Valued().Take(2).Target(1).ToArray());
    }

    [Fact]
    public void CopyBatch_fills_inputs_labels_and_count()
    {
        var buffers = new PlainBuffers(4, 3, 3, TargetKind.ClassLabels, []);

        Labelled().CopyBatch([3, 1], buffers);

        Assert.Equal(2, buffers.Count);
        Assert.Equal([30f, 31f, 32f, 10f, 11f, 12f], buffers.Inputs[..6]);
        Assert.Equal([2, 0], buffers.Labels[..2]);
    }

    [Fact]
    public void CopyBatch_fills_target_values()
    {
        var buffers = new PlainBuffers(4, 3, 2, TargetKind.Values, []);

        Valued().CopyBatch([2, 0, 3], buffers);

        Assert.Equal(3, buffers.Count);
        Assert.Equal([2.5f, -2.5f, 0.5f, -0.5f, 3.5f, -3.5f], buffers.Targets[..6]);
    }

    [Fact]
    public void CopyBatch_of_a_range_copies_consecutive_samples()
    {
        var buffers = new PlainBuffers(4, 3, 3, TargetKind.ClassLabels, []);

        Labelled().CopyBatch(start: 1, count: 3, buffers);

        Assert.Equal(3, buffers.Count);
        Assert.Equal(Features()[3..], buffers.Inputs[..9]);
        Assert.Equal([0, 1, 2], buffers.Labels[..3]);
        Assert.Throws<ArgumentOutOfRangeException>(() => Labelled().CopyBatch(start: 2, count: 3, buffers));
    }

    [Fact]
    public void CopyBatch_names_both_sizes_when_they_differ()
    {
        var inputs = Assert.Throws<ArgumentException>(() => Labelled().CopyBatch([0], new PlainBuffers(4, 5, 3, TargetKind.ClassLabels, [])));
        Assert.Contains("3 values", inputs.Message);
        Assert.Contains("5 inputs", inputs.Message);

        var outputs = Assert.Throws<ArgumentException>(() => Labelled().CopyBatch([0], new PlainBuffers(4, 3, 10, TargetKind.ClassLabels, [])));
        Assert.Contains("3 classes", outputs.Message);
        Assert.Contains("10 outputs", outputs.Message);

        var kind = Assert.Throws<ArgumentException>(() => Valued().CopyBatch([0], new PlainBuffers(4, 3, 2, TargetKind.ClassLabels, [])));
        Assert.Contains("real values", kind.Message);
        Assert.Contains("class labels", kind.Message);
    }

    [Fact]
    public void CopyBatch_rejects_more_samples_than_the_capacity_and_bad_indices()
    {
        var buffers = new PlainBuffers(2, 3, 3, TargetKind.ClassLabels, []);

        var e = Assert.Throws<ArgumentException>(() => Labelled().CopyBatch([0, 1, 2], buffers));
        Assert.Contains("capacity 2", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Labelled().CopyBatch([4], buffers));
    }
}
