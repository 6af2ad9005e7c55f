namespace NetForge;

/// <summary>
/// Marks a partial class as a network and gives the shape of one input sample: <c>[Network(784)]</c> or
/// <c>[Network(1, 28, 28)]</c>. The layer attributes on the same class, in the order written, make the
/// network, exactly as the lines of a <c>.net</c> file do.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class NetworkAttribute : Attribute
{
    /// <summary>Declares a network with the given input shape.</summary>
    /// <param name="inputShape">[features] or [channels, height, width].</param>
    public NetworkAttribute(params int[] inputShape) => InputShape = inputShape;

    /// <summary>The shape of one input sample.</summary>
    public int[] InputShape { get; }

    /// <summary>
    /// A safetensors file of trained weights, relative to the file that declares the class, as a <c>.net</c> file's
    /// <c>weights</c> line names one: the build checks it against the network, compiles it into the assembly, and the
    /// class gains <c>Pretrained()</c>.
    /// </summary>
    public string? Weights { get; set; }
}

/// <summary>The training loss of a network: the last of its attributes.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class LossAttribute : Attribute
{
    /// <summary>Declares the loss.</summary>
    public LossAttribute(LossKind kind) => Kind = kind;

    /// <summary>Which loss.</summary>
    public LossKind Kind { get; }

    /// <summary>The margin of <see cref="LossKind.Hinge"/>; 1 by default.</summary>
    public double Margin { get; set; } = 1.0;

    /// <summary>λ of the L2 penalty λ·Σw² over the weights of dense layers and convolutions, as <c>l2:</c> on a
    /// <c>loss</c> line; 0 (none) by default.</summary>
    public double L2 { get; set; }
}

/// <summary>The losses, as the <c>loss</c> line of a <c>.net</c> file names them.</summary>
public enum LossKind
{
    /// <summary><c>softmax_cross_entropy</c>: integer class labels.</summary>
    SoftmaxCrossEntropy,

    /// <summary><c>hinge</c>: the multiclass SVM loss on integer class labels.</summary>
    Hinge,

    /// <summary><c>mse</c>: ½‖ŷ − y‖² against real-valued targets.</summary>
    MeanSquaredError,
}

/// <summary>An activation appended to a dense or convolution layer, as <c>dense(120) -&gt; relu</c> does.</summary>
public enum Activation
{
    /// <summary>No activation.</summary>
    None,

    /// <summary><c>relu</c>.</summary>
    ReLU,

    /// <summary><c>leaky_relu</c> with its default slope 0.01.</summary>
    LeakyReLU,

    /// <summary><c>elu</c> with its default alpha 1.</summary>
    ELU,

    /// <summary><c>sigmoid</c>.</summary>
    Sigmoid,

    /// <summary><c>tanh</c>.</summary>
    Tanh,
}

/// <summary>The initialisers of a dense or convolution layer's weights, as the language's <c>init:</c> argument names
/// them (<see cref="HeNormal"/> is <c>he_normal</c>).</summary>
public enum Init
{
    /// <summary>Uniform in ±1/√fan_in, weights and bias alike: PyTorch's default.</summary>
    UniformFanIn,

    /// <summary>Glorot's uniform in ±√(6 / (fan_in + fan_out)), PyTorch's <c>xavier_uniform_</c>.</summary>
    XavierUniform,

    /// <summary>Glorot's normal with standard deviation √(2 / (fan_in + fan_out)), PyTorch's <c>xavier_normal_</c>.</summary>
    XavierNormal,

    /// <summary>He's uniform in ±√(6 / fan_in), PyTorch's <c>kaiming_uniform_</c> for a ReLU.</summary>
    HeUniform,

    /// <summary>He's normal with standard deviation √(2 / fan_in), PyTorch's <c>kaiming_normal_</c> for a ReLU.</summary>
    HeNormal,

    /// <summary>Normal with mean 0 and the standard deviation set by <c>InitStd</c>.</summary>
    Normal,

    /// <summary>All zeros.</summary>
    Zeros,
}
