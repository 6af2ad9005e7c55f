namespace NetForge.Gpu.Tests;

/// <summary>
/// Every op's generated kernels against the CPU back end, on ILGPU's CPU accelerator shaped as an NVIDIA GPU: each
/// network of Models/ops.net puts one activation into a dense layer and another after it, on sizes no group divides.
/// The forward agrees within 1e-4 of the largest value, each parameter's gradient within 1e-3.
/// </summary>
public sealed class OpAgreementTests(CpuAccelerator accelerator) : IClassFixture<CpuAccelerator>
{
    public static TheoryData<string> Networks => new() { "relu", "leaky_relu", "elu", "sigmoid", "tanh", "conv", "pool", "dropout", "batchnorm", "skip", "maxout", "regression" };

    private (INetwork Cpu, DeviceNetwork Device) Place(string name, int seed) => name switch
    {
        "relu" => (new ReluOps(seed), new ReluOps(seed).ToDevice(accelerator.Device)),
        "leaky_relu" => (new LeakyReluOps(seed), new LeakyReluOps(seed).ToDevice(accelerator.Device)),
        "elu" => (new EluOps(seed), new EluOps(seed).ToDevice(accelerator.Device)),
        "sigmoid" => (new SigmoidOps(seed), new SigmoidOps(seed).ToDevice(accelerator.Device)),
        "conv" => (new ConvOps(seed), new ConvOps(seed).ToDevice(accelerator.Device)),
        "pool" => (new PoolOps(seed), new PoolOps(seed).ToDevice(accelerator.Device)),
        "dropout" => (new DropoutOps(seed), new DropoutOps(seed).ToDevice(accelerator.Device)),
        "batchnorm" => (new BatchNormOps(seed), new BatchNormOps(seed).ToDevice(accelerator.Device)),
        "skip" => (new SkipOps(seed), new SkipOps(seed).ToDevice(accelerator.Device)),
        "maxout" => (new MaxoutOps(seed), new MaxoutOps(seed).ToDevice(accelerator.Device)),
        "regression" => (new RegressionOps(seed), new RegressionOps(seed).ToDevice(accelerator.Device)),
        _ => (new TanhOps(seed), new TanhOps(seed).ToDevice(accelerator.Device)),
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void The_forward_agrees_with_the_cpu(string network)
    {
        var (cpu, device) = Place(network, seed: 3);
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
    public void Every_parameter_s_gradient_agrees_with_the_cpu(string network)
    {
        var (cpu, device) = Place(network, seed: 4);
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
    public void A_step_moves_the_state_as_the_cpu_s_does(string network)
    {
        var (cpu, device) = Place(network, seed: 5);
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
}
