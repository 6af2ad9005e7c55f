using NetForge.Cpu;

namespace NetForge.Runtime.Tests.Cpu;

/// <summary>The buffers the kernels read start on cache lines where the heap allows, and are zeroed like new arrays.</summary>
public class AlignedArraysTests
{
    [Fact]
    public void Arrays_are_zeroed_of_their_length_and_mostly_start_a_cache_line()
    {
        // Lengths from below a vector to large-object sizes, each after the last one was dirtied and dropped, so that
        // collected gaps are among the places the heap offers.
        var lengths = Enumerable.Range(0, 64).Select(i => i % 4 == 3 ? 50_000 + 37 * i : 16 + 131 * i).ToArray();
        var kept = new List<float[]>();
        foreach (var length in lengths)
        {
            var array = AlignedArrays.Allocate(length);
            Assert.Equal(length, array.Length);
            Assert.All(array, value => Assert.Equal(0f, value));
            kept.Add(array);
            Array.Fill(AlignedArrays.Allocate(length), 1f);
        }

        // Plain arrays start on a line about one time in eight, as their data lies 8 bytes apart; the padding
        // makes it the rule. A quarter leaves room for a heap busy with other tests.
        var aligned = kept.Count(AlignedArrays.StartsLine);
        Assert.True(aligned >= lengths.Length / 4, $"{aligned} of {lengths.Length} arrays start a cache line.");
    }

    [Fact]
    public void Arrays_shorter_than_a_vector_are_plain()
    {
        Assert.Equal(new float[15], AlignedArrays.Allocate(15));
        Assert.Empty(AlignedArrays.Allocate(0));
    }
}
