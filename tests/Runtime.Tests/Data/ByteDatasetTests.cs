using NetForge.Runtime.Tests.Training;

namespace NetForge.Runtime.Tests.Data;

/// <summary>Data sets whose features are bytes mapped through a table, as the image loaders keep them.</summary>
public class ByteDatasetTests
{
    // Byte b stands for b / 2 − 1, so every decoded value says which byte it came from.
    private static float[] Table() => Enumerable.Range(0, 256).Select(b => b / 2f - 1).ToArray();

    // Four samples of three bytes; byte j of sample i is 10 i + j.
    private static Dataset Bytes() => Dataset.FromBytes([0, 1, 2, 10, 11, 12, 20, 21, 22, 30, 31, 32], 3, [2, 0, 1, 2], classCount: 3, Table());

    private static float Decoded(int b) => b / 2f - 1;

    [Fact]
    public void A_sample_is_its_bytes_through_the_table()
    {
        var data = Bytes();

        Assert.Equal((4, 3, 3), (data.Count, data.SampleSize, data.ClassCount));
        Assert.Equal([Decoded(20), Decoded(21), Decoded(22)], data.Sample(2).ToArray());
        var copy = new float[4];
        data.CopySample(3, copy);
        Assert.Equal([Decoded(30), Decoded(31), Decoded(32), 0f], copy);
        Assert.Equal(1, data.Label(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Sample(4));
        Assert.Throws<ArgumentException>(() => data.CopySample(0, new float[2]));
    }

    [Fact]
    public void Both_batch_copies_decode_their_rows_and_labels()
    {
        var data = Bytes();
        var buffers = new PlainBuffers(4, 3, 3, TargetKind.ClassLabels, []);

        data.CopyBatch([3, 0], buffers);
        Assert.Equal([Decoded(30), Decoded(31), Decoded(32), Decoded(0), Decoded(1), Decoded(2)], buffers.Inputs.AsSpan(0, 6).ToArray());
        Assert.Equal([2, 2], buffers.Labels.AsSpan(0, 2).ToArray());

        data.CopyBatch(1, 2, buffers);
        Assert.Equal([Decoded(10), Decoded(11), Decoded(12), Decoded(20), Decoded(21), Decoded(22)], buffers.Inputs.AsSpan(0, 6).ToArray());
        Assert.Equal([0, 1], buffers.Labels.AsSpan(0, 2).ToArray());
        Assert.Equal(2, buffers.Count);
    }

    [Fact]
    public void A_subset_keeps_bytes_and_table()
    {
        var subset = Bytes().Take(2);

        Assert.Equal(2, subset.Count);
        Assert.Equal([Decoded(10), Decoded(11), Decoded(12)], subset.Sample(1).ToArray());
        Assert.Equal(0, subset.Label(1));
    }

    [Fact]
    public void The_table_is_copied_so_that_changing_it_later_changes_nothing()
    {
        var table = Table();
        var data = Dataset.FromBytes([5, 6], 2, [0], classCount: 1, table);
        table[5] = 99;

        Assert.Equal([Decoded(5), Decoded(6)], data.Sample(0).ToArray());
    }

    [Fact]
    public void A_table_that_is_not_256_finite_values_or_labels_that_do_not_fit_are_refused()
    {
        byte[] features = [1, 2, 3, 4];

        var shortTable = Assert.Throws<ArgumentException>(() => Dataset.FromBytes(features, 2, [0, 0], 1, new float[255]));
        Assert.StartsWith("The table has 255 values; a byte needs 256.", shortTable.Message, StringComparison.Ordinal);
        var table = Table();
        table[7] = float.NaN;
        var nan = Assert.Throws<ArgumentException>(() => Dataset.FromBytes(features, 2, [0, 0], 1, table));
        Assert.StartsWith("The table maps byte 7 to NaN; every value must be finite.", nan.Message, StringComparison.Ordinal);
        var label = Assert.Throws<ArgumentException>(() => Dataset.FromBytes(features, 2, [0, 3], 2, Table()));
        Assert.StartsWith("Label 3 of sample 1 is outside [0, 2).", label.Message, StringComparison.Ordinal);
        var split = Assert.Throws<ArgumentException>(() => Dataset.FromBytes([1, 2, 3], 2, [0], 1, Table()));
        Assert.StartsWith("3 feature values do not split into samples of 2.", split.Message, StringComparison.Ordinal);
    }
}
