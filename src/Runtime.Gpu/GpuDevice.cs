using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace NetForge.Gpu;

/// <summary>
/// The accelerator NetForge's GPU kernels run on, and the ILGPU context that owns it. <see cref="Open()"/> takes the
/// first CUDA device, else the first OpenCL GPU, else ILGPU's CPU accelerator, and <see cref="Choice"/> says in one
/// line which it took and why; a machine without a GPU, or without its driver, gets the CPU accelerator, not an
/// exception.
/// </summary>
public sealed class GpuDevice : IDisposable
{
    private readonly Context _context;

    private GpuDevice(Context context, Accelerator accelerator, GpuBackend backend, string choice)
    {
        _context = context;
        Accelerator = accelerator;
        Backend = backend;
        Choice = choice;
        ProductTiles = backend != GpuBackend.Cpu;
    }

    /// <summary>The ILGPU accelerator the kernels are compiled for and launched on.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>Which kind of accelerator it is.</summary>
    public GpuBackend Backend { get; }

    /// <summary>One line: the accelerator taken, and why the ones before it in the order were not.</summary>
    public string Choice { get; }

    /// <summary>
    /// Whether the networks placed on this device from now on compute their dense layers' products in shared-memory
    /// tiles: true on a GPU; false on the CPU accelerator, which runs a group's threads as threads of the operating
    /// system, so that every barrier costs about a millisecond, and which therefore takes the one-thread-a-value
    /// kernels. Tests set it there to check the tiled kernels on small shapes.
    /// </summary>
    public bool ProductTiles { get; set; }

    /// <summary>The accelerator's name, as its driver gives it.</summary>
    public string Name => Accelerator.Name;

    /// <summary>Opens the first CUDA device, else the first OpenCL GPU, else ILGPU's CPU accelerator.</summary>
    public static GpuDevice Open() => Open(GpuBackend.Cuda);

    /// <summary>
    /// Opens the first device of <paramref name="preferred"/> or of a kind after it in the order CUDA, OpenCL, CPU:
    /// <see cref="GpuBackend.Cpu"/> opens the CPU accelerator at once, as tests do.
    /// </summary>
    /// <remarks>
    /// The CPU accelerator simulates an NVIDIA GPU's shape, warps of 32 threads and groups of up to 1,024, so that a
    /// kernel that depends on the warp size or on the group's limits fails on it as it would on the GPU.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="preferred"/> is not a defined kind.</exception>
    public static GpuDevice Open(GpuBackend preferred)
    {
        if (!Enum.IsDefined(preferred))
            throw new ArgumentOutOfRangeException(nameof(preferred), preferred, "Not a kind of accelerator.");
        var context = Context.Create(builder => builder.Cuda().OpenCL().CPU(CPUDevice.Nvidia));
        try
        {
            var reasons = new List<string>();
            if (preferred == GpuBackend.Cuda && TryCreate(context, GpuBackend.Cuda, reasons) is { } cuda)
                return new GpuDevice(context, cuda, GpuBackend.Cuda, Describe(cuda, reasons));
            if (preferred != GpuBackend.Cpu && TryCreate(context, GpuBackend.OpenCL, reasons) is { } openCL)
                return new GpuDevice(context, openCL, GpuBackend.OpenCL, Describe(openCL, reasons));
            if (preferred == GpuBackend.Cpu)
                reasons.Add("the CPU accelerator was asked for");
            var cpu = context.GetCPUDevice(0).CreateAccelerator(context);
            return new GpuDevice(context, cpu, GpuBackend.Cpu, Describe(cpu, reasons));
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    // A device that is listed can still fail to open (a driver that does not match the runtime, a GPU in use by
    // another process in exclusive mode): that is a reason to move on to the next kind, not to fail.
    private static Accelerator? TryCreate(Context context, GpuBackend backend, List<string> reasons)
    {
        var label = backend == GpuBackend.Cuda ? "CUDA" : "OpenCL";
        Device? device;
        try
        {
            device = backend == GpuBackend.Cuda ? FirstCuda(context) : FirstOpenCLGpu(context);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            reasons.Add(FormattableString.Invariant($"{label} could not list its devices ({e.Message})"));
            return null;
        }

        if (device is null)
        {
            reasons.Add(FormattableString.Invariant($"no {label} {(backend == GpuBackend.Cuda ? "device" : "GPU")}"));
            return null;
        }

        try
        {
            return device.CreateAccelerator(context);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            reasons.Add(FormattableString.Invariant($"{label} device '{device.Name}' did not open ({e.Message})"));
            return null;
        }
    }

    private static Device? FirstCuda(Context context)
    {
        foreach (var device in context.GetCudaDevices())
            return device;
        return null;
    }

    private static Device? FirstOpenCLGpu(Context context)
    {
        foreach (var device in context.GetCLDevices())
        {
            if (device.DeviceType == CLDeviceType.CL_DEVICE_TYPE_GPU)
                return device;
        }
        return null;
    }

    private static string Describe(Accelerator accelerator, List<string> reasons)
    {
        var kind = accelerator.AcceleratorType switch
        {
            AcceleratorType.Cuda => "CUDA",
            AcceleratorType.OpenCL => "OpenCL",
            _ => "ILGPU's CPU accelerator",
        };
        var shape = accelerator.AcceleratorType == AcceleratorType.CPU
            ? FormattableString.Invariant($", simulating warps of {accelerator.WarpSize} and groups of up to {accelerator.MaxNumThreadsPerGroup}")
            : "";
        var why = reasons.Count == 0 ? "" : " (" + string.Join("; ", reasons) + ")";
        return FormattableString.Invariant($"NetForge GPU: {kind}, {accelerator.Name}{shape}{why}");
    }

    /// <summary>
    /// Measures the device's fp32 peak in GFLOP/s, best of three launches of a register-resident FMA loop over
    /// <paramref name="threads"/> threads of <paramref name="rounds"/> rounds (16 FLOP each), the kernel compiled first.
    /// </summary>
    public double MeasureFmaPeak(int threads, int rounds)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rounds);
        var kernel = Accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, int, float>(Kernels.FmaPeak.Run);
        using var output = Accelerator.Allocate1D<float>(threads);
        kernel(threads, output.View, 1, 0.999f);
        Accelerator.Synchronize();
        var best = double.MaxValue;
        for (var trial = 0; trial < 3; trial++)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            kernel(threads, output.View, rounds, 0.999f);
            Accelerator.Synchronize();
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return 16.0 * threads * rounds / best / 1e9;
    }

    /// <summary>Releases the accelerator and its context.</summary>
    public void Dispose()
    {
        Accelerator.Dispose();
        _context.Dispose();
    }
}
