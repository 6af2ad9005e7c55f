using System.Collections.Immutable;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using NetForge.Generator;

namespace NetForge.Onnx.Tests;

/// <summary>
/// The networks of one model file, generated and compiled in memory as a project holding only that file would build
/// them, and loaded into a context of their own, which unloads when this is disposed.
/// </summary>
internal sealed class GeneratedNetworks : IDisposable
{
    private static readonly CSharpParseOptions ParseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Preview);

    private static readonly CSharpCompilationOptions CompilationOptions =
        new(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);

    // The platform and the runtime are all that generated code uses; the test host may list the runtime among the
    // platform's assemblies already.
    private static readonly ImmutableArray<MetadataReference> References =
    [
        .. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Append(typeof(INetwork).Assembly.Location)
            .Distinct(StringComparer.Ordinal)
            .Select(path => MetadataReference.CreateFromFile(path)),
    ];

    private readonly AssemblyLoadContext? _context;

    private GeneratedNetworks(ImmutableArray<Diagnostic> diagnostics, AssemblyLoadContext? context, IReadOnlyList<Type> types)
    {
        Diagnostics = diagnostics;
        _context = context;
        Types = types;
    }

    /// <summary>What the generator reported: the errors of the networks that were not generated.</summary>
    public ImmutableArray<Diagnostic> Diagnostics { get; }

    /// <summary>The generated network classes, by full name.</summary>
    public IReadOnlyList<Type> Types { get; }

    /// <summary>Runs the generator on the file and compiles what it generates; a generator exception or a compiler
    /// error fails the test.</summary>
    public static GeneratedNetworks Build(string path, string text)
    {
        var empty = CSharpCompilation.Create(Path.GetFileNameWithoutExtension(path), [], References, CompilationOptions);
        var driver = CSharpGeneratorDriver.Create([new NetworkGenerator().AsSourceGenerator()], [new ModelFile(path, text)], ParseOptions)
            .RunGeneratorsAndUpdateCompilation(empty, out var compilation, out _);
        var result = driver.GetRunResult();
        Assert.Null(result.Results.Single().Exception);
        if (result.GeneratedTrees.IsEmpty)
            return new(result.Diagnostics, null, []);

        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)) + "\n" + text);
        image.Position = 0;
        var context = new AssemblyLoadContext(path, isCollectible: true);
        var types = context.LoadFromStream(image).GetExportedTypes()
            .Where(type => type.IsClass && !type.IsNested && typeof(INetwork).IsAssignableFrom(type))
            .OrderBy(type => type.FullName, StringComparer.Ordinal)
            .ToList();
        return new(result.Diagnostics, context, types);
    }

    /// <summary>An instance of one of <see cref="Types"/>, its parameters drawn from the seed.</summary>
    public static INetwork Create(Type type, int seed) => (INetwork)Activator.CreateInstance(type, seed)!;

    public void Dispose() => _context?.Unload();

    private sealed class ModelFile(string path, string text) : AdditionalText
    {
        public override string Path => path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }
}
