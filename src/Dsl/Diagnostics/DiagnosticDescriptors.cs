namespace NetForge.Dsl.Diagnostics;

/// <summary>
/// The catalog of every diagnostic NetForge reports. Ids are stable: a published id never changes its
/// meaning. NF1xxx are syntax errors, NF2xxx errors of meaning (ops, arguments, shapes, labels), NF3xxx
/// errors in the attribute form, NF9xxx failures of NetForge itself.
/// </summary>
public static class DiagnosticDescriptors
{
    /// <summary>The text cannot be parsed.</summary>
    public static readonly DiagnosticDescriptor SyntaxError = new(
        "NF1001", "Syntax error", "syntax error: {0}");

    /// <summary>A file holds no network.</summary>
    public static readonly DiagnosticDescriptor NoNetwork = new(
        "NF1002", "No network", "the file declares no network; write 'network Name {{ ... }}'");

    /// <summary>An op name that is not in the op table.</summary>
    public static readonly DiagnosticDescriptor UnknownOp = new(
        "NF2001", "Unknown op", "unknown op '{0}'{1}");

    /// <summary>An op that needs an image-like input gets a flat one, or the reverse.</summary>
    public static readonly DiagnosticDescriptor WrongInputRank = new(
        "NF2002", "Wrong input rank", "{0} needs an input of shape {1} but the previous layer yields {2}");

    /// <summary>A convolution or pooling window does not fit the (padded) input.</summary>
    public static readonly DiagnosticDescriptor WindowTooLarge = new(
        "NF2003", "Window larger than input", "{0} needs an input of at least {1}x{2} but the previous layer yields {3}");

    /// <summary><c>add</c> of two different shapes.</summary>
    public static readonly DiagnosticDescriptor AddShapeMismatch = new(
        "NF2004", "Add shape mismatch", "{0} needs the shape of '{1}', {2}, but the previous layer yields {3}");

    /// <summary><c>concat</c> of inputs whose sizes other than channels differ.</summary>
    public static readonly DiagnosticDescriptor ConcatShapeMismatch = new(
        "NF2005", "Concat shape mismatch", "{0} cannot join '{1}', {2}, to the previous layer's {3}: {4}");

    /// <summary>References to labels no line defines, reported once per op.</summary>
    public static readonly DiagnosticDescriptor UnknownLabel = new(
        "NF2006", "Unknown label", "{0} refers to {1}, which no line of network {2} defines");

    /// <summary>The same label on two lines.</summary>
    public static readonly DiagnosticDescriptor DuplicateLabel = new(
        "NF2007", "Duplicate label", "label '{0}' is already defined on line {1}");

    /// <summary>References to labels defined further down or on the op's own line, reported once per op.</summary>
    public static readonly DiagnosticDescriptor LabelUsedBeforeDefinition = new(
        "NF2008", "Label used before its definition", "{0} refers to {1}; a label can only refer to an earlier line");

    /// <summary>Named arguments the op does not take, reported once per op.</summary>
    public static readonly DiagnosticDescriptor UnknownArgument = new(
        "NF2009", "Unknown argument", "{0} has no {1}; it takes {2}");

    /// <summary>A required argument is missing.</summary>
    public static readonly DiagnosticDescriptor MissingArgument = new(
        "NF2010", "Missing argument", "{0} needs the argument '{1}'");

    /// <summary>An argument of the wrong kind or out of range.</summary>
    public static readonly DiagnosticDescriptor InvalidArgument = new(
        "NF2011", "Invalid argument", "argument '{0}' of {1} {2}");

    /// <summary>Too many positional arguments, a positional one after a named one, or one given twice.</summary>
    public static readonly DiagnosticDescriptor MisplacedArgument = new(
        "NF2012", "Misplaced argument", "{0}: {1}");

    /// <summary>A network without an <c>input</c> line.</summary>
    public static readonly DiagnosticDescriptor MissingInput = new(
        "NF2013", "Missing input", "network {0} has no 'input' line; its first line must be, e.g., 'input [784]'");

    /// <summary>An <c>input</c> line that is not the first, or a second one.</summary>
    public static readonly DiagnosticDescriptor MisplacedInput = new(
        "NF2014", "Misplaced input", "{0}");

