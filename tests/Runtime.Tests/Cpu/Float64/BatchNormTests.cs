using F32 = NetForge.Cpu;
using F64 = NetForge.Cpu.Float64;

namespace NetForge.Runtime.Tests.Cpu.Float64;

public class BatchNormTests
{
    public static TheoryData<string, int, int, int> Cases
    {
        get
        {
            var data = new TheoryData<string, int, int, int>();
            foreach (var name in new[] { "identity", "relu", "tanh" })
            {
                foreach (var (batch, channels, spatial) in new[] { (3, 4, 5), (8, 3, 1), (2, 2, 37), (1, 3, 17) })
                    data.Add(name, batch, channels, spatial);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Training_inference_and_backward_match_the_float_kernel(string activation, int batch, int channels, int spatial) =>
        ActivationPairs.Run(activation, new Comparison(batch, channels, spatial));

    [Fact]
    public void Empty_gradients_are_skipped_and_the_input_gradient_is_unchanged()
    {
        var random = new Random(41);
        const int batch = 3, channels = 2, spatial = 4;
        var x = Float64Check.Doubles(random, batch * channels * spatial, 2);
        var weight = Float64Check.Doubles(random, channels);
        var bias = Float64Check.Doubles(random, channels);
        var (mean, inverseStd, y) = (new double[channels], new double[channels], new double[x.Length]);
        F64.BatchNorm.ForwardTraining(x, weight, bias, new double[channels], new double[channels], y, mean, inverseStd,
            batch, channels, spatial, 0.1f, 1e-5f, new F64.Tanh());
        var dy = Float64Check.Doubles(random, x.Length);

        var fullDy = (double[])dy.Clone();
        var fullDx = new double[x.Length];
        F64.BatchNorm.Backward(x, weight, y, mean, inverseStd, fullDy, new double[channels], new double[channels], fullDx, batch, channels, spatial, new F64.Tanh());
        var partDx = new double[x.Length];
        F64.BatchNorm.Backward(x, weight, y, mean, inverseStd, dy, default, default, partDx, batch, channels, spatial, new F64.Tanh());
        Assert.Equal(fullDy, dy);
        Assert.Equal(fullDx, partDx);

        Assert.Throws<ArgumentException>(() =>
            F64.BatchNorm.Backward(x, weight, y, mean, inverseStd, fullDy, default, default, fullDy, batch, channels, spatial, new F64.Tanh()));
        Assert.Throws<ArgumentException>(() =>
            F64.BatchNorm.ForwardTraining(x, weight, bias, new double[channels], new double[channels], y, mean, inverseStd,
                1, channels, 1, 0.1, 1e-5, new F64.Identity()));
    }

    [Theory]
    [InlineData(3, 2, 4)]
    [InlineData(6, 3, 1)]
    public void The_training_gradients_match_centred_differences(int batch, int channels, int spatial)
    {
        var random = new Random(batch * channels + spatial);
        var x = Float64Check.Doubles(random, batch * channels * spatial, 2);
        var weight = Float64Check.Doubles(random, channels);
        var bias = Float64Check.Doubles(random, channels);
        var r = Float64Check.Doubles(random, x.Length);
        var (mean, inverseStd, y) = (new double[channels], new double[channels], new double[x.Length]);
        var (runningMean, runningVar) = (new double[channels], new double[channels]);

        double Objective()
        {
            F64.BatchNorm.ForwardTraining(x, weight, bias, runningMean, runningVar, y, mean, inverseStd,
                batch, channels, spatial, 0.1, 1e-5, new F64.Tanh());
            return Float64Check.Dot(y, r);
        }

        Objective();
        var dy = (double[])r.Clone();
        var (dw, db, dx) = (new double[channels], new double[channels], new double[x.Length]);
        F64.BatchNorm.Backward(x, weight, y, mean, inverseStd, dy, dw, db, dx, batch, channels, spatial, new F64.Tanh());
        Float64Check.Gradient("dx", x, dx, Objective);
        Float64Check.Gradient("dWeight", weight, dw, Objective);
        Float64Check.Gradient("dBias", bias, db, Objective);
    }

    private readonly record struct Comparison(int Batch, int Channels, int Spatial) : IActivationPairTest
    {
        public void Run<TFloat, TDouble>(TFloat single, TDouble wide)
            where TFloat : struct, F32.IActivation
            where TDouble : struct, F64.IActivation
        {
            var random = new Random(Batch * 100 + Channels * 10 + Spatial);
            var length = Batch * Channels * Spatial;
            var x = Float64Check.Floats(random, length, 3f);
            for (var i = 0; i < length; i++)
                x[i] += 1.5f;
            var weight = Float64Check.Floats(random, Channels);
            var bias = Float64Check.Floats(random, Channels);
            var runningMean = Float64Check.Floats(random, Channels);
            var runningVar = Float64Check.Floats(random, Channels);
            for (var c = 0; c < Channels; c++)
                runningVar[c] += 1.5f;
            var dy = Float64Check.Floats(random, length);

            var (mean, inverseStd, y) = (new float[Channels], new float[Channels], new float[length]);
            var (runningMean64, runningVar64) = (Float64Check.Widen(runningMean), Float64Check.Widen(runningVar));
            var (mean64, inverseStd64, y64) = (new double[Channels], new double[Channels], new double[length]);
            F32.BatchNorm.ForwardTraining(x, weight, bias, runningMean, runningVar, y, mean, inverseStd, Batch, Channels, Spatial, 0.2f, 1e-3f, single);
            F64.BatchNorm.ForwardTraining(Float64Check.Widen(x), Float64Check.Widen(weight), Float64Check.Widen(bias), runningMean64, runningVar64,
                y64, mean64, inverseStd64, Batch, Channels, Spatial, 0.2f, 1e-3f, wide);
            Float64Check.Close(y, y64, "y");
            Float64Check.Close(mean, mean64, "mean");
            Float64Check.Close(inverseStd, inverseStd64, "inverseStd");
            Float64Check.Close(runningMean, runningMean64, "runningMean");
            Float64Check.Close(runningVar, runningVar64, "runningVar");

            var inference = new float[length];
            F32.BatchNorm.ForwardInference(x, weight, bias, runningMean, runningVar, inference, Batch, Channels, Spatial, 1e-3f, single);
            var inference64 = new double[length];
            F64.BatchNorm.ForwardInference(Float64Check.Widen(x), Float64Check.Widen(weight), Float64Check.Widen(bias), runningMean64, runningVar64,
                inference64, Batch, Channels, Spatial, 1e-3f, wide);
            Float64Check.Close(inference, inference64, "inference y");

            var dy64 = Float64Check.Widen(dy);
            var (dw, db, dx) = (new float[Channels], new float[Channels], new float[length]);
            var (dw64, db64, dx64) = (new double[Channels], new double[Channels], new double[length]);
            F32.BatchNorm.Backward(x, weight, y, mean, inverseStd, dy, dw, db, dx, Batch, Channels, Spatial, single);
            F64.BatchNorm.Backward(Float64Check.Widen(x), Float64Check.Widen(weight), Float64Check.Widen(y), mean64, inverseStd64, dy64, dw64, db64, dx64,
                Batch, Channels, Spatial, wide);
            Float64Check.Close(dy, dy64, "masked dy");
            Float64Check.Close(dw, dw64, "dWeight");
            Float64Check.Close(db, db64, "dBias");
            Float64Check.Close(dx, dx64, "dx");
        }
    }
}
