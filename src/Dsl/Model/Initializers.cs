namespace NetForge.Dsl.Model;

/// <summary>An initialiser an <c>init:</c> argument can name, with the arguments it takes.</summary>
/// <param name="Name">Its name in the language, e.g. <c>he_normal</c>.</param>
/// <param name="Kind">The initialiser.</param>
/// <param name="Arguments">What it takes in parentheses, e.g. <c>normal(std: 0.01)</c>; empty for most.</param>
public sealed record InitializerDefinition(string Name, Initializer Kind, IReadOnlyList<ArgumentSpec> Arguments);

/// <summary>
/// The initialisers of dense and convolution weights, named as PyTorch's <c>torch.nn.init</c> functions are (He's
/// are <c>kaiming_*</c> there, with its defaults: fan-in mode and the gain √2 of a ReLU).
/// </summary>
public static class Initializers
{
    /// <summary>Every initialiser, by name, in the order the language documents them.</summary>
    public static readonly IReadOnlyDictionary<string, InitializerDefinition> ByName = new[]
    {
        new InitializerDefinition("uniform_fan_in", Initializer.UniformFanIn, []),
        new InitializerDefinition("xavier_uniform", Initializer.XavierUniform, []),
        new InitializerDefinition("xavier_normal", Initializer.XavierNormal, []),
        new InitializerDefinition("he_uniform", Initializer.HeUniform, []),
        new InitializerDefinition("he_normal", Initializer.HeNormal, []),
        new InitializerDefinition("normal", Initializer.Normal,
            [new ArgumentSpec("std", ArgumentType.Real, true, null, 0, MinimumExclusive: true)]),
        new InitializerDefinition("zeros", Initializer.Zeros, []),
    }.ToDictionary(i => i.Name);

    /// <summary>The names as a message lists them, a call's arguments included: <c>normal(std)</c>.</summary>
    public static string Listed => string.Join(", ", ByName.Values.Select(i =>
        i.Arguments.Count == 0 ? i.Name : i.Name + "(" + string.Join(", ", i.Arguments.Select(a => a.Name)) + ")"));
}
