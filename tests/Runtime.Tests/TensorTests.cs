namespace NetForge.Runtime.Tests;

public class TensorTests
{
    [Fact]
    public void Shape_and_length_follow_the_extents()
    {
        var t = new Tensor("dense1.weight", 3, 4);
        Assert.Equal(12, t.Length);
        Assert.Equal([3, 4], t.Shape.ToArray());
        Assert.Equal("dense1.weight [3, 4]", t.ToString());
    }

    [Fact]
    public void A_non_positive_extent_is_rejected_with_the_name()
    {
        var e = Assert.Throws<ArgumentException>(() => new Tensor("conv1.weight", 3, 0));
        Assert.Contains("conv1.weight", e.Message);
    }
}
