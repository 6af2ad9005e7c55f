using Microsoft.CodeAnalysis;
using TypeDeclarationSyntax = Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax;
using NetForge.Dsl;
using NetForge.Dsl.Diagnostics;

namespace NetForge.Generator;

/// <summary>
/// Generates a class for every network of the build: those of the project's <c>.net</c> files and those
/// declared with <c>[Network]</c> on a partial class. Both go through the same checker, planner and emitter.
/// Diagnostics are reported from each network's own result, so that one broken network never stops another.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class NetworkGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the pipeline's steps, for tests of incremental behaviour.</summary>
    public static class Steps
    {
        /// <summary>Networks parsed and checked from <c>.net</c> files.</summary>
        public const string ModelFiles = nameof(ModelFiles);

        /// <summary>Networks read and checked from attributes.</summary>
        public const string AttributeNetworks = nameof(AttributeNetworks);

        /// <summary>The project's root namespace.</summary>
        public const string RootNamespace = nameof(RootNamespace);

        /// <summary>Every checked network of the build, with the root namespace.</summary>
        public const string AllNetworks = nameof(AllNetworks);
    }

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var rootNamespace = context.AnalyzerConfigOptionsProvider
            .Select((options, _) => options.GlobalOptions.TryGetValue("build_property.RootNamespace", out var ns) ? ns : "")
            .WithTrackingName(Steps.RootNamespace);

        var fromFiles = context.AdditionalTextsProvider
            .Where(text => text.Path.EndsWith(".net", StringComparison.OrdinalIgnoreCase))
            .Select((text, cancellationToken) => NetworkCompilation.CompileFile(text.Path, text.GetText(cancellationToken)?.ToString() ?? ""))
            .WithTrackingName(Steps.ModelFiles);

        var fromAttributes = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                AttributeReader.NetworkAttributeName,
                static (node, _) => node is TypeDeclarationSyntax,
                AttributeReader.Read)
            .WithTrackingName(Steps.AttributeNetworks);

        context.RegisterSourceOutput(fromFiles, static (spc, results) =>
            DiagnosticReporter.Report(spc, results.SelectMany(r => r.Diagnostics)));
        context.RegisterSourceOutput(fromAttributes, static (spc, result) =>
            DiagnosticReporter.Report(spc, result.Diagnostics));

        var models = fromFiles
            .SelectMany((results, _) => results.Where(r => r.Model is not null).Select(r => r.Model!))
            .Collect()
            .Combine(fromAttributes.Where(r => r.Model is not null).Select((r, _) => r.Model!).Collect())
            .Combine(rootNamespace)
            .Select((input, _) => (Models: input.Left.Left.AddRange(input.Left.Right).ToEquatableArray(), RootNamespace: input.Right))
            .WithTrackingName(Steps.AllNetworks);

        context.RegisterSourceOutput(models, static (spc, input) => Emit(spc, input.Models, input.RootNamespace));
    }

    private static void Emit(SourceProductionContext context, EquatableArray<NetworkModel> models, string rootNamespace)
    {
        var emitted = new Dictionary<string, NetworkModel>(StringComparer.Ordinal);
        // Hint names are compared ignoring case, but Mlp and MLP are two classes.
        var hints = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var model in models)
        {
            var network = model.Plan.Network;
            var ns = network.Namespace ?? rootNamespace;
            var fullName = ns.Length == 0 ? network.Name : ns + "." + network.Name;
            if (emitted.TryGetValue(fullName, out var first))
            {
                DiagnosticReporter.Report(context, [DiagnosticDescriptors.DuplicateNetwork.At(network.Location, fullName, first.Plan.Network.Location)]);
                continue;
            }
            emitted[fullName] = model;
            var hint = fullName;
            for (var n = 2; !hints.Add(hint); n++)
                hint = fullName + "." + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.AddSource(hint + ".g.cs", CpuEmitter.Emit(model, rootNamespace));
        }
    }
}
