using System.ComponentModel;
using System.Globalization;

namespace NetForge.Cpu;

/// <summary>
/// The sizes of a 2-D convolution layer over one sample: a [channels, height, width] input, zero-padded by
/// <paramref name="Padding"/> on every side, convolved with <paramref name="Filters"/> kernels of
/// [channels, kernel height, kernel width] moved <paramref name="Stride"/> positions at a time.
/// The constructor rejects sizes that make no layer; the properties are read-only so that no copy can bypass it.
/// </summary>
/// <param name="Channels">Input channels; positive.</param>
/// <param name="Height">Input height; positive.</param>
/// <param name="Width">Input width; positive.</param>
/// <param name="Filters">Output channels; positive.</param>
/// <param name="KernelHeight">Kernel height; positive, at most the padded input height.</param>
/// <param name="KernelWidth">Kernel width; positive, at most the padded input width.</param>
/// <param name="Stride">How far the kernel moves between outputs, in both directions; positive.</param>
/// <param name="Padding">Zeros added on each side of the input, in both directions; not negative.</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly record struct ConvShape(int Channels, int Height, int Width, int Filters, int KernelHeight, int KernelWidth, int Stride, int Padding)
{
    /// <summary>Input channels.</summary>
    /// <remarks>Its initialiser runs first, so it checks the whole shape before any property is set.</remarks>
    public int Channels { get; } = Validated(Channels, Height, Width, Filters, KernelHeight, KernelWidth, Stride, Padding);

    /// <summary>Input height.</summary>
    public int Height { get; } = Height;

    /// <summary>Input width.</summary>
    public int Width { get; } = Width;

    /// <summary>Output channels.</summary>
    public int Filters { get; } = Filters;

    /// <summary>Kernel height.</summary>
    public int KernelHeight { get; } = KernelHeight;

    /// <summary>Kernel width.</summary>
    public int KernelWidth { get; } = KernelWidth;

    /// <summary>How far the kernel moves between outputs.</summary>
    public int Stride { get; } = Stride;

    /// <summary>Zeros added on each side of the input.</summary>
    public int Padding { get; } = Padding;

    /// <summary>Output height: (Height + 2·Padding − KernelHeight) / Stride + 1, rounded down.</summary>
    public int OutputHeight => OutputLength(Height, KernelHeight, Stride, Padding);

    /// <summary>Output width: (Width + 2·Padding − KernelWidth) / Stride + 1, rounded down.</summary>
    public int OutputWidth => OutputLength(Width, KernelWidth, Stride, Padding);

    /// <summary>Values per input sample: Channels × Height × Width.</summary>
    public int InputSize => Channels * Height * Width;

    /// <summary>Values per output sample: Filters × OutputHeight × OutputWidth.</summary>
    public int OutputSize => Filters * OutputHeight * OutputWidth;

    /// <summary>Values in the weight tensor [Filters, Channels, KernelHeight, KernelWidth].</summary>
    public int WeightSize => Filters * PatchSize;

    /// <summary>Values one output reads from one sample: Channels × KernelHeight × KernelWidth.</summary>
    public int PatchSize => Channels * KernelHeight * KernelWidth;

    /// <summary>Throws if the shape is <c>default</c>, the one value the constructor never makes.</summary>
    internal void CheckInitialised(string name)
    {
        if (Stride == 0)
            throw new ArgumentException("The convolution shape is uninitialised (default); create it with its constructor.", name);
    }

    private static int OutputLength(int input, int kernel, int stride, int padding) => (input + 2 * padding - kernel) / stride + 1;

    private static int Validated(int channels, int height, int width, int filters, int kernelHeight, int kernelWidth, int stride, int padding)
    {
        ShapeCheck.Positive(channels, nameof(Channels));
        ShapeCheck.Positive(height, nameof(Height));
        ShapeCheck.Positive(width, nameof(Width));
        ShapeCheck.Positive(filters, nameof(Filters));
        ShapeCheck.Positive(kernelHeight, nameof(KernelHeight));
        ShapeCheck.Positive(kernelWidth, nameof(KernelWidth));
        ShapeCheck.Positive(stride, nameof(Stride));
        if (padding < 0)
            throw new ArgumentOutOfRangeException(nameof(Padding), padding, "The padding cannot be negative.");
        ShapeCheck.Fits(height + 2L * padding, "The padded input height");
        ShapeCheck.Fits(width + 2L * padding, "The padded input width");
        KernelFits(kernelHeight, nameof(KernelHeight), height, nameof(Height), padding);
        KernelFits(kernelWidth, nameof(KernelWidth), width, nameof(Width), padding);

        // Every size the kernels derive from the shape must fit in an int: the tensors, the padded input, the
        // unrolled patches of the forward pass and those of the input gradient's spread-out output gradient.
        var outputs = (long)OutputLength(height, kernelHeight, stride, padding) * OutputLength(width, kernelWidth, stride, padding);
        var patch = (long)channels * kernelHeight * kernelWidth;
        var filterPatch = (long)filters * kernelHeight * kernelWidth;
        ShapeCheck.Fits((long)channels * height * width, "The input");
        ShapeCheck.Fits(filters * outputs, "The output");
        ShapeCheck.Fits(filters * patch, "The weight");
        ShapeCheck.Fits(channels * (height + 2L * padding) * (width + 2L * padding), "The padded input");
        ShapeCheck.Fits(patch * (outputs + Scratch.Alignment), "The unrolled input");
        ShapeCheck.Fits((long)filters * (height + kernelHeight) * (width + kernelWidth), "The spread output gradient");
        ShapeCheck.Fits(filterPatch * ((long)height * width + Scratch.Alignment), "The unrolled output gradient");
        return channels;
    }

    private static void KernelFits(int kernel, string kernelName, int input, string inputName, int padding)
    {
        if ((long)kernel > input + 2L * padding)
            throw new ArgumentOutOfRangeException(kernelName, kernel, string.Format(CultureInfo.InvariantCulture,
                "The kernel ({0} = {1}) is larger than the padded input ({2} {3} + 2 × padding {4} = {5}).",
                kernelName, kernel, inputName, input, padding, input + 2L * padding));
    }
}
