using System.ComponentModel;

namespace NetForge.Gpu.Kernels;

/// <summary>
/// A convolution's sizes as a kernel reads them: input [channels, height, width], weight [filters, channels,
/// kernelHeight, kernelWidth], output [filters, outputHeight, outputWidth]. The generator writes each with constants,
/// which the kernel's compilation folds; it checked them already, so nothing is checked here, where nothing can throw.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly record struct ConvShape(int Channels, int Height, int Width, int Filters, int KernelHeight, int KernelWidth, int Stride, int Padding)
{
    /// <summary>(height + 2·padding − kernelHeight) / stride + 1.</summary>
    public int OutputHeight => (Height + 2 * Padding - KernelHeight) / Stride + 1;

    /// <summary>(width + 2·padding − kernelWidth) / stride + 1.</summary>
    public int OutputWidth => (Width + 2 * Padding - KernelWidth) / Stride + 1;

    /// <summary>Values per input sample.</summary>
    public int InputSize => Channels * Height * Width;

    /// <summary>Values per output sample.</summary>
    public int OutputSize => Filters * OutputHeight * OutputWidth;

    /// <summary>Weights per filter.</summary>
    public int FilterSize => Channels * KernelHeight * KernelWidth;
}

/// <summary>A pooling's sizes as a kernel reads them: windows of size × size every stride, over [channels, height, width].</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly record struct PoolShape(int Channels, int Height, int Width, int Size, int Stride)
{
    /// <summary>(height − size) / stride + 1.</summary>
    public int OutputHeight => (Height - Size) / Stride + 1;

    /// <summary>(width − size) / stride + 1.</summary>
    public int OutputWidth => (Width - Size) / Stride + 1;

    /// <summary>Values per input sample.</summary>
    public int InputSize => Channels * Height * Width;

    /// <summary>Values per output sample.</summary>
    public int OutputSize => Channels * OutputHeight * OutputWidth;
}
