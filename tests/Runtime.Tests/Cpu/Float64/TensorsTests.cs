using F32 = NetForge.Cpu;
using F64 = NetForge.Cpu.Float64;

namespace NetForge.Runtime.Tests.Cpu.Float64;

/// <summary>The elementwise tensor operations and the L2 penalty.</summary>
public class TensorsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(37)]
    public void Add_copy_and_add_to_match_the_float_kernels(int length)
    {
        var random = new Random(length);
        var a = Float64Check.Floats(random, length + 2);
        var b = Float64Check.Floats(random, length + 2);
        var y = new float[length + 2];
        F32.Tensors.Add(a, b, y, length);
        var y64 = Float64Check.Widen(y);
        F64.Tensors.Add(Float64Check.Widen(a), Float64Check.Widen(b), y64, length);
        Float64Check.Close(y, y64, "sum", 1e-7);

        F32.Tensors.AddTo(y, a, length);
        F64.Tensors.AddTo(y64, Float64Check.Widen(a), length);
        Float64Check.Close(y, y64, "added", 1e-6);

        var copy = Enumerable.Repeat(double.NaN, length + 2).ToArray();
        F64.Tensors.Copy(y64, copy, length);
        Assert.Equal(y64[..length], copy[..length]);
        Assert.All(copy[length..], value => Assert.True(double.IsNaN(value)));

        var error = Assert.Throws<ArgumentException>(() => F64.Tensors.AddTo(new double[length], new double[length + 2], length + 1));
        Assert.Equal("destination", error.ParamName);
    }

    [Fact]
    public void A_frozen_parameter_has_no_gradient()
    {
        var parameter = new F64.Tensor64("dense1.weight", 2, 3);
        var gradient = new double[6];
        Assert.Equal(6, F64.Tensors.UnlessFrozen(parameter, gradient).Length);
        parameter.Frozen = true;
        Assert.True(F64.Tensors.UnlessFrozen(parameter, gradient).IsEmpty);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(37)]
    public void The_L2_penalty_matches_the_float_kernel(int length)
    {
        var random = new Random(length);
        var weight = Float64Check.Floats(random, length);
        var gradient = Float64Check.Floats(random, length);
        var gradient64 = Float64Check.Widen(gradient);
        var weight64 = Float64Check.Widen(weight);
        var squares = F32.Regularisation.AddL2(weight, gradient, 0.01f);
        var squares64 = F64.Regularisation.AddL2(weight64, gradient64, 0.01f);
        Assert.Equal(squares, squares64, 1e-5 * squares);
        Float64Check.Close(gradient, gradient64, "weightGrad", 1e-6);

        // A frozen weight's penalty still counts; it just has no gradient to add to.
        Assert.Equal(squares64, F64.Regularisation.AddL2(weight64, default, 0.01f));
        Assert.Throws<ArgumentException>(() => F64.Regularisation.AddL2(weight64, new double[length + 1], 0.01f));
    }

    [Fact]
    public void The_L2_gradient_matches_centred_differences()
    {
        var random = new Random(61);
        var weight = Float64Check.Doubles(random, 9);
        const double lambda = 0.3;
        var gradient = new double[weight.Length];
        F64.Regularisation.AddL2(weight, gradient, lambda);
        Float64Check.Gradient("weightGrad", weight, gradient, () => lambda * F64.Regularisation.AddL2(weight, default, lambda));
    }
}
