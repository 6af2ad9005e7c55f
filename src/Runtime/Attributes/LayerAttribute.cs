namespace NetForge;

/// <summary>The base of every layer attribute.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public abstract class LayerAttribute : Attribute
{
    /// <summary>A label naming this layer's output (after its activation), for <see cref="AddAttribute"/> and <see cref="ConcatAttribute"/>.</summary>
    public string? Name { get; set; }
}

/// <summary><c>dense(units)</c>: a fully connected layer.</summary>
public sealed class DenseAttribute(int units) : LayerAttribute
{
    /// <summary>The number of output units.</summary>
    public int Units { get; } = units;

    /// <summary>Whether the layer adds a bias; true by default.</summary>
    public bool Bias { get; set; } = true;

    /// <summary>How the weights start out; PyTorch's <see cref="Init.UniformFanIn"/> by default. With any other
    /// initialiser the bias starts at zero.</summary>
    public Init Init { get; set; }

    /// <summary>The standard deviation of <see cref="Init.Normal"/>, which needs it; the other initialisers take none.</summary>
    public double InitStd { get; set; }

    /// <summary>An activation applied to the output.</summary>
    public Activation Activation { get; set; }
}

/// <summary><c>conv2d(filters, kernel: k)</c>: a 2-D convolution.</summary>
public sealed class Conv2DAttribute(int filters) : LayerAttribute
{
    /// <summary>The number of output channels.</summary>
    public int Filters { get; } = filters;

    /// <summary>A square kernel's size; or set <see cref="KernelHeight"/> and <see cref="KernelWidth"/>.</summary>
    public int Kernel { get; set; }

    /// <summary>The kernel's height, for a non-square kernel.</summary>
    public int KernelHeight { get; set; }

    /// <summary>The kernel's width, for a non-square kernel.</summary>
    public int KernelWidth { get; set; }

    /// <summary>The step between windows; 1 by default.</summary>
    public int Stride { get; set; } = 1;

    /// <summary>Zeros added on each side; 0 by default.</summary>
    public int Padding { get; set; }

    /// <summary>Whether the layer adds a bias; true by default.</summary>
    public bool Bias { get; set; } = true;

    /// <summary>How the weights start out; PyTorch's <see cref="Init.UniformFanIn"/> by default. With any other
    /// initialiser the bias starts at zero.</summary>
    public Init Init { get; set; }

    /// <summary>The standard deviation of <see cref="Init.Normal"/>, which needs it; the other initialisers take none.</summary>
    public double InitStd { get; set; }

    /// <summary>An activation applied to the output.</summary>
    public Activation Activation { get; set; }
}

/// <summary><c>maxpool(size)</c>: the maximum of each window.</summary>
public sealed class MaxPoolAttribute(int size) : LayerAttribute
{
    /// <summary>The window's side.</summary>
    public int Size { get; } = size;

    /// <summary>The step between windows; the window's side when unset.</summary>
    public int Stride { get; set; }
}

/// <summary><c>avgpool(size)</c>: the mean of each window.</summary>
public sealed class AvgPoolAttribute(int size) : LayerAttribute
{
    /// <summary>The window's side.</summary>
    public int Size { get; } = size;

    /// <summary>The step between windows; the window's side when unset.</summary>
    public int Stride { get; set; }
}

/// <summary><c>flatten</c>: [c, h, w] to [c·h·w].</summary>
public sealed class FlattenAttribute : LayerAttribute;

/// <summary><c>relu</c>.</summary>
public sealed class ReLUAttribute : LayerAttribute;

/// <summary><c>leaky_relu(alpha)</c>.</summary>
public sealed class LeakyReLUAttribute : LayerAttribute
{
    /// <summary>The slope for negative inputs; 0.01 by default.</summary>
    public double Alpha { get; set; } = 0.01;
}

/// <summary><c>elu(alpha)</c>.</summary>
public sealed class EluAttribute : LayerAttribute
{
    /// <summary>The saturation value for negative inputs; 1 by default.</summary>
    public double Alpha { get; set; } = 1.0;
}

/// <summary><c>sigmoid</c>.</summary>
public sealed class SigmoidAttribute : LayerAttribute;

/// <summary><c>tanh</c>.</summary>
public sealed class TanhAttribute : LayerAttribute;

/// <summary><c>maxout(pieces)</c>: the maximum of each group of <paramref name="pieces"/> consecutive units.</summary>
public sealed class MaxoutAttribute(int pieces) : LayerAttribute
{
    /// <summary>Units per group.</summary>
    public int Pieces { get; } = pieces;
}

/// <summary><c>softmax</c>.</summary>
public sealed class SoftmaxAttribute : LayerAttribute;

/// <summary><c>dropout(p)</c>: zeroes each value with probability <paramref name="p"/> while training.</summary>
public sealed class DropoutAttribute(double p) : LayerAttribute
{
    /// <summary>The probability of zeroing a value.</summary>
    public double P { get; } = p;
}

/// <summary><c>batchnorm</c>: normalises each feature (or channel) over the batch.</summary>
public sealed class BatchNormAttribute : LayerAttribute
{
    /// <summary>How much of the running statistics each batch keeps; 0.9 by default.</summary>
    public double Momentum { get; set; } = 0.9;

    /// <summary>Added to the variance before the square root; 1e-5 by default.</summary>
    public double Epsilon { get; set; } = 1e-5;
}

/// <summary><c>add(label)</c>: adds a labelled earlier output to the previous layer's output.</summary>
public sealed class AddAttribute(string label) : LayerAttribute
{
    /// <summary>The label of the earlier output.</summary>
    public string Label { get; } = label;
}

/// <summary><c>concat(label, ...)</c>: joins labelled earlier outputs to the previous layer's output along channels (or features).</summary>
public sealed class ConcatAttribute(params string[] labels) : LayerAttribute
{
    /// <summary>The labels of the earlier outputs.</summary>
    public string[] Labels { get; } = labels;
}
