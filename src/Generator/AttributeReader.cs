using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using AttributeSyntax = Microsoft.CodeAnalysis.CSharp.Syntax.AttributeSyntax;
using TypeDeclarationSyntax = Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax;
using NetForge.Dsl;
using NetForge.Dsl.Diagnostics;
using NetForge.Dsl.Model;
using NetForge.Dsl.Parsing;
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

    private static readonly Dictionary<string, string> Losses = new()
    {
        ["SoftmaxCrossEntropy"] = "softmax_cross_entropy",
        ["Hinge"] = "hinge",
        ["MeanSquaredError"] = "mse",
    };

    public static NetworkResult Read(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var symbol = (INamedTypeSymbol)context.TargetSymbol;
        var declaration = (TypeDeclarationSyntax)context.TargetNode;
        var classLocation = Locate(declaration.Identifier.GetLocation());
        try
        {
            return Read(symbol, declaration, classLocation, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return NetworkResult.Failed(DiagnosticDescriptors.InternalError.At(classLocation, "class " + symbol.Name, e.GetType().Name, e.Message));
        }
    }

    private static NetworkResult Read(INamedTypeSymbol symbol, TypeDeclarationSyntax declaration, SourceLocation classLocation, CancellationToken cancellationToken)
    {

        var problem = ClassProblem(symbol);
        if (problem is not null)
            return NetworkResult.Failed(DiagnosticDescriptors.UnsupportedClass.At(classLocation, symbol.Name, problem));
        if (symbol.DeclaringSyntaxReferences.Any(r => r.GetSyntax(cancellationToken) is TypeDeclarationSyntax c && !c.Modifiers.Any(SyntaxKind.PartialKeyword)))
            return NetworkResult.Failed(DiagnosticDescriptors.NotPartial.At(classLocation, symbol.Name));

        var diagnostics = new List<Dsl.Diagnostics.Diagnostic>();
        var statements = new List<StatementSyntax>();
        var layerTrees = new HashSet<SyntaxNode>();
        StatementSyntax? input = null;
        StatementSyntax? weights = null;
        foreach (var attribute in symbol.GetAttributes())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (attribute.AttributeClass is not { } type || type.ContainingNamespace?.ToDisplayString() != "NetForge")
                continue;
            if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax syntax)
                continue;
            var location = Locate(syntax.GetLocation());
            if (attribute.ConstructorArguments.Any(c => c.Kind == TypedConstantKind.Array && c.IsNull))
            {
                diagnostics.Add(DiagnosticDescriptors.InvalidAttributeArgument.At(location, syntax.Name.ToString(), "an array argument is null; give its values"));
                continue;
            }
            if (HasUnreadableArgument(attribute))
            {
                // The compiler reports the argument itself; this says why the network is not generated.
                diagnostics.Add(DiagnosticDescriptors.InvalidAttributeArgument.At(location, syntax.Name.ToString(), "an argument is not a constant, so the network cannot be read"));
                continue;
            }
            if (type.Name == "NetworkAttribute")
            {
                input = new InputSyntax(ReadShape(attribute).ToEquatableArray(), location);
                foreach (var named in attribute.NamedArguments)
                {
                    if (named.Key == "Weights")
                        weights = new WeightsSyntax(named.Value.Value as string ?? "", ArgumentLocation(syntax, named.Key, location));
                }
            }
            else if (type.Name == "LossAttribute")
            {
                statements.Add(ReadLoss(attribute, syntax, location, diagnostics));
            }
            else if (OpName(type.Name) is { } opName)
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
            return new NetworkResult(null, diagnostics.ToEquatableArray(), null);

        // The [Network] attribute gives the input wherever it is written: it is the class's marker, not a line.
        if (weights is not null)
            statements.Insert(0, weights);
        if (input is not null)
            statements.Insert(0, input);
        var ns = symbol.ContainingNamespace.IsGlobalNamespace ? "" : symbol.ContainingNamespace.ToDisplayString();
        var network = new NetworkSyntax(symbol.Name, ns, statements.ToEquatableArray(), classLocation);
        var accessibility = symbol.DeclaredAccessibility == Accessibility.Public ? "public" : "internal";
        return NetworkCompilation.Compile(network, accessibility, declaration.SyntaxTree.FilePath + "#" + symbol.ToDisplayString());
    }

    /// <summary>
    /// NF3005 at the first layer or loss attribute of a class declaration when no declaration of the class has
    /// <c>[Network]</c>; null otherwise.
    /// </summary>
    public static Dsl.Diagnostics.Diagnostic? ReadOrphanLayers(GeneratorSyntaxContext context, CancellationToken cancellationToken)
    {
        try
        {
            return OrphanLayers(context, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var at = context.Node is TypeDeclarationSyntax type ? type.Identifier.GetLocation() : context.Node.GetLocation();
            return DiagnosticDescriptors.InternalError.At(Locate(at), "a class's layer attributes", e.GetType().Name, e.Message);
        }
    }

    private static Dsl.Diagnostics.Diagnostic? OrphanLayers(GeneratorSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.SemanticModel.GetDeclaredSymbol(context.Node, cancellationToken) is not INamedTypeSymbol symbol)
            return null;
        var attributes = symbol.GetAttributes();
        if (attributes.Any(a => a.AttributeClass?.ToDisplayString() == NetworkAttributeName))
            return null;
        var first = attributes.FirstOrDefault(a => IsLayerOrLoss(a.AttributeClass) && a.ApplicationSyntaxReference?.SyntaxTree == context.Node.SyntaxTree
            && context.Node.Span.Contains(a.ApplicationSyntaxReference.Span));
        return first?.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is { } syntax
            ? DiagnosticDescriptors.LayersWithoutNetwork.At(Locate(syntax.GetLocation()), symbol.Name)
            : null;
    }

    private static bool IsLayerOrLoss(INamedTypeSymbol? type)
    {
        if (type?.ToDisplayString() == "NetForge.LossAttribute")
            return true;
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (t.ToDisplayString() == "NetForge.LayerAttribute")
                return true;
        }
        return false;
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
        if (symbol.IsRecord)
            return "a record";
        if (symbol.TypeKind != TypeKind.Class)
            return "not a class";
        return null;
    }

    private static IEnumerable<long> ReadShape(AttributeData attribute) =>
        attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Kind == TypedConstantKind.Array
            ? attribute.ConstructorArguments[0].Values.Select(v => System.Convert.ToInt64(v.Value, CultureInfo.InvariantCulture))
            : attribute.ConstructorArguments.Select(v => System.Convert.ToInt64(v.Value, CultureInfo.InvariantCulture));

    private static StatementSyntax ReadLoss(AttributeData attribute, AttributeSyntax syntax, SourceLocation location, List<Dsl.Diagnostics.Diagnostic> diagnostics)
    {
        var name = attribute.ConstructorArguments.Length == 1 && EnumMemberName(attribute.ConstructorArguments[0]) is { } member
            && Losses.TryGetValue(member, out var loss) ? loss : null;
        if (name is null)
            diagnostics.Add(DiagnosticDescriptors.InvalidAttributeArgument.At(location, "Loss", "the loss kind must be a member of LossKind"));
        var arguments = new List<ArgumentSyntax>();
        foreach (var named in attribute.NamedArguments)
        {
            if (named.Key is "Margin" or "L2")
                arguments.Add(new ArgumentSyntax(named.Key.ToLowerInvariant(), ToValue(named.Value), ArgumentLocation(syntax, named.Key, location)));
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
            if (constant.Kind != TypedConstantKind.Array)
            {
                arguments.Add(new ArgumentSyntax(null, ToValue(constant), At(positional, i, location)));
                continue;
            }
            // A params array written out element by element has one argument syntax per element.
            var expanded = positional.Count - i == constant.Values.Length;
            for (var j = 0; j < constant.Values.Length; j++)
                arguments.Add(new ArgumentSyntax(null, ToValue(constant.Values[j]), At(positional, expanded ? i + j : i, location)));
        }

        string? label = null;
        string? activation = null;
        int? kernelHeight = null, kernelWidth = null;
        (string Name, SourceLocation Location)? init = null;
        ArgumentSyntax? initStd = null;
        foreach (var named in attribute.NamedArguments)
        {
            var argLocation = ArgumentLocation(syntax, named.Key, location);
            switch (named.Key)
            {
                case "Name":
                    label = named.Value.Value as string;
                    if (label is null || !ModelParser.IsName(label))
                        diagnostics.Add(DiagnosticDescriptors.InvalidAttributeArgument.At(argLocation, attributeName,
                            $"Name must be a label of the language, a letter or '_' followed by letters, digits or '_' and not namespace, network, input or loss; {(label is null ? "null" : "'" + Quote.Name(label) + "'")} is not"));
                    break;
                case "Activation":
                    // The Activation enum names each pointwise op as its attribute class does (LeakyReLU is leaky_relu).
                    var member = EnumMemberName(named.Value);
                    if (member is not null && ActivationOp(member) is { } op)
                        activation = op;
                    else if (member != "None")
                        diagnostics.Add(DiagnosticDescriptors.InvalidAttributeArgument.At(argLocation, attributeName, "Activation must be a member of the Activation enum"));
                    break;
                case "KernelHeight":
                    kernelHeight = named.Value.Value as int?;
                    break;
                case "KernelWidth":
                    kernelWidth = named.Value.Value as int?;
                    break;
                case "Init":
                    init = (EnumMemberName(named.Value) is { } initializer ? SnakeCase(initializer) : "?", argLocation);
                    break;
                case "InitStd":
                    initStd = new ArgumentSyntax("std", ToValue(named.Value), argLocation);
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

        // InitStd is the argument of Init's call, normal(std: ...); given to another initialiser, the checker says it
        // takes none.
        if (init is not null || initStd is not null)
        {
            var (name, at) = init ?? ("uniform_fan_in", initStd!.Location);
            var value = initStd is null ? ValueSyntax.Name(name) : ValueSyntax.Call(name, [initStd]);
            arguments.Add(new ArgumentSyntax("init", value, at));
        }

        var ops = new List<OpSyntax> { new(opName, arguments.ToEquatableArray(), location) };
        if (activation is not null)
            ops.Add(new OpSyntax(activation, EquatableArray<ArgumentSyntax>.Empty, location));
        return new ChainSyntax(label, ops.ToEquatableArray(), location);
    }

    /// <summary>The op an attribute class stands for: its name without "Attribute", compared with the op
    /// names without underscores and case, so that <c>LeakyReLUAttribute</c> is <c>leaky_relu</c>.</summary>
    private static string? OpName(string attributeClass)
    {
        const string suffix = "Attribute";
        return attributeClass.EndsWith(suffix, StringComparison.Ordinal)
            ? OpNamed(attributeClass.Substring(0, attributeClass.Length - suffix.Length))
            : null;
    }

    /// <summary>The pointwise op a member of the Activation enum names, or null.</summary>
    private static string? ActivationOp(string member) =>
        OpNamed(member) is { } op && OpTable.Ops[op].Has(OpTraits.Pointwise) ? op : null;

    private static string? OpNamed(string stem) =>
        OpTable.Ops.Keys.FirstOrDefault(op => string.Equals(op.Replace("_", ""), stem, StringComparison.OrdinalIgnoreCase));

    private static bool HasUnreadableArgument(AttributeData attribute) =>
        attribute.ConstructorArguments.Concat(attribute.NamedArguments.Select(n => n.Value))
            .Any(c => c.Kind == TypedConstantKind.Error || (c.Kind == TypedConstantKind.Array && !c.IsNull && c.Values.Any(v => v.Kind == TypedConstantKind.Error)));

    private static string? EnumMemberName(TypedConstant constant) =>
        constant.Type is INamedTypeSymbol { TypeKind: TypeKind.Enum } type
            ? type.GetMembers().OfType<IFieldSymbol>().FirstOrDefault(f => f.HasConstantValue && Equals(f.ConstantValue, constant.Value))?.Name
            : null;

    private static SourceLocation At(IReadOnlyList<Microsoft.CodeAnalysis.CSharp.Syntax.AttributeArgumentSyntax> positional, int index, SourceLocation fallback) =>
        index < positional.Count ? Locate(positional[index].GetLocation()) : fallback;

    /// <summary>An enum member as the language names it: <c>HeNormal</c> is <c>he_normal</c>.</summary>
    private static string SnakeCase(string member) =>
        string.Concat(member.Select((c, i) => char.IsUpper(c) ? (i == 0 ? "" : "_") + char.ToLowerInvariant(c) : c.ToString()));

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
