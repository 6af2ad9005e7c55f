namespace NetForge.Dsl.Model;

/// <summary>How a parameter tensor starts out.</summary>
public enum Initializer
{
    /// <summary>Uniform in ±1/√fan_in, PyTorch's default for dense and convolution layers.</summary>
    UniformFanIn,
    /// <summary>All ones (a batch-norm scale).</summary>
    Ones,
    /// <summary>All zeros (a batch-norm shift, or <c>init: zeros</c>).</summary>
    Zeros,
    /// <summary>Glorot's uniform in ±√(6 / (fan_in + fan_out)).</summary>
    XavierUniform,
    /// <summary>Glorot's normal with standard deviation √(2 / (fan_in + fan_out)).</summary>
    XavierNormal,
    /// <summary>He's uniform in ±√(6 / fan_in).</summary>
    HeUniform,
    /// <summary>He's normal with standard deviation √(2 / fan_in).</summary>
    HeNormal,
    /// <summary>Normal with mean 0 and the standard deviation <see cref="Parameter.Std"/>.</summary>
    Normal,
}

/// <summary>One parameter or state tensor of a layer.</summary>
/// <param name="Role">The PyTorch-style role: <c>weight</c>, <c>bias</c>, <c>running_mean</c>, ...</param>
/// <param name="Shape">The tensor's shape in PyTorch's layout.</param>
/// <param name="FanIn">The inputs each output unit sees, for the initial scale (0 where no scale depends on it).</param>
/// <param name="Initializer">How the values start out.</param>
public sealed record Parameter(string Role, Shape Shape, int FanIn, Initializer Initializer)
{
    /// <summary>Whether the loss's L2 penalty covers it: the weights of dense layers and convolutions, not biases or
    /// batch norm's scale and shift.</summary>
    public bool Regularised { get; init; }

    /// <summary>The outputs each input unit feeds (a convolution's filters times its kernel's area), for Xavier's scale.</summary>
    public int FanOut { get; init; }

    /// <summary>The standard deviation of <see cref="Initializer.Normal"/>; 0 for the other initialisers.</summary>
    public double Std { get; init; }

    /// <summary>
    /// The bound of a uniform initialiser or the standard deviation of a normal one, from the fans as
    /// <c>torch.nn.init</c> computes it; 0 for the constant ones.
    /// </summary>
    public double Scale => Initializer switch
    {
        Initializer.UniformFanIn => 1.0 / Math.Sqrt(FanIn),
        Initializer.XavierUniform => Math.Sqrt(6.0 / ((double)FanIn + FanOut)),
        Initializer.XavierNormal => Math.Sqrt(2.0 / ((double)FanIn + FanOut)),
        Initializer.HeUniform => Math.Sqrt(6.0 / FanIn),
        Initializer.HeNormal => Math.Sqrt(2.0 / FanIn),
        Initializer.Normal => Std,
        _ => 0,
    };
}

/// <summary>A checked layer: one op with its arguments and the shapes it takes and yields.</summary>
/// <param name="Index">The layer's position in the network, from 0.</param>
/// <param name="Op">The op.</param>
/// <param name="Name">A name unique in the network, the op's short name and a count: <c>dense1</c>, <c>relu2</c>.</param>
/// <param name="Label">The label naming this layer's output, or null.</param>
/// <param name="Arguments">Every argument of the op, defaults filled in.</param>
/// <param name="Input">The shape this layer takes.</param>
/// <param name="Output">The shape this layer yields.</param>
/// <param name="Parameters">The layer's parameter tensors.</param>
/// <param name="State">The layer's non-trainable tensors, kept between steps (batch-norm's running statistics).</param>
/// <param name="Flops">Floating-point operations of the forward pass for one sample, at most <see cref="long.MaxValue"/>
/// (a count that would pass it stops there).</param>
/// <param name="Text">The op as written, canonically spelled.</param>
/// <param name="Location">Where the op was written.</param>
public sealed record Layer(
    int Index,
    OpKind Op,
    string Name,
    string? Label,
    EquatableArray<ArgumentValue> Arguments,
    Shape Input,
    Shape Output,
    EquatableArray<Parameter> Parameters,
    EquatableArray<Parameter> State,
    long Flops,
    string Text,
    SourceLocation Location)
{
    /// <summary>The number of trainable values of the layer; the checker guarantees it fits an int.</summary>
    public int ParameterCount => Parameters.Sum(p => p.Shape.Size);

    /// <summary>An integer argument.</summary>
    public int Integer(string name) => Argument(name).Integers[0];

    /// <summary>A two-integer argument such as a kernel size (height, width).</summary>
    public (int First, int Second) Pair(string name)
    {
        var values = Argument(name).Integers;
        return (values[0], values[1]);
    }

    /// <summary>A real argument.</summary>
    public double Real(string name) => Argument(name).Real;

    /// <summary>A boolean argument.</summary>
    public bool Boolean(string name) => Argument(name).Boolean;

    /// <summary>A label argument.</summary>
    public EquatableArray<string> Labels(string name) => Argument(name).Names;

    /// <summary>An initialiser argument: which one, and the standard deviation of <c>normal(std)</c>.</summary>
    public (Initializer Kind, double Std) Init(string name)
    {
        var argument = Argument(name);
        return (Initializers.ByName[argument.Choice!].Kind, argument.Real);
    }

    /// <summary>Every label the layer refers to, in the order written.</summary>
    public IEnumerable<string> ReferencedLabels => Arguments.SelectMany(a => a.Names);

    /// <summary>The op's entry in the op table.</summary>
    public OpDefinition Definition => OpTable.Get(Op);

    private ArgumentValue Argument(string name) =>
        Arguments.FirstOrDefault(a => a.Name == name)
        ?? throw new InvalidOperationException($"Layer {Name} ({Op}) has no argument '{name}'.");
}

