namespace NetForge.Gpu.Tests;

/// <summary>One CPU accelerator for a test class: opening one costs a context and its threads.</summary>
public sealed class CpuAccelerator : IDisposable
{
    public GpuDevice Device { get; } = GpuDevice.Open(GpuBackend.Cpu);

    public void Dispose() => Device.Dispose();
}

/// <summary>A CPU accelerator whose networks compute their dense products in shared-memory tiles, as on a GPU.</summary>
public sealed class TiledCpuAccelerator : IDisposable
{
    public GpuDevice Device { get; } = GpuDevice.Open(GpuBackend.Cpu);

    public TiledCpuAccelerator() => Device.ProductTiles = true;

    public void Dispose() => Device.Dispose();
}
