namespace NetForge.Gpu.Tests;

/// <summary>
/// Every op's generated kernels against the CPU back end, on ILGPU's CPU accelerator shaped as an NVIDIA GPU: each
/// network of Models/ops.net puts one activation into a dense layer and another after it, on sizes no group divides.
/// The forward agrees within 1e-4 of the largest value, each parameter's gradient within 1e-3.
/// </summary>
public sealed class OpAgreementTests(CpuAccelerator accelerator) : IClassFixture<CpuAccelerator>
{
    public static TheoryData<string> Networks => new() { "relu", "leaky_relu", "elu", "sigmoid", "tanh", "conv", "pool" };

    private (INetwork Cpu, DeviceNetwork Device) Place(string name, int seed) => name switch
    {
        "relu" => (new ReluOps(seed), new ReluOps(seed).ToDevice(accelerator.Device)),
        "leaky_relu" => (new LeakyReluOps(seed), new LeakyReluOps(seed).ToDevice(accelerator.Device)),
        "elu" => (new EluOps(seed), new EluOps(seed).ToDevice(accelerator.Device)),
        "sigmoid" => (new SigmoidOps(seed), new SigmoidOps(seed).ToDevice(accelerator.Device)),
        "conv" => (new ConvOps(seed), new ConvOps(seed).ToDevice(accelerator.Device)),
        "pool" => (new PoolOps(seed), new PoolOps(seed).ToDevice(accelerator.Device)),
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

    [Fact]
    public void A_network_with_an_op_the_gpu_lacks_says_which_when_placed()
    {
        var error = Assert.Throws<NotSupportedException>(() => new DropoutOps().ToDevice(accelerator.Device));
        Assert.Equal(
            "DropoutOps cannot run on a GPU: layer dropout1 (dropout) has no GPU kernels yet; the ops with GPU kernels are dense, conv2d, maxpool, avgpool, flatten, relu, leaky_relu, elu, sigmoid, tanh, softmax.",
            error.Message);
    }
}
