namespace NetForge.Dsl.Model;

/// <summary>A checked argument of a layer, by name, holding exactly the kind of value its op declares.</summary>
/// <param name="Name">The argument's name in the op table.</param>
/// <param name="Integers">The integers of an integer, pair or list argument.</param>
/// <param name="Real">The value of a real argument.</param>
/// <param name="Boolean">The value of a boolean argument.</param>
/// <param name="Names">The names of a label argument.</param>
public sealed record ArgumentValue(string Name, EquatableArray<int> Integers, double Real, bool Boolean, EquatableArray<string> Names)
{
    /// <summary>The name an initialiser argument chooses, e.g. <c>he_normal</c>; null for the other kinds.</summary>
    public string? Choice { get; init; }

    /// <summary>An integer argument.</summary>
    public static ArgumentValue Integer(string name, int value) => new(name, EquatableArray.Create(value), 0, false, default);

    /// <summary>An argument with several integers, e.g. <c>kernel: [3, 5]</c> as (3, 5).</summary>
    public static ArgumentValue IntegerPair(string name, int first, int second) => new(name, EquatableArray.Create(first, second), 0, false, default);

    /// <summary>A real argument.</summary>
    public static ArgumentValue RealValue(string name, double value) => new(name, default, value, false, default);

    /// <summary>A boolean argument.</summary>
    public static ArgumentValue BooleanValue(string name, bool value) => new(name, default, 0, value, default);

    /// <summary>A label argument.</summary>
    public static ArgumentValue Labels(string name, IEnumerable<string> labels) => new(name, default, 0, false, labels.ToEquatableArray());

    /// <summary>An initialiser argument, e.g. <c>init: normal(std: 0.01)</c> as ("normal", 0.01).</summary>
    public static ArgumentValue InitializerValue(string name, string choice, double std) =>
        new(name, default, std, false, default) { Choice = choice };
}
