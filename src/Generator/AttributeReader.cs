using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using AttributeSyntax = Microsoft.CodeAnalysis.CSharp.Syntax.AttributeSyntax;
using ClassDeclarationSyntax = Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax;
using NetForge.Dsl;
using NetForge.Dsl.Diagnostics;
using NetForge.Dsl.Syntax;

namespace NetForge.Generator;

/// <summary>
/// The attribute front-end: reads a <c>[Network]</c> class's attributes into the same network syntax the
/// <c>.net</c> parser produces, so that both forms go through one checker and one emitter. Each layer
/// attribute is one line; its <c>Activation</c> continues the line and its <c>Name</c> labels it.
/// </summary>
internal static class AttributeReader
{
    public const string NetworkAttributeName = "NetForge.NetworkAttribute";

    private static readonly Dictionary<string, string> OpNames = new()
    {
        ["DenseAttribute"] = "dense",
        ["Conv2DAttribute"] = "conv2d",
        ["MaxPoolAttribute"] = "maxpool",
        ["AvgPoolAttribute"] = "avgpool",
        ["FlattenAttribute"] = "flatten",
        ["ReLUAttribute"] = "relu",
        ["LeakyReLUAttribute"] = "leaky_relu",
        ["EluAttribute"] = "elu",
        ["SigmoidAttribute"] = "sigmoid",
        ["TanhAttribute"] = "tanh",
        ["MaxoutAttribute"] = "maxout",
        ["SoftmaxAttribute"] = "softmax",
        ["DropoutAttribute"] = "dropout",
        ["BatchNormAttribute"] = "batchnorm",
        ["AddAttribute"] = "add",
        ["ConcatAttribute"] = "concat",
    };

    // Enum members in declaration order, as the runtime's Activation and LossKind declare them.
    private static readonly string?[] Activations = [null, "relu", "leaky_relu", "elu", "sigmoid", "tanh"];
    private static readonly string[] Losses = ["softmax_cross_entropy", "hinge", "mse"];

