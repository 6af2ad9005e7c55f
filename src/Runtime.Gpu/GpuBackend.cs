namespace NetForge.Gpu;

/// <summary>The kind of accelerator a <see cref="GpuDevice"/> runs its kernels on.</summary>
public enum GpuBackend
{
    /// <summary>An NVIDIA GPU through CUDA.</summary>
    Cuda,

    /// <summary>A GPU through OpenCL.</summary>
    OpenCL,

    /// <summary>
    /// ILGPU's CPU accelerator, which runs the kernels on the CPU's threads as a GPU would: for tests, and where no
    /// GPU is there. It is slow; the CPU back end is the way to train on a CPU.
    /// </summary>
    Cpu,
}
