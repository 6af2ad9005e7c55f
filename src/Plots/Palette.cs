namespace NetForge.Plots;

/// <summary>The colours the pictures share, so that a class or a series has one colour throughout.</summary>
public static class Palette
{
    private static readonly Rgb[] Categories =
    [
        new(31, 119, 180), new(255, 127, 14), new(44, 160, 44), new(214, 39, 40), new(148, 103, 189),
        new(140, 86, 75), new(227, 119, 194), new(127, 127, 127), new(188, 189, 34), new(23, 190, 207),
    ];

    /// <summary>Axis lines and text.</summary>
    public static Rgb Ink { get; } = new(40, 40, 40);

    /// <summary>Grid lines.</summary>
    public static Rgb Grid { get; } = new(225, 225, 225);

    /// <summary>The colour of category <paramref name="index"/>: ten well-separated hues, repeating after that.</summary>
    public static Rgb Category(int index) => Categories[((index % Categories.Length) + Categories.Length) % Categories.Length];

    /// <summary>A light tint of category <paramref name="index"/>, for areas behind points of that category.</summary>
    public static Rgb Tint(int index) => Category(index).Towards(Rgb.White, 0.6);

    /// <summary>White (0) through blue to a dark navy (1): counts and shares.</summary>
    public static Rgb Blues(double t) => Ramp(t, new(247, 251, 255), new(107, 174, 214), new(8, 48, 107));

    /// <summary>Black (0) through red and orange to a pale yellow (1): heat, such as an occlusion map's drop.</summary>
    public static Rgb Heat(double t) => Ramp(t, new(0, 0, 4), new(187, 55, 84), new(252, 255, 164));

    /// <summary>Blue (−1) through white (0) to red (+1): signed values, such as a filter's weights.</summary>
    public static Rgb Diverging(double t) =>
        t < 0 ? Rgb.White.Towards(new(33, 102, 172), -t) : Rgb.White.Towards(new(178, 24, 43), t);

    private static Rgb Ramp(double t, Rgb low, Rgb middle, Rgb high)
    {
        t = double.IsNaN(t) ? 0 : Math.Clamp(t, 0, 1);
        return t < 0.5 ? low.Towards(middle, 2 * t) : middle.Towards(high, 2 * t - 1);
    }
}
