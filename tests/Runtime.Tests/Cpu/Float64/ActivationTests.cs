using F32 = NetForge.Cpu;
using F64 = NetForge.Cpu.Float64;

namespace NetForge.Runtime.Tests.Cpu.Float64;

public class ActivationTests
{
    public static TheoryData<string> Names => ActivationPairs.Names;

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_activation_and_its_derivative_match_the_float_one(string name) => ActivationPairs.Run(name, new Pointwise());

    [Fact]
    public void The_sigmoid_saturates_without_overflowing()
    {
        Assert.Equal(1.0, new F64.Sigmoid().Forward(1000));
        Assert.Equal(0.0, new F64.Sigmoid().Forward(-1000));
    }

    [Fact]
    public void The_slopes_are_checked_as_the_float_ones_are()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new F64.LeakyRelu(-0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new F64.LeakyRelu(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new F64.Elu(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new F64.Elu(double.PositiveInfinity));
        Assert.Equal(0.2f, new F64.LeakyRelu(0.2f).Alpha);
    }

    private readonly struct Pointwise : IActivationPairTest
    {
        public void Run<TFloat, TDouble>(TFloat single, TDouble wide)
            where TFloat : struct, F32.IActivation
            where TDouble : struct, F64.IActivation
        {
            for (var x = -4f; x <= 4f; x += 0.125f)
            {
                var y = single.Forward(x);
                Assert.Equal(y, wide.Forward(x), 1e-6);
                Assert.Equal(single.Derivative(y), wide.Derivative(y), 1e-6);
            }
        }
    }
}
