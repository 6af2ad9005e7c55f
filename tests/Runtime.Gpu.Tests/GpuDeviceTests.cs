using ILGPU;
using ILGPU.Runtime;

namespace NetForge.Gpu.Tests;

public class GpuDeviceTests
{
    [Fact]
    public void Opening_takes_a_device_and_says_in_one_line_which_and_why()
    {
        using var device = GpuDevice.Open();
        Assert.StartsWith("NetForge GPU: ", device.Choice);
        Assert.DoesNotContain('\n', device.Choice);
        Assert.Contains(device.Name, device.Choice);
        if (device.Backend == GpuBackend.Cpu)
        {
            // The order was tried, and each kind skipped says why.
            Assert.Contains("CUDA", device.Choice);
            Assert.Contains("OpenCL", device.Choice);
            Assert.Contains("ILGPU's CPU accelerator", device.Choice);
        }
    }

    [Fact]
    public void The_cpu_accelerator_has_a_gpu_s_warps_and_groups()
    {
        using var device = GpuDevice.Open(GpuBackend.Cpu);
        Assert.Equal(GpuBackend.Cpu, device.Backend);
        Assert.Equal(AcceleratorType.CPU, device.Accelerator.AcceleratorType);
        Assert.Equal(32, device.Accelerator.WarpSize);
        Assert.Equal(1024, device.Accelerator.MaxNumThreadsPerGroup);
        Assert.Equal(
            $"NetForge GPU: ILGPU's CPU accelerator, {device.Name}, simulating warps of 32 and groups of up to 1024 (the CPU accelerator was asked for)",
            device.Choice);
    }

    [Fact]
    public void A_kernel_compiled_for_the_device_computes_what_the_cpu_does()
    {
        using var device = GpuDevice.Open(GpuBackend.Cpu);
        const int Length = 1_000;
        var x = new float[Length];
        for (var i = 0; i < Length; i++)
            x[i] = i * 0.25f - 100f;
        var kernel = device.Accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, float>(Axpb);
        using var input = device.Accelerator.Allocate1D(x);
        using var output = device.Accelerator.Allocate1D<float>(Length);
        kernel((int)input.Length, input.View, output.View, 3f);
        device.Accelerator.Synchronize();
        var y = output.GetAsArray1D();
        for (var i = 0; i < Length; i++)
            Assert.Equal(2f * x[i] + 3f, y[i]);
    }

    private static void Axpb(Index1D i, ArrayView<float> x, ArrayView<float> y, float b) => y[i] = 2f * x[i] + b;

    [Fact]
    public void An_undefined_kind_is_refused()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => GpuDevice.Open((GpuBackend)7));
        Assert.Equal("preferred", e.ParamName);
    }

    [Fact]
    public void The_cpu_runtime_does_not_depend_on_ilgpu()
    {
        var references = typeof(Tensor).Assembly.GetReferencedAssemblies().Select(a => a.Name);
        Assert.DoesNotContain(references, name => name is not null && name.StartsWith("ILGPU", StringComparison.Ordinal));
    }
}
