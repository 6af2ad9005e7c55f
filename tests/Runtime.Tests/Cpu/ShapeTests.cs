using NetForge.Cpu;

namespace NetForge.Runtime.Tests.Cpu;

public class ShapeTests
{
    [Theory]
    [InlineData(1, 28, 28, 6, 5, 5, 1, 2, 28, 28)]
    [InlineData(6, 14, 14, 16, 5, 5, 1, 0, 10, 10)]
    [InlineData(3, 7, 5, 4, 3, 5, 2, 1, 4, 2)]
    [InlineData(2, 8, 9, 1, 2, 2, 3, 0, 3, 3)]
    [InlineData(1, 1, 1, 1, 3, 3, 1, 1, 1, 1)]
    [InlineData(1, 5, 5, 1, 1, 1, 2, 2, 5, 5)]
    public void Conv_output_sizes_follow_the_formula(int c, int h, int w, int f, int kh, int kw, int s, int p, int oh, int ow)
    {
        var shape = new ConvShape(c, h, w, f, kh, kw, s, p);
        Assert.Equal(oh, shape.OutputHeight);
        Assert.Equal(ow, shape.OutputWidth);
        Assert.Equal(c * h * w, shape.InputSize);
        Assert.Equal(f * oh * ow, shape.OutputSize);
        Assert.Equal(f * c * kh * kw, shape.WeightSize);
        Assert.Equal(c * kh * kw, shape.PatchSize);
    }

    [Theory]
    [InlineData(0, 5, 5, 1, 3, 3, 1, 0, "Channels", "Channels must be positive.")]
    [InlineData(1, -1, 5, 1, 3, 3, 1, 0, "Height", "Height must be positive.")]
    [InlineData(1, 5, 0, 1, 3, 3, 1, 0, "Width", "Width must be positive.")]
    [InlineData(1, 5, 5, 0, 3, 3, 1, 0, "Filters", "Filters must be positive.")]
    [InlineData(1, 5, 5, 1, 0, 3, 1, 0, "KernelHeight", "KernelHeight must be positive.")]
    [InlineData(1, 5, 5, 1, 3, -2, 1, 0, "KernelWidth", "KernelWidth must be positive.")]
    [InlineData(1, 5, 5, 1, 3, 3, 0, 0, "Stride", "Stride must be positive.")]
    [InlineData(1, 5, 5, 1, 3, 3, 1, -1, "Padding", "The padding cannot be negative.")]
    [InlineData(1, 2, 5, 1, 5, 3, 1, 1, "KernelHeight", "The kernel (KernelHeight = 5) is larger than the padded input (Height 2 + 2 × padding 1 = 4).")]
    [InlineData(1, 5, 3, 1, 3, 4, 1, 0, "KernelWidth", "The kernel (KernelWidth = 4) is larger than the padded input (Width 3 + 2 × padding 0 = 3).")]
    public void Conv_shape_rejects_sizes_that_make_no_layer(int c, int h, int w, int f, int kh, int kw, int s, int p, string parameter, string message)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new ConvShape(c, h, w, f, kh, kw, s, p));
        Assert.Equal(parameter, e.ParamName);
        Assert.StartsWith(message, e.Message);
    }

    [Fact]
    public void Conv_shape_rejects_sizes_too_large_for_a_buffer()
    {
        var e = Assert.Throws<ArgumentException>(() => new ConvShape(2048, 1024, 1024, 1, 1, 1, 1, 0));
        Assert.Equal("The input would hold 2147483648 values, more than a buffer can (2147483647).", e.Message);

        // Each tensor fits, but not the patches the kernels unroll: 256·3·3 taps for each of 1024 × 1024 outputs.
        e = Assert.Throws<ArgumentException>(() => new ConvShape(256, 1024, 1024, 1, 3, 3, 1, 1));
        Assert.StartsWith("The unrolled input would hold", e.Message);
    }

    [Fact]
    public void Shapes_are_values_and_deconstruct_in_declaration_order()
    {
        var shape = new ConvShape(3, 7, 5, 4, 3, 5, 2, 1);
        Assert.Equal(new ConvShape(3, 7, 5, 4, 3, 5, 2, 1), shape);
        Assert.NotEqual(new ConvShape(3, 7, 5, 4, 3, 5, 2, 0), shape);
        var (c, h, w, f, kh, kw, s, p) = shape;
        Assert.Equal((3, 7, 5, 4, 3, 5, 2, 1), (c, h, w, f, kh, kw, s, p));
        var (pc, ph, pw, size, stride) = new PoolShape(2, 9, 8, 3, 2);
        Assert.Equal((2, 9, 8, 3, 2), (pc, ph, pw, size, stride));
    }

    [Theory]
    [InlineData(6, 28, 28, 2, 2, 14, 14)]
    [InlineData(1, 7, 7, 2, 2, 3, 3)]
    [InlineData(3, 5, 6, 3, 2, 2, 2)]
    [InlineData(2, 7, 7, 2, 3, 2, 2)]
    [InlineData(1, 4, 4, 4, 1, 1, 1)]
    [InlineData(1, 6, 5, 3, 1, 4, 3)]
    public void Pool_output_sizes_round_down(int c, int h, int w, int size, int stride, int oh, int ow)
    {
        var shape = new PoolShape(c, h, w, size, stride);
        Assert.Equal(oh, shape.OutputHeight);
        Assert.Equal(ow, shape.OutputWidth);
        Assert.Equal(c * h * w, shape.InputSize);
        Assert.Equal(c * oh * ow, shape.OutputSize);
    }

    [Theory]
    [InlineData(0, 4, 4, 2, 2, "Channels", "Channels must be positive.")]
    [InlineData(1, 0, 4, 2, 2, "Height", "Height must be positive.")]
    [InlineData(1, 4, -3, 2, 2, "Width", "Width must be positive.")]
    [InlineData(1, 4, 4, 0, 2, "Size", "Size must be positive.")]
    [InlineData(1, 4, 4, 2, 0, "Stride", "Stride must be positive.")]
    [InlineData(1, 4, 3, 4, 1, "Size", "The window (Size = 4) is larger than the input (4 × 3).")]
    public void Pool_shape_rejects_sizes_that_make_no_layer(int c, int h, int w, int size, int stride, string parameter, string message)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new PoolShape(c, h, w, size, stride));
        Assert.Equal(parameter, e.ParamName);
        Assert.StartsWith(message, e.Message);
    }
}