    /// <summary>A network without a <c>loss</c> line.</summary>
    public static readonly DiagnosticDescriptor MissingLoss = new(
        "NF2015", "Missing loss", "network {0} has no 'loss' line; end it with, e.g., 'loss softmax_cross_entropy'");

    /// <summary>A <c>loss</c> line that is not the last, or a second one.</summary>
    public static readonly DiagnosticDescriptor MisplacedLoss = new(
        "NF2016", "Misplaced loss", "{0}");

    /// <summary>A loss name that is not known.</summary>
    public static readonly DiagnosticDescriptor UnknownLoss = new(
        "NF2017", "Unknown loss", "unknown loss '{0}'; the losses are {1}");

    /// <summary>An input shape that is neither [n] nor [c, h, w], has a non-positive extent, or holds more values than an int counts.</summary>
    public static readonly DiagnosticDescriptor InvalidShape = new(
        "NF2018", "Invalid shape", "input shape {0} {1}");

    /// <summary>Two networks with the same full name.</summary>
    public static readonly DiagnosticDescriptor DuplicateNetwork = new(
        "NF2019", "Duplicate network", "network {0} is already declared at {1}");

    /// <summary>A loss that does not fit the network's output shape.</summary>
    public static readonly DiagnosticDescriptor LossShapeMismatch = new(
        "NF2020", "Loss does not fit the output", "loss {0} needs {1} but the last layer yields {2}");

    /// <summary><c>maxout</c> whose pieces do not divide the features.</summary>
    public static readonly DiagnosticDescriptor MaxoutNotDivisible = new(
        "NF2021", "Maxout pieces do not divide the features", "{0} needs a feature count divisible by {1} but the previous layer yields {2}");

    /// <summary>An op that parses and checks but whose kernels are not built yet.</summary>
    public static readonly DiagnosticDescriptor NoKernel = new(
        "NF2022", "Op without kernels", "{0} is checked but this version of NetForge has no kernels for it yet; the ops with kernels are {1}");

    /// <summary>A network with no layer between its input and its loss.</summary>
    public static readonly DiagnosticDescriptor NoLayers = new(
        "NF2023", "Network without layers", "network {0} has no layers; put at least one line between 'input' and 'loss'");

    /// <summary>A layer output, a parameter tensor, a layer's or the network's parameters, or the layer outputs of
    /// one sample all together, too many to count with an int.</summary>
    public static readonly DiagnosticDescriptor TooLarge = new(
        "NF2024", "Tensor too large", "{0} {1}, more than 2147483647 values");

    /// <summary>A network name that cannot name the generated class.</summary>
    public static readonly DiagnosticDescriptor InvalidNetworkName = new(
        "NF2025", "Invalid network name", "'{0}' cannot name a network: {1}");

    /// <summary>A namespace with a segment that cannot name a C# namespace holding the generated classes.</summary>
    public static readonly DiagnosticDescriptor InvalidNamespace = new(
        "NF2026", "Invalid namespace", "namespace {0} cannot hold the generated classes: '{1}' {2}");

    /// <summary>Two labels whose generated names would be the same, or differ only in case.</summary>
    public static readonly DiagnosticDescriptor LabelNameCollision = new(
        "NF2027", "Labels with colliding names", "label '{0}' {1} label '{2}' (line {3})");

    /// <summary>A label that gives no generated name.</summary>
    public static readonly DiagnosticDescriptor InvalidLabel = new(
        "NF2028", "Invalid label", "label '{0}' cannot be used: {1}");

    /// <summary>A second <c>weights</c> line, or one with an empty path.</summary>
    public static readonly DiagnosticDescriptor InvalidWeights = new(
        "NF2029", "Invalid weights line", "weights cannot be used: {0}");

    /// <summary>A weights file that is not among the build's weights files.</summary>
    public static readonly DiagnosticDescriptor WeightsFileNotFound = new(
        "NF2030", "Weights file not found", "weights file {0} is not part of the build: no NetForgeWeights item is {1} (every *.safetensors file of the project is one unless removed)");

