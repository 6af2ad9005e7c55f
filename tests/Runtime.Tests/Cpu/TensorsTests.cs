using NetForge.Cpu;

namespace NetForge.Runtime.Tests.Cpu;

public class TensorsTests
{
    /// <summary>Lengths around the vector widths (4, 8, 16 floats) and the two-vector unrolling, so every loop and tail runs.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(33)]
    [InlineData(100)]
    public void Add_copy_and_add_to_work_value_by_value_and_stop_at_the_length(int length)
    {
        var a = GradientCases.Uniform(new Random(length), length + 3, 1f);
        var b = GradientCases.Uniform(new Random(length + 1), length + 3, 1f);
        var expected = a.Zip(b, (p, q) => p + q).ToArray();

        var y = Filled(length + 3, 9f);
        Tensors.Add(a, b, y, length);
        Assert.Equal(expected[..length], y[..length]);
        Assert.Equal([9f, 9f, 9f], y[length..]);

        var copy = Filled(length + 3, 9f);
        Tensors.Copy(a, copy, length);
        Assert.Equal(a[..length], copy[..length]);
        Assert.Equal([9f, 9f, 9f], copy[length..]);

        var sum = (float[])a.Clone();
        Tensors.AddTo(sum, b, length);
        Assert.Equal(expected[..length], sum[..length]);
        Assert.Equal(a[length..], sum[length..]);
    }

    [Fact]
    public void Add_may_write_over_either_input()
    {
        var a = GradientCases.Uniform(new Random(1), 37, 1f);
        var b = GradientCases.Uniform(new Random(2), 37, 1f);
        var expected = a.Zip(b, (p, q) => p + q).ToArray();
        var (a1, b1) = ((float[])a.Clone(), (float[])b.Clone());

        Tensors.Add(a1, b, a1, 37);
        Tensors.Add(a, b1, b1, 37);

        Assert.Equal(expected, a1);
        Assert.Equal(expected, b1);
    }

    [Fact]
    public void Add_to_may_double_a_buffer_in_place()
    {
        var a = GradientCases.Uniform(new Random(3), 21, 1f);
        var expected = a.Select(v => 2 * v).ToArray();

        Tensors.AddTo(a, a, 21);

        Assert.Equal(expected, a);
    }

    [Fact]
    public void Short_buffers_and_negative_lengths_are_named()
    {
        Assert.Equal("b", Assert.Throws<ArgumentException>(() => Tensors.Add(new float[4], new float[3], new float[4], 4)).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => Tensors.Add(new float[4], new float[4], new float[3], 4)).ParamName);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => Tensors.Copy(new float[4], new float[3], 4)).ParamName);
        Assert.Equal("source", Assert.Throws<ArgumentException>(() => Tensors.AddTo(new float[4], new float[3], 4)).ParamName);
        Assert.Equal("length", Assert.Throws<ArgumentOutOfRangeException>(() => Tensors.Copy([], [], -1)).ParamName);
    }

    [Fact]
    public void Concat_places_each_sample_in_its_slice_and_takes_the_gradient_back()
    {
        float[] first = [1, 2, 3, 4];
        float[] second = [10, 20, 30, 40, 50, 60];
        var joined = Filled(2 * 5 + 3, -1f);

        Concat.Forward(first, 2, joined, 5, 0, 2);
        Concat.Forward(second, 3, joined, 5, 2, 2);

        Assert.Equal([1f, 2f, 10f, 20f, 30f, 3f, 4f, 40f, 50f, 60f, -1f, -1f, -1f], joined);

        var dSecond = Filled(6, 7f);
        Concat.Backward(joined, 5, 2, dSecond, 3, 2, accumulate: false);
        Assert.Equal(second, dSecond);
        Concat.Backward(joined, 5, 2, dSecond, 3, 2, accumulate: true);
        Assert.Equal(second.Select(v => 2 * v).ToArray(), dSecond);
    }

    [Fact]
    public void Concat_leaves_the_rest_of_the_joined_tensor_and_samples_past_the_batch_alone()
    {
        var source = Filled(3 * 4, 1f);
        var joined = Filled(3 * 10, 5f);

        Concat.Forward(source, 4, joined, 10, 3, 2);

        for (var i = 0; i < joined.Length; i++)
            Assert.Equal(i < 20 && i % 10 is >= 3 and < 7 ? 1f : 5f, joined[i]);

        var dSource = Filled(3 * 4, 9f);
        Concat.Backward(joined, 10, 3, dSource, 4, 2, accumulate: false);
        Assert.Equal([1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f, 9f, 9f, 9f, 9f], dSource);
    }

    [Fact]
    public void Concat_rejects_a_slice_past_the_end_of_a_sample_and_names_short_buffers()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Concat.Forward(new float[8], 4, new float[20], 10, 7, 2));
        Assert.Equal("offset", e.ParamName);
        Assert.Contains("[7, 11)", e.Message);
        Assert.Equal("offset", Assert.Throws<ArgumentOutOfRangeException>(() => Concat.Forward(new float[8], 4, new float[20], 10, -1, 2)).ParamName);
        Assert.Equal("source", Assert.Throws<ArgumentException>(() => Concat.Forward(new float[7], 4, new float[20], 10, 0, 2)).ParamName);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => Concat.Forward(new float[8], 4, new float[19], 10, 0, 2)).ParamName);
        Assert.Equal("dDestination", Assert.Throws<ArgumentException>(() => Concat.Backward(new float[19], 10, 0, new float[8], 4, 2, false)).ParamName);
        Assert.Equal("dSource", Assert.Throws<ArgumentException>(() => Concat.Backward(new float[20], 10, 0, new float[7], 4, 2, true)).ParamName);
    }

    [Fact]
    public void Steady_state_calls_allocate_nothing()
    {
        var a = new float[100];
        var b = new float[100];
        var joined = new float[300];
        void Step()
        {
            Tensors.Add(a, b, a, 100);
            Tensors.Copy(a, b, 100);
            Tensors.AddTo(a, b, 100);
            Concat.Forward(a, 50, joined, 150, 100, 2);
            Concat.Backward(joined, 150, 100, b, 50, 2, accumulate: true);
            Concat.Backward(joined, 150, 100, b, 50, 2, accumulate: false);
        }

        Step();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 5; i++)
            Step();
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    private static float[] Filled(int length, float value)
    {
        var values = new float[length];
        Array.Fill(values, value);
        return values;
    }
}
