using System.Globalization;
using System.Text;

namespace NetForge.Generator.Tests.Fuzz;

/// <summary>
/// Writes random networks in both forms: mostly ones that follow the shapes (so that many check and their code is
/// compiled), some that do not, and character-level mutations of them (so that the parser's errors are reached).
/// </summary>
internal sealed class ModelFuzzer(int seed)
{
    private static readonly string[] Fragments =
    [
        "(", ")", "[", "]", "{", "}", ":", ",", "->", "#", "\n", " ", "0", "-1", "7", "2.5", "1e-5", "1e999",
        "99999999999999999999", "2147483647", "relu", "dense", "conv2d", "maxpool(2)", "maxout(3)", "batchnorm",
        "dropout(0.5)", "flatten", "input", "loss", "network", "a", "add(a)", "concat(a, a)", "a: ", "kernel: [3, 5]",
        "stride: 0", "padding: 7", "bias: false", "é", "\"", "\u00a0", "_", "__", "in", "Cpu", "Dense1Weight",
    ];

    private static readonly string[] Losses = ["softmax_cross_entropy", "hinge", "hinge(margin: 0.5)", "mse"];

    private readonly Random _random = new(seed);

    /// <summary>A <c>.net</c> file of one to three networks, mutated one time in four.</summary>
    public string ModelFile(int index)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"namespace Fuzz{index}\n");
        for (var n = _random.Next(1, 4); n > 0; n--)
            text.Append(Network($"Net{n}").File);
        var result = text.ToString();
        if (_random.Next(4) == 0)
        {
            for (var m = _random.Next(1, 6); m > 0; m--)
                result = Mutate(result);
        }
        return result;
    }

    /// <summary>A C# file declaring one random network with attributes.</summary>
    public string AttributeClass(int index)
    {
        var (_, attributes) = Network("unused");
        return $"using NetForge;\nnamespace FuzzAttributes{index};\n{attributes}public partial class Net{index};\n";
    }

    private (string File, string Attributes) Network(string name)
    {
        var file = new StringBuilder();
        var attributes = new StringBuilder();
        Shape shape = _random.Next(2) == 0
            ? new Shape(0, _random.Next(1, 40), 0)
            : new Shape(_random.Next(1, 4), _random.Next(3, 13), _random.Next(3, 13));
        file.Append(CultureInfo.InvariantCulture, $"network {name} {{\n    input {shape}\n");
        attributes.Append(CultureInfo.InvariantCulture, $"[Network({shape.ToString().Trim('[', ']')})]\n");
        var labels = new List<(string Name, Shape Shape)>();
        for (var line = _random.Next(1, 7); line > 0; line--)
        {
            var (op, attribute, next) = Layer(shape, labels);
            string? label = _random.Next(4) == 0 ? "l" + labels.Count.ToString(CultureInfo.InvariantCulture) : null;
            file.Append("    ").Append(label is null ? "" : label + ": ").Append(op).Append('\n');
            attributes.Append(label is null ? attribute : Named(attribute, label)).Append('\n');
            shape = next;
            if (label is not null)
                labels.Add((label, shape));
        }
        var loss = Losses[_random.Next(Losses.Length)];
        file.Append("    loss ").Append(loss).Append("\n}\n");
        attributes.Append(loss switch
        {
            "softmax_cross_entropy" => "[Loss(LossKind.SoftmaxCrossEntropy)]",
            "mse" => "[Loss(LossKind.MeanSquaredError)]",
            "hinge" => "[Loss(LossKind.Hinge)]",
            _ => "[Loss(LossKind.Hinge, Margin = 0.5)]",
        }).Append('\n');
        return (file.ToString(), attributes.ToString());
    }

    /// <summary>One layer in both spellings and the shape it yields (a guess when the layer does not fit).</summary>
    private (string Op, string Attribute, Shape Next) Layer(Shape shape, List<(string Name, Shape Shape)> labels)
    {
        var fits = _random.Next(6) != 0;
        var image = shape.IsImage;
        int Small(int max) => _random.Next(1, max + 1);
        switch (_random.Next(14))
        {
            case 0:
            {
                var units = Small(40);
                return ($"dense({units})", $"[Dense({units})]", new Shape(0, units, 0));
            }
            case 1 when image || !fits:
            {
                var (filters, kernel, padding) = (Small(6), Small(Math.Max(1, Math.Min(5, shape.Height))), _random.Next(3));
                var size = image ? (shape.Height + 2 * padding - kernel) + 1 : 1;
                var width = image ? (shape.Width + 2 * padding - kernel) + 1 : 1;
                return ($"conv2d({filters}, kernel: {kernel}, padding: {padding})", $"[Conv2D({filters}, Kernel = {kernel}, Padding = {padding})]", new Shape(filters, Math.Max(1, size), Math.Max(1, width)));
            }
            case 2 when image || !fits:
            {
                var pool = Small(2);
                var op = _random.Next(2) == 0 ? "maxpool" : "avgpool";
                return ($"{op}({pool})", $"[{(op == "maxpool" ? "MaxPool" : "AvgPool")}({pool})]", new Shape(shape.Channels, Math.Max(1, shape.Height / pool), Math.Max(1, shape.Width / pool)));
            }
            case 3:
                return ("flatten", "[Flatten]", new Shape(0, shape.Size, 0));
            case 4 when !image || !fits:
            {
                var pieces = fits ? Divisor(shape.Size) : Small(4);
                return ($"maxout({pieces})", $"[Maxout({pieces})]", new Shape(0, Math.Max(1, shape.Size / pieces), 0));
            }
            case 5:
                return ("dropout(0.25)", "[Dropout(0.25)]", shape);
            case 6:
                return (_random.Next(2) == 0 ? "batchnorm" : "batchnorm(momentum: 0.8, epsilon: 0.001)",
                    _random.Next(2) == 0 ? "[BatchNorm]" : "[BatchNorm(Momentum = 0.8, Epsilon = 0.001)]", shape);
            case 7 when !image || !fits:
                return ("softmax", "[Softmax]", shape);
            case 8 when labels.Count > 0:
            {
                var (label, _) = fits ? labels.LastOrDefault(l => l.Shape == shape) : labels[_random.Next(labels.Count)];
                label ??= labels[0].Name;
                return ($"add({label})", $"[Add(\"{label}\")]", shape);
            }
            case 9 when labels.Count > 0:
            {
                var (label, other) = labels[_random.Next(labels.Count)];
                var joined = shape.IsImage ? new Shape(shape.Channels + other.Channels, shape.Height, shape.Width) : new Shape(0, shape.Size + other.Size, 0);
                return ($"concat({label})", $"[Concat(\"{label}\")]", joined);
            }
            case 10:
                return ("leaky_relu(0.1)", "[LeakyReLU(Alpha = 0.1)]", shape);
            case 11:
                return ("elu", "[Elu]", shape);
            case 12:
                return ("sigmoid", "[Sigmoid]", shape);
            default:
                return _random.Next(2) == 0 ? ("relu", "[ReLU]", shape) : ("tanh", "[Tanh]", shape);
        }
    }

    /// <summary>The attribute with its <c>Name</c> set: <c>[Dense(4, Name = "l0")]</c>, <c>[Flatten(Name = "l0")]</c>.</summary>
    private static string Named(string attribute, string label) =>
        attribute.EndsWith(")]", StringComparison.Ordinal)
            ? attribute.Substring(0, attribute.Length - 2) + $", Name = \"{label}\")]"
            : attribute.Substring(0, attribute.Length - 1) + $"(Name = \"{label}\")]";

    private int Divisor(int n)
    {
        var divisors = Enumerable.Range(1, Math.Min(n, 4)).Where(d => n % d == 0).ToList();
        return divisors[_random.Next(divisors.Count)];
    }

    private string Mutate(string text)
    {
        var at = _random.Next(text.Length + 1);
        return _random.Next(3) switch
        {
            0 => text.Insert(at, Fragments[_random.Next(Fragments.Length)]),
            1 when at < text.Length => text.Remove(at, Math.Min(_random.Next(1, 6), text.Length - at)),
            _ => text.Insert(at, Fragments[_random.Next(Fragments.Length)]).Remove(Math.Max(0, at - 1), at > 0 ? 1 : 0),
        };
    }

    /// <summary>A shape the fuzzer tracks: flat when <see cref="Channels"/> is 0.</summary>
    private readonly record struct Shape(int Channels, int Height, int Width)
    {
        public bool IsImage => Channels > 0;

        public int Size => IsImage ? Channels * Height * Width : Height;

        public override string ToString() => IsImage
            ? string.Create(CultureInfo.InvariantCulture, $"[{Channels}, {Height}, {Width}]")
            : string.Create(CultureInfo.InvariantCulture, $"[{Height}]");
    }
}
