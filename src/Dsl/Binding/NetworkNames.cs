using NetForge.Dsl.Model;

namespace NetForge.Dsl.Binding;

/// <summary>
/// Which names a network and its namespace may take: the generated file declares the namespace as written and a
/// C# class of the network's name, holding the generated members.
/// </summary>
internal static class NetworkNames
{
    // The reserved words of C#, the undocumented ones too, which cannot be identifiers without an '@'.
    private static readonly HashSet<string> Keywords =
    [
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
        "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern",
        "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface",
        "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out", "override",
        "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed", "short",
        "sizeof", "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof",
        "uint", "ulong", "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile", "while",
        "__arglist", "__makeref", "__reftype", "__refvalue",
    ];

    // A class cannot have a member of its own name, and the generated file calls the kernels through 'Cpu'.
    private static readonly HashSet<string> Reserved =
    [
        "Buffers", "Cpu", "InputSize", "OutputSize", "ParameterCount", "InputShape", "OutputShape", "Parameters",
        "Predict", "Classify", "CreateBuffers", "Evaluate", "TrainStep", "Forward", "ForwardInference", "Own", "State", "Seed", "TrainingSteps",
        "Pretrained", "t_predictScratch", "t_classifyOutput",
    ];

    /// <summary>
    /// A name as the back-ends spell it in generated identifiers: split at '_' and each part capitalised, so that
    /// <c>dense1</c> gives <c>Dense1</c> and <c>leaky_relu1</c> gives <c>LeakyRelu1</c>.
    /// </summary>
    public static string Pascal(string name) =>
        string.Concat(name.Split('_').Where(p => p.Length > 0).Select(p => char.ToUpperInvariant(p[0]) + p.Substring(1)));

    /// <summary>Why the name cannot name a network with these layers, or null when it can. Besides the fixed members,
    /// the generated class has one property per parameter and state tensor, Pascal(layer) + Pascal(role)
    /// (<c>Dense1Weight</c>, <c>Batchnorm1RunningMean</c>), and a field with the shape of each window op
    /// (<c>Conv1Shape</c>, <c>Maxpool1Shape</c>).</summary>
    public static string? Problem(string name, IEnumerable<Layer> layers)
    {
        if (Keywords.Contains(name))
            return "it is a C# keyword";
        if (Reserved.Contains(name))
            return "the generated class has a member of that name";
        // The generated class keeps its private fields under such names (_parameters, _state, _seed); the whole
        // family is reserved, so that a new field never breaks a network that compiled before.
        if (name.StartsWith("_", StringComparison.Ordinal))
            return "names starting with '_' are reserved for the generated class's private members";
        foreach (var layer in layers)
        {
            // Every member generated for a layer starts with the layer's Pascal name.
            var stem = Pascal(layer.Name);
            if (!name.StartsWith(stem, StringComparison.Ordinal))
                continue;
            foreach (var tensor in layer.Parameters.Concat(layer.State))
            {
                if (name == stem + Pascal(tensor.Role))
                    return $"the generated class has a property of that name, for {layer.Name}.{tensor.Role}";
            }
            if (layer.Op is OpKind.Conv2D or OpKind.MaxPool or OpKind.AvgPool && name == stem + "Shape")
                return $"the generated class has a field of that name, for the shape of {layer.Name}";
        }
        return null;
    }

    /// <summary>The first segment of a namespace that cannot be used, where it starts, and why; null when all can.</summary>
    public static (int Offset, string Segment, string Reason)? NamespaceProblem(string ns)
    {
        var offset = 0;
        foreach (var segment in ns.Split('.'))
        {
            if (Keywords.Contains(segment))
                return (offset, segment, "is a C# keyword");
            offset += segment.Length + 1;
        }
        return null;
    }
}
