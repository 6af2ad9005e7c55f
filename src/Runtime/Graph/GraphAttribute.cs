using System.Globalization;

namespace NetForge;

/// <summary>Which kind of value a <see cref="GraphAttribute"/> holds.</summary>
public enum GraphAttributeKind
{
    /// <summary>One or more whole numbers: a count, or a kernel's height and width.</summary>
    Integers,

    /// <summary>A real number.</summary>
    Real,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,
}

/// <summary>One argument of a <see cref="GraphNode"/>'s op, under the model language's name for it.</summary>
public sealed class GraphAttribute
{
    private readonly int[] _integers;
    private readonly double _real;
    private readonly bool _boolean;

    /// <summary>An attribute of whole numbers, e.g. <c>kernel</c> (5, 5) or <c>units</c> 10.</summary>
    /// <param name="name">The argument's name.</param>
    /// <param name="integers">The values; at least one.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or <paramref name="integers"/> is.</exception>
    public GraphAttribute(string name, params int[] integers)
        : this(name, GraphAttributeKind.Integers)
    {
        ArgumentNullException.ThrowIfNull(integers);
        if (integers.Length == 0)
            throw new ArgumentException($"Attribute '{name}' needs at least one value.", nameof(integers));
        _integers = (int[])integers.Clone();
    }

    /// <summary>A real attribute, e.g. <c>alpha</c> 0.2.</summary>
    /// <param name="name">The argument's name.</param>
    /// <param name="real">The value.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    public GraphAttribute(string name, double real)
        : this(name, GraphAttributeKind.Real) => _real = real;

    /// <summary>A boolean attribute, e.g. <c>bias</c> false.</summary>
    /// <param name="name">The argument's name.</param>
    /// <param name="boolean">The value.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    public GraphAttribute(string name, bool boolean)
        : this(name, GraphAttributeKind.Boolean) => _boolean = boolean;

    private GraphAttribute(string name, GraphAttributeKind kind)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Kind = kind;
        _integers = [];
    }

    /// <summary>The argument's name, e.g. <c>kernel</c>.</summary>
    public string Name { get; }

    /// <summary>Which kind of value the attribute holds; reading another kind throws.</summary>
    public GraphAttributeKind Kind { get; }

    /// <summary>The values of an <see cref="GraphAttributeKind.Integers"/> attribute.</summary>
    /// <exception cref="InvalidOperationException">The attribute holds another kind of value.</exception>
    public IReadOnlyList<int> Integers => Kind == GraphAttributeKind.Integers ? Array.AsReadOnly(_integers) : throw WrongKind(GraphAttributeKind.Integers);

    /// <summary>The single value of an <see cref="GraphAttributeKind.Integers"/> attribute of one value.</summary>
    /// <exception cref="InvalidOperationException">The attribute holds another kind of value, or several.</exception>
    public int Integer => Integers.Count == 1
        ? _integers[0]
        : throw new InvalidOperationException(FormattableString.Invariant($"Attribute '{Name}' holds {_integers.Length} values, not one."));

    /// <summary>The value of a <see cref="GraphAttributeKind.Real"/> attribute.</summary>
    /// <exception cref="InvalidOperationException">The attribute holds another kind of value.</exception>
    public double Real => Kind == GraphAttributeKind.Real ? _real : throw WrongKind(GraphAttributeKind.Real);

    /// <summary>The value of a <see cref="GraphAttributeKind.Boolean"/> attribute.</summary>
    /// <exception cref="InvalidOperationException">The attribute holds another kind of value.</exception>
    public bool Boolean => Kind == GraphAttributeKind.Boolean ? _boolean : throw WrongKind(GraphAttributeKind.Boolean);

    /// <summary>The attribute as the model language writes an argument: <c>kernel: [5, 5]</c>, <c>alpha: 0.2</c>.</summary>
    public override string ToString() => Kind switch
    {
        GraphAttributeKind.Integers when _integers.Length == 1 => FormattableString.Invariant($"{Name}: {_integers[0]}"),
        GraphAttributeKind.Integers => Name + ": [" + string.Join(", ", _integers.Select(i => i.ToString(CultureInfo.InvariantCulture))) + "]",
        GraphAttributeKind.Real => FormattableString.Invariant($"{Name}: {_real:R}"),
        _ => Name + ": " + (_boolean ? "true" : "false"),
    };

    private InvalidOperationException WrongKind(GraphAttributeKind wanted) =>
        new($"Attribute '{Name}' holds {Kind}, not {wanted}.");
}