/// <summary>A checked loss.</summary>
/// <param name="Name">Which loss, by its name in the language (a key of <see cref="OpTable.Losses"/>).</param>
/// <param name="Margin">The hinge margin (1 unless written; unused by the other losses).</param>
/// <param name="Text">The loss as written, canonically spelled.</param>
/// <param name="Location">Where the loss was written.</param>
public sealed record Loss(string Name, double Margin, string Text, SourceLocation Location)
{
    /// <summary>λ of the L2 penalty λ·Σw² that training adds to the loss, over the <see cref="Parameter.Regularised"/>
    /// parameters; 0 for none.</summary>
    public double L2 { get; init; }

    /// <summary>The loss's entry in the op table.</summary>
    public LossDefinition Definition => OpTable.Losses[Name];
}

/// <summary>
/// The checked model of one network: the contract between the front-ends, which only build it, and the
/// emitters, which only read it.
/// </summary>
/// <param name="Name">The network's name.</param>
/// <param name="Namespace">The namespace of the generated class, or null for the project's root namespace.</param>
/// <param name="Input">The input shape of one sample.</param>
/// <param name="Layers">The layers in order.</param>
/// <param name="Loss">The training loss.</param>
/// <param name="Location">Where the network was declared.</param>
public sealed record Network(string Name, string? Namespace, Shape Input, EquatableArray<Layer> Layers, Loss Loss, SourceLocation Location)
{
    /// <summary>The trained weights the build compiles in, from a <c>weights</c> line; null when it names none.</summary>
    public WeightsFile? Weights { get; init; }

    /// <summary>The output shape of one sample: the last layer's output.</summary>
    public Shape Output => Layers.Count == 0 ? Input : Layers[Layers.Count - 1].Output;

    /// <summary>The number of trainable values; the checker guarantees it fits an int.</summary>
    public int ParameterCount => Layers.Sum(l => l.ParameterCount);

    /// <summary>Floating-point operations of the forward pass for one sample, at most <see cref="long.MaxValue"/>
    /// (a count that would pass it stops there).</summary>
    public long Flops => Layers.Aggregate(0L, (sum, layer) => Saturating.Add(sum, layer.Flops));

    /// <summary>
    /// The same network with every source location replaced by <see cref="SourceLocation.None"/>. What reaches
    /// emission must not change when only positions do (a blank line above a network), or every edit above a
    /// network would regenerate it; diagnostics, which need the positions, travel separately.
    /// </summary>
    public Network WithoutLocations() => this with
    {
        Location = SourceLocation.None,
        Loss = Loss with { Location = SourceLocation.None },
        Layers = Layers.Select(l => l with { Location = SourceLocation.None }).ToEquatableArray(),
        Weights = Weights is null ? null : Weights with { Location = SourceLocation.None },
    };
}

/// <summary>A weights file named by a network.</summary>
/// <param name="Path">The path as written, relative to the file that declares the network.</param>
/// <param name="Location">Where the <c>weights</c> line (or the attribute argument) was written.</param>
public sealed record WeightsFile(string Path, SourceLocation Location);
