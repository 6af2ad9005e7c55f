namespace NetForge.Dsl.Binding;

/// <summary>Which names a network may take: it becomes a C# class holding the generated members.</summary>
internal static class NetworkNames
{
    private static readonly HashSet<string> Keywords =
    [
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
        "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern",
        "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface",
        "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out", "override",
        "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed", "short",
        "sizeof", "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof",
        "uint", "ulong", "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile", "while",
    ];

    // A class cannot have a member of its own name, and the generated file calls the kernels through 'Cpu'.
    private static readonly HashSet<string> Reserved =
    [
        "Buffers", "Cpu", "InputSize", "OutputSize", "ParameterCount", "InputShape", "OutputShape", "Parameters",
        "Predict", "Classify", "CreateBuffers", "Evaluate", "TrainStep", "Forward", "ForwardInference", "Own", "State", "TrainingSteps",
    ];

    /// <summary>Why the name cannot be used, or null when it can.</summary>
    public static string? Problem(string name) =>
        Keywords.Contains(name) ? "it is a C# keyword"
        : Reserved.Contains(name) ? "the generated class has a member of that name"
        : null;
}
