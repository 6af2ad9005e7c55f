using Examples.FashionMnist;

namespace NetForge.Gpu.Tests;

/// <summary>
/// The benchmark's MLP and LeNet-5 trained on the CPU accelerator against the CPU back end: the same Fashion-MNIST batches in the
/// same order, the same Adam, step by step.
/// </summary>
public sealed class TrainingAgreementTests(CpuAccelerator accelerator) : IClassFixture<CpuAccelerator>
{
    private const int Steps = 50;
    private const int Batch = 16;

    [Fact]
    public void Fifty_steps_of_the_mlp_follow_the_cpu_s_loss_curve()
    {
        var host = new Mlp(seed: 9);
        using var device = host.ToDevice(accelerator.Device);
        FollowsTheCpu(new Mlp(seed: 9), host, device);
    }

    [Fact]
    public void Fifty_steps_of_lenet5_follow_the_cpu_s_loss_curve()
    {
        var host = new LeNet5(seed: 9);
        using var device = host.ToDevice(accelerator.Device);
        FollowsTheCpu(new LeNet5(seed: 9), host, device);
    }

    private static void FollowsTheCpu(INetwork cpu, INetwork host, DeviceNetwork device)
    {
        var train = FashionMnist.Load().Train.Take(Steps * Batch);
        var batches = new Minibatches(train.Count, Batch, seed: 5);
        batches.Shuffle(1);

        var buffers = cpu.CreateBuffers(Batch);
        var adam = new Adam(1e-3f);
        var cpuLosses = new double[Steps];
        for (var b = 0; b < Steps; b++)
        {
            train.CopyBatch(batches.Batch(b), buffers);
            cpuLosses[b] = cpu.TrainStep(buffers);
            adam.Step(cpu.Parameters, buffers.Gradients);
        }

        var run = device.TrainEpoch(train, batches, new Adam(1e-3f));

        Assert.Equal(Steps, run.StepLosses.Length);
        for (var b = 0; b < Steps; b++)
        {
            var relative = Math.Abs(run.StepLosses[b] - cpuLosses[b]) / cpuLosses[b];
            Assert.True(relative < 1e-2, $"step {b + 1}: the device's loss {run.StepLosses[b]} against the CPU's {cpuLosses[b]}");
        }
        Assert.All(run.StepSamples, n => Assert.Equal(Batch, n));
        // The loss fell: the curve followed is one of learning, not of noise around a constant.
        Assert.True(cpuLosses[^5..].Average() < 0.8 * cpuLosses[..5].Average());
        // The parameters came back to the host network, near the CPU's.
        for (var i = 0; i < cpu.Parameters.Count; i++)
            Assert.True(Agreement.RelativeError(cpu.Parameters[i].Data, host.Parameters[i].Data) < 1e-2, cpu.Parameters[i].Name);
        Assert.Equal(Steps, host.TrainingSteps);
    }

    [Fact]
    public void The_trainer_trains_a_placed_network_as_it_trains_one_on_the_cpu_and_its_weights_save_as_safetensors()
    {
        var train = FashionMnist.Load().Train.Take(20 * Batch);
        var options = new TrainerOptions { BatchSize = Batch, Log = null, Seed = 2 };
        var cpu = new Mlp(seed: 3);
        var onCpu = new Trainer(cpu, new Sgd(0.05f, momentum: 0.9f), options).Fit(train, 1)[0];

        var host = new Mlp(seed: 3);
        using var device = host.ToDevice(accelerator.Device);
        var onDevice = new Trainer(device, new Sgd(0.05f, momentum: 0.9f), options).Fit(train, 1, validation: train)[0];

        Assert.Equal(onCpu.TrainLoss, onDevice.TrainLoss, 1e-2 * onCpu.TrainLoss);
        Assert.Equal(onCpu.TrainAccuracy, onDevice.TrainAccuracy, 0.02);
        Assert.NotNull(onDevice.Validation);
        Assert.Equal(onDevice.Validation!.MeanLoss, cpu.Evaluate(train).MeanLoss, 2e-2);
        for (var i = 0; i < cpu.Parameters.Count; i++)
            Assert.True(Agreement.RelativeError(cpu.Parameters[i].Data, host.Parameters[i].Data) < 1e-2, cpu.Parameters[i].Name);

        // The weights trained on the device save and load through the same safetensors file, and load onto a device.
        var path = Path.Combine(Path.GetTempPath(), $"netforge-gpu-{Guid.NewGuid():N}.safetensors");
        try
        {
            host.SaveWeights(path);
            var loaded = new Mlp(seed: 99);
            loaded.LoadWeights(path);
            for (var i = 0; i < host.Parameters.Count; i++)
                Assert.Equal(host.Parameters[i].Data, loaded.Parameters[i].Data);
            using var placedAgain = loaded.ToDevice(accelerator.Device);
            var sample = train.Sample(3).ToArray();
            var (onHost, onDevice2) = (new float[10], new float[10]);
            host.Predict(sample, onHost);
            placedAgain.Predict(sample, onDevice2);
            Assert.True(Agreement.RelativeError(onHost, onDevice2) < 1e-4);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Training_options_the_device_lacks_are_refused_by_name()
    {
        using var device = new Mlp().ToDevice(accelerator.Device);
        var error = Assert.Throws<NotSupportedException>(() =>
            new Trainer(device, new Adam(), new TrainerOptions { Log = null, ClipGradientNorm = 1f }));
        Assert.Equal("Training on the device does not support TrainerOptions.ClipGradientNorm yet; train on the CPU for it.", error.Message);
        error = Assert.Throws<NotSupportedException>(() => new Trainer(device, new RmsProp(1e-3f), new TrainerOptions { Log = null }));
        Assert.Equal("Training on the device does not support the optimizer RmsProp (Adam and Sgd train on the device) yet; train on the CPU for it.", error.Message);
    }

    [Fact]
    public void Another_data_set_or_a_larger_batch_replaces_what_the_device_held()
    {
        var data = FashionMnist.Load().Train;
        var (first, second) = (data.Take(32), data.Take(48));
        var host = new Mlp(seed: 4);
        using var device = host.ToDevice(accelerator.Device);

        var sgd = new Sgd(0.01f);
        var small = device.TrainEpoch(first, Shuffled(first.Count, 8), sgd);
        var large = device.TrainEpoch(second, Shuffled(second.Count, 16), sgd);
        var again = device.TrainEpoch(first, Shuffled(first.Count, 8), sgd);

        Assert.Equal([8, 8, 8, 8], small.StepSamples);
        Assert.Equal([16, 16, 16], large.StepSamples);
        Assert.Equal(4, again.StepLosses.Length);
        Assert.All(small.StepLosses.Concat(large.StepLosses).Concat(again.StepLosses), loss => Assert.True(double.IsFinite(loss) && loss > 0));
        Assert.Equal(11, host.TrainingSteps);
    }

    private static Minibatches Shuffled(int count, int batch)
    {
        var batches = new Minibatches(count, batch, seed: 1);
        batches.Shuffle(1);
        return batches;
    }
}
