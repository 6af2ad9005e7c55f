namespace NetForge.Gpu.Tests;

/// <summary>One CPU accelerator for a test class: opening one costs a context and its threads.</summary>
public sealed class CpuAccelerator : IDisposable
{
    public GpuDevice Device { get; } = GpuDevice.Open(GpuBackend.Cpu);

    public void Dispose() => Device.Dispose();
}
