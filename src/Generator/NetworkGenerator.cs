using Microsoft.CodeAnalysis;
using TypeDeclarationSyntax = Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax;
using NetForge.Dsl;
using NetForge.Dsl.Diagnostics;
using NetForge.Generator.Weights;
using Diagnostic = NetForge.Dsl.Diagnostics.Diagnostic;

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

        /// <summary>The full name and key of every checked network of the build.</summary>
        public const string AllNetworks = nameof(AllNetworks);

        /// <summary>What the emission of each <c>.net</c> file's network reads: its model, the names, the root namespace.</summary>
        public const string FileNetworkEmission = nameof(FileNetworkEmission);

        /// <summary>What the emission of each attribute-form network reads.</summary>
        public const string AttributeNetworkEmission = nameof(AttributeNetworkEmission);

        /// <summary>The headers of the build's weights files.</summary>
        public const string WeightsFiles = nameof(WeightsFiles);

        /// <summary>Whether the project references the GPU runtime, and so gets its networks' GPU parts.</summary>
        public const string GpuRuntime = nameof(GpuRuntime);
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

        var orphanLayers = context.SyntaxProvider
            .CreateSyntaxProvider(static (node, _) => node is TypeDeclarationSyntax { AttributeLists.Count: > 0 }, AttributeReader.ReadOrphanLayers)
            .Where(static diagnostic => diagnostic is not null);
        context.RegisterSourceOutput(orphanLayers, static (spc, diagnostic) => DiagnosticReporter.Report(spc, [diagnostic!]));

        context.RegisterSourceOutput(fromFiles, static (spc, results) =>
            DiagnosticReporter.Report(spc, results.SelectMany(r => r.Diagnostics)));
        context.RegisterSourceOutput(fromAttributes, static (spc, result) =>
            DiagnosticReporter.Report(spc, result.Diagnostics));

        var fileModels = fromFiles.SelectMany((results, _) => results.Where(r => r.Model is not null).Select(r => r.Model!));
        var attributeModels = fromAttributes.Where(r => r.Model is not null).Select((r, _) => r.Model!);

        // Two networks of one full name are reported at the second; this needs their positions, so it runs in the
        // diagnostics pipeline and re-runs whenever a network moves.
        var places = fromFiles.SelectMany((results, _) => results.Where(r => r.Place is not null).Select(r => r.Place!)).Collect()
            .Combine(fromAttributes.Where(r => r.Place is not null).Select((r, _) => r.Place!).Collect())
            .Combine(rootNamespace);
        context.RegisterSourceOutput(places, static (spc, input) =>
            DiagnosticReporter.Report(spc, Duplicates(input.Left.Left.AddRange(input.Left.Right), input.Right)));

        // Each network is emitted on its own, so editing one regenerates only its class. What they need to know
        // of each other, for duplicate names and hint names, is this small list, which changes only with a name.
        var names = fileModels.Collect()
            .Combine(attributeModels.Collect())
            .Combine(rootNamespace)
            .Select((input, _) => input.Left.Left.AddRange(input.Left.Right)
                .Select(model => new NetworkIdentity(FullName(model, input.Right), model.Key))
                .ToEquatableArray())
            .WithTrackingName(Steps.AllNetworks);

        // Only a project that references the GPU runtime gets GPU code: an app without it carries no ILGPU, which
        // NativeAOT and trimming do not survive. What flows on is one bool, so other changes to the references cost nothing.
        var gpu = context.CompilationProvider
            .Select(static (compilation, _) => compilation.ReferencedAssemblyNames.Any(a => a.Name == GpuRuntimeAssembly))
            .WithTrackingName(Steps.GpuRuntime);

        context.RegisterSourceOutput(fileModels.Combine(names).Combine(rootNamespace).Combine(gpu).WithTrackingName(Steps.FileNetworkEmission),
            static (spc, input) => Emit(spc, input.Left.Left.Left, input.Left.Left.Right, input.Left.Right, input.Right));
        context.RegisterSourceOutput(attributeModels.Combine(names).Combine(rootNamespace).Combine(gpu).WithTrackingName(Steps.AttributeNetworkEmission),
            static (spc, input) => Emit(spc, input.Left.Left.Left, input.Left.Left.Right, input.Left.Right, input.Right));

        // A network that names a weights file is checked against the file's header, which the build writes as an
        // additional file (the weights themselves are binary, and embedded by the build, not read here).
        var weightsFiles = context.AdditionalTextsProvider
            .Where(text => text.Path.EndsWith(WeightsHeaderReader.Extension, StringComparison.OrdinalIgnoreCase))
            .Select((text, cancellationToken) => WeightsHeaderReader.Read(text.GetText(cancellationToken)?.ToString() ?? "", text.Path))
            .Collect()
            .Select((files, _) => files.ToEquatableArray())
            .WithTrackingName(Steps.WeightsFiles);
        var fileWeights = fromFiles.SelectMany((results, _) => results.Where(r => r.Weights is not null).Select(r => r.Weights!));
        var attributeWeights = fromAttributes.Where(r => r.Weights is not null).Select((r, _) => r.Weights!);
        context.RegisterSourceOutput(fileWeights.Combine(weightsFiles).Combine(names).Combine(rootNamespace),
            static (spc, input) => EmitPretrained(spc, input.Left.Left.Left, input.Left.Left.Right, input.Left.Right, input.Right));
        context.RegisterSourceOutput(attributeWeights.Combine(weightsFiles).Combine(names).Combine(rootNamespace),
            static (spc, input) => EmitPretrained(spc, input.Left.Left.Left, input.Left.Left.Right, input.Left.Right, input.Right));
    }

    /// <summary>The GPU runtime's assembly, whose reference turns on the GPU parts.</summary>
    public const string GpuRuntimeAssembly = "NetForge.Runtime.Gpu";

    private static string FullName(NetworkModel model, string rootNamespace) => FullNames.Of(model.Name, model.Namespace, rootNamespace);

    private static IEnumerable<Diagnostic> Duplicates(IEnumerable<NetworkPlace> places, string rootNamespace)
    {
        var first = new Dictionary<string, SourceLocation>();
        foreach (var place in places)
        {
            var fullName = place.FullName(rootNamespace);
            if (first.TryGetValue(fullName, out var earlier))
                yield return DiagnosticDescriptors.DuplicateNetwork.At(place.Location, fullName, earlier);
            else
                first[fullName] = place.Location;
        }
    }

    private static void Emit(SourceProductionContext context, NetworkModel model, EquatableArray<NetworkIdentity> names, string rootNamespace, bool gpu)
    {
        if (HintName(FullName(model, rootNamespace), model.Key, names) is not { } hint)
            return;
        context.AddSource(hint + ".g.cs", GeneratedFile.Compose(model.Class, model.Name, model.Namespace ?? rootNamespace));
        if (model.Twin is { } twin)
            context.AddSource(hint + ".Float64.g.cs", GeneratedFile.Compose(twin, model.Name, model.Namespace ?? rootNamespace, Cpu.Float64Emitter.KernelNamespace));
        if (gpu && model.Gpu is { } gpuPart)
            context.AddSource(hint + ".Gpu.g.cs", GeneratedFile.Compose(gpuPart, model.Name, model.Namespace ?? rootNamespace, Gpu.GpuEmitter.Usings));
    }

    private static void EmitPretrained(
        SourceProductionContext context, WeightsRequest request, EquatableArray<WeightsHeader> files, EquatableArray<NetworkIdentity> names, string rootNamespace)
    {
        EquatableArray<Diagnostic> diagnostics;
        string? text = null;
        try
        {
            var (problems, file) = WeightsCheck.Check(request, files);
            diagnostics = problems;
            if (file is not null)
                text = PretrainedEmitter.Emit(request, file);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            diagnostics = EquatableArray.Create(DiagnosticDescriptors.InternalError.At(request.Location, "the weights of network " + request.Name, e.GetType().Name, e.Message));
        }
        DiagnosticReporter.Report(context, diagnostics);
        var fullName = FullNames.Of(request.Name, request.Namespace, rootNamespace);
        if (text is not null && HintName(fullName, request.Key, names) is { } hint)
            context.AddSource(hint + ".Pretrained.g.cs", GeneratedFile.Compose(text, request.Name, request.Namespace ?? rootNamespace));
    }

    /// <summary>The name of a network's generated file, or null for the second network of a full name, which is not generated.</summary>
    private static string? HintName(string fullName, string key, EquatableArray<NetworkIdentity> names)
    {
        var earlier = names.TakeWhile(n => n.FullName != fullName || n.Key != key).ToList();
        // The diagnostics pipeline reports the duplicate; the first network of the name is the one generated.
        if (earlier.Any(n => n.FullName == fullName))
            return null;
        // Hint names are compared ignoring case, but Mlp and MLP are two classes.
        var clashes = earlier.Select(n => n.FullName).Distinct().Count(n => string.Equals(n, fullName, StringComparison.OrdinalIgnoreCase));
        return clashes == 0 ? fullName : fullName + "." + (clashes + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
