using NetForge.Cpu;

namespace NetForge.Runtime.Tests.Cpu;

public class TapLayoutTests
{
    [Fact]
    public void A_layout_is_made_again_whenever_a_bit_of_the_weights_or_their_shape_has_changed()
    {
        var weight = Enumerable.Range(0, 8 * 150).Select(i => (float)i - 600.5f).ToArray();
        AssertTransposed(weight, 8, TapLayout.Of(weight, 8));
        AssertTransposed(weight, 8, TapLayout.Of(weight, 8));

        // Changes that compare equal as numbers still change the bits the layout is made from.
        weight[37] = 0f;
        AssertTransposed(weight, 8, TapLayout.Of(weight, 8));
        weight[37] = -0f;
        var layout = TapLayout.Of(weight, 8);
        Assert.True(float.IsNegative(layout[(37 % 150) * 8 + 37 / 150]), "the sign of a zero weight");
        weight[1199] = float.NaN;
        AssertTransposed(weight, 8, TapLayout.Of(weight, 8));
        weight[1199] = 3f;
        AssertTransposed(weight, 8, TapLayout.Of(weight, 8));

        // The same values as another shape, and a shorter slice of them.
        AssertTransposed(weight, 16, TapLayout.Of(weight, 16));
        AssertTransposed(weight.AsSpan(0, 600).ToArray(), 4, TapLayout.Of(weight.AsSpan(0, 600), 4));
        AssertTransposed(weight, 8, TapLayout.Of(weight, 8));
    }

    private static void AssertTransposed(float[] weight, int filters, ReadOnlySpan<float> layout)
    {
        var patch = weight.Length / filters;
        Assert.Equal(weight.Length, layout.Length);
        for (var f = 0; f < filters; f++)
        {
            for (var k = 0; k < patch; k++)
            {
                Assert.True(BitConverter.SingleToInt32Bits(weight[f * patch + k]) == BitConverter.SingleToInt32Bits(layout[k * filters + f]),
                    $"filter {f} of {filters}, tap {k}");
            }
        }
    }
}