    /// <summary>A weights file that breaks the safetensors format.</summary>
    public static readonly DiagnosticDescriptor InvalidWeightsFile = new(
        "NF2031", "Invalid weights file", "weights file {0} is not a valid safetensors file: {1}");

    /// <summary>A tensor of the network that the weights file lacks.</summary>
    public static readonly DiagnosticDescriptor WeightsTensorMissing = new(
        "NF2032", "Weights tensor missing", "weights file {0} has no tensor '{1}' {2}, which network {3} needs");

    /// <summary>A tensor of the weights file that the network does not have.</summary>
    public static readonly DiagnosticDescriptor WeightsTensorExtra = new(
        "NF2033", "Weights tensor not in the network", "weights file {0} has tensor '{1}' {2}, which network {3} does not have");

    /// <summary>A tensor whose shape or element type does not fit the network's.</summary>
    public static readonly DiagnosticDescriptor WeightsTensorMismatch = new(
        "NF2034", "Weights tensor does not fit", "tensor '{0}' is {1} in network {2} but {3} in weights file {4}");

    /// <summary>A <c>[Network]</c> class that is not partial.</summary>
    public static readonly DiagnosticDescriptor NotPartial = new(
        "NF3001", "Network class not partial", "class {0} has [Network] and must be declared 'partial' so that NetForge can add the generated members");

    /// <summary>A <c>[Network]</c> class that cannot receive generated members.</summary>
    public static readonly DiagnosticDescriptor UnsupportedClass = new(
        "NF3002", "Unsupported network class", "class {0} has [Network] but is {1}; a network class must be a top-level, non-generic, non-static, non-abstract class");

    /// <summary>An attribute argument that is not a usable constant.</summary>
    public static readonly DiagnosticDescriptor InvalidAttributeArgument = new(
        "NF3003", "Invalid attribute argument", "[{0}]: {1}");

    /// <summary>Layer attributes spread over several partial declarations, so their order is undefined.</summary>
    public static readonly DiagnosticDescriptor LayersInSeveralParts = new(
        "NF3004", "Layers in several partial declarations", "class {0} has layer attributes on more than one partial declaration; put them all on one so their order is defined");

    /// <summary>Layer attributes on a class without <c>[Network]</c>, which would otherwise be ignored without a word.</summary>
    public static readonly DiagnosticDescriptor LayersWithoutNetwork = new(
        "NF3005", "Layer attributes without [Network]", "class {0} has layer attributes but no [Network(...)]; add [Network] with the input shape so that NetForge generates it");

    /// <summary>
    /// An exception while compiling or emitting one network: a bug in NetForge, reported at the network so that the
    /// rest of the build still generates (an exception escaping a generator makes the compiler drop all its output).
    /// </summary>
    public static readonly DiagnosticDescriptor InternalError = new(
        "NF9001", "Internal error", "NetForge failed on {0}: {1}: {2}. This is a bug in NetForge; please report it with the model that causes it");

    /// <summary>Every descriptor of the catalog.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> All { get; } =
    [
        SyntaxError, NoNetwork,
        UnknownOp, WrongInputRank, WindowTooLarge, AddShapeMismatch, ConcatShapeMismatch, UnknownLabel, DuplicateLabel,
        LabelUsedBeforeDefinition, UnknownArgument, MissingArgument, InvalidArgument, MisplacedArgument, MissingInput,
        MisplacedInput, MissingLoss, MisplacedLoss, UnknownLoss, InvalidShape, DuplicateNetwork, LossShapeMismatch,
        MaxoutNotDivisible, NoKernel, NoLayers, TooLarge, InvalidNetworkName, InvalidNamespace, LabelNameCollision,
        InvalidLabel, InvalidWeights, WeightsFileNotFound, InvalidWeightsFile, WeightsTensorMissing, WeightsTensorExtra,
        WeightsTensorMismatch,
        NotPartial, UnsupportedClass, InvalidAttributeArgument, LayersInSeveralParts, LayersWithoutNetwork,
        InternalError,
    ];

    /// <summary>The title of the descriptor with the given id.</summary>
    public static string Title(string id) => All.FirstOrDefault(d => d.Id == id)?.Title ?? id;
}