    public static NetworkResult Read(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var symbol = (INamedTypeSymbol)context.TargetSymbol;
        var declaration = (ClassDeclarationSyntax)context.TargetNode;
        var classLocation = Locate(declaration.Identifier.GetLocation());

        var problem = ClassProblem(symbol);
        if (problem is not null)
            return NetworkResult.Failed(DiagnosticDescriptors.UnsupportedClass.At(classLocation, symbol.Name, problem));
        if (symbol.DeclaringSyntaxReferences.Any(r => r.GetSyntax(cancellationToken) is ClassDeclarationSyntax c && !c.Modifiers.Any(SyntaxKind.PartialKeyword)))
            return NetworkResult.Failed(DiagnosticDescriptors.NotPartial.At(classLocation, symbol.Name));

        var diagnostics = new List<Dsl.Diagnostics.Diagnostic>();
        var statements = new List<StatementSyntax>();
        var layerTrees = new HashSet<SyntaxNode>();
        StatementSyntax? input = null;
        foreach (var attribute in symbol.GetAttributes())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (attribute.AttributeClass is not { } type || type.ContainingNamespace?.ToDisplayString() != "NetForge")
                continue;
            if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax syntax)
                continue;
            var location = Locate(syntax.GetLocation());
            if (type.Name == "NetworkAttribute")
            {
                input = new InputSyntax(ReadShape(attribute).ToEquatableArray(), location);
            }
            else if (type.Name == "LossAttribute")
            {
                statements.Add(ReadLoss(attribute, syntax, location, diagnostics));
            }
            else if (OpNames.TryGetValue(type.Name, out var opName))
            {
                if (syntax.Parent?.Parent is { } owner)
                    layerTrees.Add(owner);
                var chain = ReadLayer(opName, attribute, syntax, location, diagnostics);
                if (chain is not null)
                    statements.Add(chain);
            }
        }
        if (layerTrees.Count > 1)
            return NetworkResult.Failed(DiagnosticDescriptors.LayersInSeveralParts.At(classLocation, symbol.Name));
        if (diagnostics.Count > 0)
            return new NetworkResult(null, diagnostics.ToEquatableArray());

        // The [Network] attribute gives the input wherever it is written: it is the class's marker, not a line.
        if (input is not null)
            statements.Insert(0, input);
        var ns = symbol.ContainingNamespace.IsGlobalNamespace ? "" : symbol.ContainingNamespace.ToDisplayString();
        var network = new NetworkSyntax(symbol.Name, ns, statements.ToEquatableArray(), classLocation);
        var accessibility = symbol.DeclaredAccessibility == Accessibility.Public ? "public" : "internal";
        return NetworkCompilation.Compile(network, accessibility);
    }

    private static string? ClassProblem(INamedTypeSymbol symbol)
    {
        if (symbol.ContainingType is not null)
            return "nested in " + symbol.ContainingType.Name;
        if (symbol.IsGenericType)
            return "generic";
        if (symbol.IsStatic)
            return "static";
        if (symbol.IsAbstract)
            return "abstract";
        return null;
    }

    private static IEnumerable<long> ReadShape(AttributeData attribute) =>
        attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Kind == TypedConstantKind.Array
            ? attribute.ConstructorArguments[0].Values.Select(v => System.Convert.ToInt64(v.Value, CultureInfo.InvariantCulture))
            : attribute.ConstructorArguments.Select(v => System.Convert.ToInt64(v.Value, CultureInfo.InvariantCulture));

    private static StatementSyntax ReadLoss(AttributeData attribute, AttributeSyntax syntax, SourceLocation location, List<Dsl.Diagnostics.Diagnostic> diagnostics)
    {
        var kind = attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is int k ? k : -1;
        var name = kind >= 0 && kind < Losses.Length ? Losses[kind] : null;
        if (name is null)
            diagnostics.Add(DiagnosticDescriptors.InvalidAttributeArgument.At(location, "Loss", "the loss kind must be a member of LossKind"));
        var arguments = new List<ArgumentSyntax>();
        foreach (var named in attribute.NamedArguments)
        {
            if (named.Key == "Margin")
                arguments.Add(new ArgumentSyntax("margin", ToValue(named.Value), ArgumentLocation(syntax, named.Key, location)));
        }
        return new LossSyntax(new OpSyntax(name ?? "?", arguments.ToEquatableArray(), location), location);
    }

    private static ChainSyntax? ReadLayer(string opName, AttributeData attribute, AttributeSyntax syntax, SourceLocation location, List<Dsl.Diagnostics.Diagnostic> diagnostics)
    {
        var attributeName = syntax.Name.ToString();
        var arguments = new List<ArgumentSyntax>();
        var positional = syntax.ArgumentList?.Arguments.Where(a => a.NameEquals is null && a.NameColon is null).ToList() ?? [];
        for (var i = 0; i < attribute.ConstructorArguments.Length; i++)
        {
            var constant = attribute.ConstructorArguments[i];
            var argLocation = i < positional.Count ? Locate(positional[i].GetLocation()) : location;
            if (constant.Kind == TypedConstantKind.Array)
                arguments.AddRange(constant.Values.Select(v => new ArgumentSyntax(null, ToValue(v), argLocation)));
            else
                arguments.Add(new ArgumentSyntax(null, ToValue(constant), argLocation));
        }

        string? label = null;
        string? activation = null;
        int? kernelHeight = null, kernelWidth = null;
        foreach (var named in attribute.NamedArguments)
        {
            var argLocation = ArgumentLocation(syntax, named.Key, location);
            switch (named.Key)
            {
                case "Name":
                    label = named.Value.Value as string;
                    break;
                case "Activation":
                    var index = named.Value.Value is int a ? a : -1;
                    if (index < 0 || index >= Activations.Length)
                        diagnostics.Add(DiagnosticDescriptors.InvalidAttributeArgument.At(argLocation, attributeName, "Activation must be a member of the Activation enum"));
                    else
                        activation = Activations[index];
                    break;
                case "KernelHeight":
                    kernelHeight = (int)named.Value.Value!;
                    break;
                case "KernelWidth":
                    kernelWidth = (int)named.Value.Value!;
                    break;
                default:
                    arguments.Add(new ArgumentSyntax(ToArgumentName(named.Key), ToValue(named.Value), argLocation));
                    break;
            }
        }
        if (kernelHeight is not null || kernelWidth is not null)
        {
            if (kernelHeight is null || kernelWidth is null || arguments.Any(a => a.Name == "kernel"))
            {
                diagnostics.Add(DiagnosticDescriptors.InvalidAttributeArgument.At(location, attributeName, "give either Kernel, or both KernelHeight and KernelWidth"));
                return null;
            }
            arguments.Add(new ArgumentSyntax("kernel", ValueSyntax.IntegerList([kernelHeight.Value, kernelWidth.Value]), location));
        }

        var ops = new List<OpSyntax> { new(opName, arguments.ToEquatableArray(), location) };
        if (activation is not null)
            ops.Add(new OpSyntax(activation, EquatableArray<ArgumentSyntax>.Empty, location));
        return new ChainSyntax(label, ops.ToEquatableArray(), location);
    }

    private static string ToArgumentName(string property) =>
        char.ToLowerInvariant(property[0]) + property.Substring(1);

    private static ValueSyntax ToValue(TypedConstant constant) => constant.Value switch
    {
        bool b => ValueSyntax.Boolean(b),
        int i => ValueSyntax.Integer(i),
        long l => ValueSyntax.Integer(l),
        double d => ValueSyntax.Real(d),
        float f => ValueSyntax.Real(f),
        string s => ValueSyntax.Name(s),
        _ => new ValueSyntax(ValueKind.Name, constant.Value?.ToString() ?? "null"),
    };

    private static SourceLocation ArgumentLocation(AttributeSyntax syntax, string name, SourceLocation fallback)
    {
        var argument = syntax.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);
        return argument is null ? fallback : Locate(argument.GetLocation());
    }

    private static SourceLocation Locate(Location location)
    {
        var span = location.GetLineSpan();
        return new SourceLocation(
            span.Path,
            location.SourceSpan.Start,
            location.SourceSpan.Length,
            span.StartLinePosition.Line + 1,
            span.StartLinePosition.Character + 1,
            span.EndLinePosition.Line + 1,
            span.EndLinePosition.Character + 1);
    }
}
