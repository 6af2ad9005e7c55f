using Examples.FashionMnist;

namespace NetForge.EndToEnd.Tests;

/// <summary>Frozen layers in generated networks: no gradient computed, no change in training, the rest exactly as before.</summary>
public class FreezingTests
{
    private static Tensor Named(INetwork network, string name) => network.Parameters.Single(p => p.Name == name);

    private static float[][] Copy(IReadOnlyList<Tensor> tensors) => tensors.Select(t => (float[])t.Data.Clone()).ToArray();

    [Fact]
    public void A_frozen_layers_gradient_is_not_computed_and_the_others_are_bit_for_bit_the_same()
    {
        var network = new WithL2(seed: 3);
        var reference = GeneratedGradientCheck.Batch(network, 8, seed: 4);
        network.TrainStep(reference);
        var expected = Copy(reference.Gradients);

        network = new WithL2(seed: 3);
        network.Freeze("conv1", "batchnorm1");
        var buffers = GeneratedGradientCheck.Batch(network, 8, seed: 4);
        foreach (var gradient in buffers.Gradients)
            gradient.AsSpan().Fill(float.NaN);
        var loss = network.TrainStep(buffers);

        var frozen = new[] { "conv1.weight", "conv1.bias", "batchnorm1.weight", "batchnorm1.bias" };
        for (var i = 0; i < buffers.Gradients.Count; i++)
        {
            var name = network.Parameters[i].Name;
            if (frozen.Contains(name))
                Assert.All(buffers.Gradients[i].Data, g => Assert.True(float.IsNaN(g), $"{name}'s gradient was written"));
            else
                Assert.Equal(expected[i], buffers.Gradients[i].Data);
        }
        // The penalty still counts the frozen convolution's weight: only its gradient is not wanted.
        var penalty = 0.01 * network.Parameters.Where(p => p.Name.EndsWith(".weight", StringComparison.Ordinal) && !p.Name.StartsWith("batchnorm", StringComparison.Ordinal))
            .Sum(p => p.Data.Sum(w => (double)w * w));
        Assert.Equal(buffers.DataLoss + penalty, loss, 6);
    }

    [Fact]
    public void Training_leaves_frozen_layers_exactly_as_they_were_and_changes_the_others()
    {
        var (train, _) = FashionMnist.Load();
        var network = new LeNet5(seed: 1);
        var frozen = network.FreezeUpTo("maxpool2");
        var before = Copy(network.Parameters);

        var options = new TrainerOptions { BatchSize = 32, Log = null, ClipGradientNorm = 1f, TrackUpdateRatios = true };
        var result = new Trainer(network, new Adam(1e-3f, weightDecay: 1e-4f), options).TrainEpoch(train.Take(320));

        Assert.Equal(["conv1", "relu1", "maxpool1", "conv2", "relu2", "maxpool2"], frozen);
        for (var i = 0; i < before.Length; i++)
        {
            var parameter = network.Parameters[i];
            if (parameter.Name.StartsWith("conv", StringComparison.Ordinal))
                Assert.Equal(before[i], parameter.Data);
            else
                Assert.NotEqual(before[i], parameter.Data);
        }
        Assert.Equal(["dense1.bias", "dense1.weight", "dense2.bias", "dense2.weight", "dense3.bias", "dense3.weight"], result.UpdateRatios.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_label_marks_where_the_frozen_part_ends_and_unfreezing_thaws_every_layer()
    {
        var network = new ResidualNet(seed: 0);

        Assert.Equal(["conv1", "relu1", "maxpool1"], network.FreezeUpTo("stem"));
        Assert.Equal(["conv1.weight", "conv1.bias"], network.Parameters.Where(p => p.Frozen).Select(p => p.Name));
        network.Freeze();
        Assert.All(network.Parameters, p => Assert.True(p.Frozen, p.Name));
        network.Unfreeze("dense1");
        Assert.False(Named(network, "dense1.weight").Frozen);
        network.Unfreeze();
        Assert.All(network.Parameters, p => Assert.False(p.Frozen, p.Name));
    }

    [Fact]
    public void An_unknown_layer_is_named_with_the_layers_there_are_and_changes_nothing()
    {
        var network = new Mlp(seed: 0);

        var error = Assert.Throws<ArgumentException>(() => network.Freeze("dense1", "dense9"));
        Assert.StartsWith("Mlp has no layer 'dense9'; its layers are dense1, relu1, dense2, relu2, dense3.", error.Message, StringComparison.Ordinal);
        Assert.All(network.Parameters, p => Assert.False(p.Frozen));
        Assert.Throws<ArgumentException>(() => network.FreezeUpTo("stem"));
    }
}
