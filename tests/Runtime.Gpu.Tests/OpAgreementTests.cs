namespace NetForge.Gpu.Tests;

/// <summary>
/// Every op's generated kernels against the CPU back end, on ILGPU's CPU accelerator shaped as an NVIDIA GPU: each
/// network of Models/ops.net puts one activation into a dense layer and another after it, on sizes no group divides.
/// The forward agrees within 1e-4 of the largest value, each parameter's gradient within 1e-3, with one thread a value and
/// with the dense products in 16 × 16 tiles, which no layer's sizes fill.
/// </summary>
public sealed class OpAgreementTests(CpuAccelerator plain, TiledCpuAccelerator tiled) : IClassFixture<CpuAccelerator>, IClassFixture<TiledCpuAccelerator>
{
    private static readonly string[] Names = ["relu", "leaky_relu", "elu", "sigmoid", "tanh", "conv", "pool", "dropout", "batchnorm", "skip", "maxout", "regression"];

    /// <summary>Every network with one thread a value, and again with the dense products in tiles, as a GPU runs them.</summary>
    public static TheoryData<string, bool> Networks
    {
        get
        {
            var data = new TheoryData<string, bool>();
            foreach (var name in Names)
            {
                data.Add(name, false);
                data.Add(name, true);
            }
            return data;
        }
    }

    private (INetwork Cpu, DeviceNetwork Device) Place(string name, int seed, bool tiles)
    {
        var placed = Place(name, seed, tiles ? tiled.Device : plain.Device);
        Assert.Equal(tiles, placed.Device.UsesTiles);
        return placed;
    }

    private static (INetwork Cpu, DeviceNetwork Device) Place(string name, int seed, GpuDevice accelerator) => name switch
    {
        "relu" => (new ReluOps(seed), new ReluOps(seed).ToDevice(accelerator)),
        "leaky_relu" => (new LeakyReluOps(seed), new LeakyReluOps(seed).ToDevice(accelerator)),
        "elu" => (new EluOps(seed), new EluOps(seed).ToDevice(accelerator)),
        "sigmoid" => (new SigmoidOps(seed), new SigmoidOps(seed).ToDevice(accelerator)),
        "conv" => (new ConvOps(seed), new ConvOps(seed).ToDevice(accelerator)),
        "pool" => (new PoolOps(seed), new PoolOps(seed).ToDevice(accelerator)),
        "dropout" => (new DropoutOps(seed), new DropoutOps(seed).ToDevice(accelerator)),
        "batchnorm" => (new BatchNormOps(seed), new BatchNormOps(seed).ToDevice(accelerator)),
        "skip" => (new SkipOps(seed), new SkipOps(seed).ToDevice(accelerator)),
        "maxout" => (new MaxoutOps(seed), new MaxoutOps(seed).ToDevice(accelerator)),
        "regression" => (new RegressionOps(seed), new RegressionOps(seed).ToDevice(accelerator)),
        _ => (new TanhOps(seed), new TanhOps(seed).ToDevice(accelerator)),
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void The_forward_agrees_with_the_cpu(string network, bool tiles)
    {
        var (cpu, device) = Place(network, seed: 3, tiles);
        using var _ = device;
        var onCpu = Agreement.Batch(cpu, 5, seed: 11);
        var onDevice = Agreement.Batch(cpu, 5, seed: 11);

        var cpuLoss = cpu.Evaluate(onCpu);
        var deviceLoss = device.Evaluate(onDevice);

        Assert.True(Agreement.RelativeError(onCpu.Outputs.AsSpan(0, 5 * cpu.OutputLength), onDevice.Outputs.AsSpan(0, 5 * cpu.OutputLength)) < 1e-4);
        Assert.Equal(cpuLoss, deviceLoss, 1e-4 * Math.Abs(cpuLoss));
        var input = onCpu.Inputs.AsSpan(0, cpu.InputLength).ToArray();
        var (cpuPrediction, devicePrediction) = (new float[cpu.OutputLength], new float[cpu.OutputLength]);
        cpu.Predict(input, cpuPrediction);
        device.Predict(input, devicePrediction);
        Assert.True(Agreement.RelativeError(cpuPrediction, devicePrediction) < 1e-4);
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void Every_parameter_s_gradient_agrees_with_the_cpu(string network, bool tiles)
    {
        var (cpu, device) = Place(network, seed: 4, tiles);
        using var _ = device;
        var onCpu = Agreement.Batch(cpu, 7, seed: 12);
        var onDevice = Agreement.Batch(cpu, 7, seed: 12);

        var cpuLoss = cpu.TrainStep(onCpu);
        var deviceLoss = device.TrainStep(onDevice);

        Assert.Equal(cpuLoss, deviceLoss, 1e-4 * Math.Abs(cpuLoss));
        for (var i = 0; i < cpu.Parameters.Count; i++)
        {
            var error = Agreement.RelativeError(onCpu.Gradients[i].Data, onDevice.Gradients[i].Data);
            Assert.True(error < 1e-3, $"{cpu.Parameters[i].Name}: relative error {error}");
        }
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void A_step_moves_the_state_as_the_cpu_s_does(string network, bool tiles)
    {
        var (cpu, device) = Place(network, seed: 5, tiles);
        using var _ = device;
        var onCpu = Agreement.Batch(cpu, 6, seed: 13);
        var onDevice = Agreement.Batch(cpu, 6, seed: 13);

        cpu.TrainStep(onCpu);
        device.TrainStep(onDevice);

        Assert.Equal(cpu.TrainingSteps, device.TrainingSteps);
        Assert.Equal(onCpu.DataLoss, onDevice.DataLoss, 1e-4 * Math.Abs(onCpu.DataLoss));
        for (var i = 0; i < cpu.State.Count; i++)
            Assert.True(Agreement.RelativeError(cpu.State[i].Data, device.State[i].Data) < 1e-4, cpu.State[i].Name);
    }

    [Fact]
    public void A_batch_norm_over_features_refuses_to_train_on_one_sample_as_on_the_cpu()
    {
        var (cpu, device) = Place("batchnorm", seed: 6, tiles: false);
        using var _ = device;
        var onCpu = Agreement.Batch(cpu, 1, seed: 14);
        var onDevice = Agreement.Batch(cpu, 1, seed: 14);

        var cpuError = Assert.Throws<ArgumentException>(() => cpu.TrainStep(onCpu));
        var deviceError = Assert.Throws<ArgumentException>(() => device.TrainStep(onDevice));

        Assert.StartsWith("batchnorm3 normalises each feature over the batch, so training needs at least 2 samples, not 1.", cpuError.Message);
        Assert.StartsWith("batchnorm3 normalises each feature over the batch, so training needs at least 2 samples, not 1.", deviceError.Message);
    }
}
