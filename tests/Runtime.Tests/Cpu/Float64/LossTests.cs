using F32 = NetForge.Cpu;
using F64 = NetForge.Cpu.Float64;

namespace NetForge.Runtime.Tests.Cpu.Float64;

public class LossTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 4)]
    [InlineData(7, 10)]
    public void Softmax_cross_entropy_matches_the_float_kernel(int batch, int classes)
    {
        var random = new Random(batch * classes);
        var logits = Float64Check.Floats(random, batch * classes, 5f);
        var labels = Labels(random, batch, classes);
        var gradient = new float[logits.Length];
        var loss = F32.SoftmaxCrossEntropy.ForwardBackward(logits, labels, gradient, batch, classes);
        var gradient64 = new double[logits.Length];
        var loss64 = F64.SoftmaxCrossEntropy.ForwardBackward(Float64Check.Widen(logits), labels, gradient64, batch, classes);
        Assert.Equal(loss, loss64, 1e-5 * Math.Max(1, loss));
        Assert.Equal(loss64, F64.SoftmaxCrossEntropy.Forward(Float64Check.Widen(logits), labels, batch, classes));
        Float64Check.Close(gradient, gradient64, "dLogits");
    }

    [Theory]
    [InlineData(1, 3, 1f)]
    [InlineData(4, 5, 0.5f)]
    [InlineData(6, 10, 1f)]
    public void Hinge_matches_the_float_kernel(int batch, int classes, float margin)
    {
        var random = new Random(batch + classes);
        var scores = Float64Check.Floats(random, batch * classes, 2f);
        var labels = Labels(random, batch, classes);
        var gradient = new float[scores.Length];
        var loss = F32.Hinge.ForwardBackward(scores, labels, gradient, batch, classes, margin);
        var gradient64 = new double[scores.Length];
        var loss64 = F64.Hinge.ForwardBackward(Float64Check.Widen(scores), labels, gradient64, batch, classes, margin);
        Assert.Equal(loss, loss64, 1e-5 * Math.Max(1, loss));
        Assert.Equal(loss64, F64.Hinge.Forward(Float64Check.Widen(scores), labels, batch, classes, margin));
        Float64Check.Close(gradient, gradient64, "dScores", 1e-6);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 7)]
    public void Mean_squared_error_matches_the_float_kernel(int batch, int size)
    {
        var random = new Random(batch + size);
        var predictions = Float64Check.Floats(random, batch * size);
        var targets = Float64Check.Floats(random, batch * size);
        var gradient = new float[predictions.Length];
        var loss = F32.MeanSquaredError.ForwardBackward(predictions, targets, gradient, batch, size);
        var gradient64 = new double[predictions.Length];
        var loss64 = F64.MeanSquaredError.ForwardBackward(Float64Check.Widen(predictions), Float64Check.Widen(targets), gradient64, batch, size);
        Assert.Equal(loss, loss64, 1e-6 * Math.Max(1, loss));
        Assert.Equal(loss64, F64.MeanSquaredError.Forward(Float64Check.Widen(predictions), Float64Check.Widen(targets), batch, size));
        Float64Check.Close(gradient, gradient64, "dPredictions", 1e-6);
    }

    [Fact]
    public void The_loss_gradients_match_centred_differences()
    {
        var random = new Random(51);
        const int batch = 4, classes = 5;
        var outputs = Float64Check.Doubles(random, batch * classes, 3);
        var labels = Labels(random, batch, classes);
        var gradient = new double[outputs.Length];

        F64.SoftmaxCrossEntropy.ForwardBackward(outputs, labels, gradient, batch, classes);
        Float64Check.Gradient("softmax cross-entropy", outputs, gradient, () => F64.SoftmaxCrossEntropy.Forward(outputs, labels, batch, classes));

        var targets = Float64Check.Doubles(random, outputs.Length);
        F64.MeanSquaredError.ForwardBackward(outputs, targets, gradient, batch, classes);
        Float64Check.Gradient("mean squared error", outputs, gradient, () => F64.MeanSquaredError.Forward(outputs, targets, batch, classes));

        // Random scores are almost surely more than a step from a margin's edge, where the hinge has its kink.
        F64.Hinge.ForwardBackward(outputs, labels, gradient, batch, classes, 1.0);
        Float64Check.Gradient("hinge", outputs, gradient, () => F64.Hinge.Forward(outputs, labels, batch, classes, 1.0));
    }

    [Fact]
    public void Labels_and_sizes_are_checked()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => F64.SoftmaxCrossEntropy.Forward(new double[6], [0, 3], 2, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => F64.Hinge.Forward(new double[6], [0, 1], 0, 3, 1));
        var error = Assert.Throws<ArgumentException>(() => F64.MeanSquaredError.ForwardBackward(new double[6], new double[6], new double[5], 2, 3));
        Assert.Equal("dPredictions", error.ParamName);
    }

    private static int[] Labels(Random random, int batch, int classes)
    {
        var labels = new int[batch];
        for (var b = 0; b < batch; b++)
            labels[b] = random.Next(classes);
        return labels;
    }
}
