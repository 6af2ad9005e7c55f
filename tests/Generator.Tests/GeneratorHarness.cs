using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace NetForge.Generator.Tests;

/// <summary>Runs the generator the way the compiler does, on in-memory C# sources and .net files.</summary>
internal static class GeneratorHarness
{
    // The test process has the GPU runtime and ILGPU on its path; a consumer's compilation gets them only when asked for.
    private static readonly string[] GpuAssemblies = [typeof(global::NetForge.Gpu.GpuDevice).Assembly.Location, typeof(ILGPU.Context).Assembly.Location];

    private static readonly ImmutableArray<MetadataReference> References =
    [
        .. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => !Path.GetFileName(path).StartsWith("ILGPU", StringComparison.Ordinal) && !GpuAssemblies.Contains(path))
            .Select(path => MetadataReference.CreateFromFile(path)),
        MetadataReference.CreateFromFile(typeof(INetwork).Assembly.Location),
    ];

    private static readonly ImmutableArray<MetadataReference> GpuReferences =
        [.. References, .. GpuAssemblies.Select(path => MetadataReference.CreateFromFile(path))];

    public static CSharpCompilation Compilation(params (string Path, string Text)[] sources) => Compilation(References, sources);

    /// <summary>A compilation that references the GPU runtime, as a project that wants GPU kernels does.</summary>
    public static CSharpCompilation WithGpuRuntime(params (string Path, string Text)[] sources) => Compilation(GpuReferences, sources);

    private static CSharpCompilation Compilation(ImmutableArray<MetadataReference> references, (string Path, string Text)[] sources) =>
        CSharpCompilation.Create(
            "Consumer",
            sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Preview), s.Path)),
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));

    public static AdditionalText ModelFile(string path, string text) => new InMemoryText(path, text);

    public static GeneratorDriver Driver(IEnumerable<(string Path, string Text)> modelFiles, string rootNamespace = "Consumer") =>
        Driver(modelFiles.Select(f => ModelFile(f.Path, f.Text)), rootNamespace);

    public static GeneratorDriver Driver(IEnumerable<AdditionalText> modelFiles, string rootNamespace = "Consumer") =>
        CSharpGeneratorDriver.Create(
            [new NetworkGenerator().AsSourceGenerator()],
            modelFiles,
            CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Preview),
            new Options(rootNamespace),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator once and returns its result and the compilation with the generated code.</summary>
    public static (GeneratorDriverRunResult Result, Compilation Output) Run(
        IEnumerable<(string Path, string Text)> modelFiles, params (string Path, string Text)[] sources) =>
        Run(Compilation(sources), modelFiles);

    /// <summary>Runs the generator once on <paramref name="compilation"/> with the given model files.</summary>
    public static (GeneratorDriverRunResult Result, Compilation Output) Run(Compilation compilation, IEnumerable<(string Path, string Text)> modelFiles)
    {
        var driver = Driver(modelFiles).RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return (driver.GetRunResult(), output);
    }

    /// <summary>The generated files of the network classes, without their float64 twins' files.</summary>
    public static ImmutableArray<GeneratedSourceResult> Classes(GeneratorRunResult result) =>
        result.GeneratedSources.Where(s => !s.HintName.EndsWith(".Float64.g.cs", StringComparison.Ordinal)).ToImmutableArray();

    /// <summary>The generated files of the network classes, without their float64 twins' files.</summary>
    public static ImmutableArray<GeneratedSourceResult> Classes(GeneratorDriverRunResult result) => Classes(result.Results.Single());

    /// <summary>The generated file with the given hint name.</summary>
    public static string Generated(GeneratorDriverRunResult result, string hintName) =>
        result.Results.Single().GeneratedSources.Single(s => s.HintName == hintName).SourceText.ToString();

    /// <summary>Errors of the compilation with the generated code, as text, for assertions that read well on failure.</summary>
    public static string[] Errors(Compilation compilation) =>
        compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => $"{Path.GetFileName(d.Location.GetLineSpan().Path)}({d.Location.GetLineSpan().StartLinePosition.Line + 1}): {d.Id} {d.GetMessage()}")
            .ToArray();

    private sealed class InMemoryText(string path, string text) : AdditionalText
    {
        public override string Path => path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }

    private sealed class Options(string rootNamespace) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Values(rootNamespace);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Values.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Values.Empty;

        private sealed class Values(string? rootNamespace) : AnalyzerConfigOptions
        {
            public static readonly Values Empty = new(null);

            public override bool TryGetValue(string key, out string value)
            {
                value = rootNamespace ?? "";
                return key == "build_property.RootNamespace" && rootNamespace is not null;
            }
        }
    }
}
