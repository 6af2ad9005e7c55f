using Examples.FashionMnist;

namespace NetForge.EndToEnd.Tests;

public class AllocationTests
{
    private static long AllocatedBy(Action action)
    {
        action();
        var before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Fact]
    public void Predict_and_Classify_allocate_nothing()
    {
        var network = new Mlp(seed: 1);
        var input = new float[Mlp.InputSize];
        var output = new float[Mlp.OutputSize];
        input.AsSpan().Fill(0.5f);

        Assert.Equal(0, AllocatedBy(() => network.Predict(input, output)));
        Assert.Equal(0, AllocatedBy(() => network.Classify(input)));
    }

    [Fact]
    public void A_training_step_and_an_evaluation_allocate_nothing()
    {
        var network = new Mlp(seed: 1);
        var buffers = network.CreateBuffers(64);
        buffers.Count = 64;
        buffers.Inputs.AsSpan().Fill(0.25f);
        for (var i = 0; i < 64; i++)
            buffers.Labels[i] = i % 10;
        var optimizer = new Adam(1e-3f);

        Assert.Equal(0, AllocatedBy(() =>
        {
            network.TrainStep(buffers);
            optimizer.Step(network.Parameters, buffers.Gradients);
        }));
        Assert.Equal(0, AllocatedBy(() => network.Evaluate(buffers)));
    }

    [Fact]
    public void Predict_of_the_softmax_head_returns_probabilities()
    {
        var network = new SoftmaxHead(seed: 2);
        var output = new float[3];

        network.Predict([0.3f, -1f, 2f, 0.5f], output);

        Assert.Equal(1f, output.Sum(), 5);
        Assert.All(output, p => Assert.InRange(p, 0f, 1f));
    }

    [Fact]
    public void Predict_rejects_a_wrong_input_length_with_the_sizes()
    {
        var network = new Mlp();

        var e = Assert.Throws<ArgumentException>(() => network.Predict(new float[10], new float[10]));
        Assert.Contains("784", e.Message, StringComparison.Ordinal);
    }
}
