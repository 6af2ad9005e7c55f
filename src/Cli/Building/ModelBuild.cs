using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NetForge.Dsl;
using NetForge.Dsl.Binding;
using NetForge.Dsl.Model;
using NetForge.Generator;

namespace NetForge.Cli.Building;

/// <summary>
/// What NetForge's generator makes of a set of <c>.net</c> files, run as the compiler runs it in a build of a project
/// holding only those files: the diagnostics the build would report and, on request, the network classes compiled in
/// memory from the generated code, so that the command trains and predicts with the very code a build produces.
/// </summary>
internal sealed class ModelBuild
{
    private static readonly CSharpParseOptions ParseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Preview);

    // Optimised, as a Release build is: the generated kernels are what training spends its time in.
    private static readonly CSharpCompilationOptions CompilationOptions = new(
        OutputKind.DynamicallyLinkedLibrary,
        nullableContextOptions: NullableContextOptions.Enable,
        optimizationLevel: OptimizationLevel.Release,
        allowUnsafe: true,
        deterministic: true);

    private static int _builds;

    private readonly Compilation _compilation;

    private readonly IReadOnlyList<WeightsHeaders.Named> _weights;

    private readonly Dictionary<string, IReadOnlyList<BindResult>> _bound;

    private ModelBuild(ImmutableArray<Diagnostic> diagnostics, Compilation compilation, IReadOnlyList<WeightsHeaders.Named> weights,
        Dictionary<string, IReadOnlyList<BindResult>> bound)
    {
        Diagnostics = diagnostics;
        _compilation = compilation;
        _weights = weights;
        _bound = bound;
    }

    /// <summary>What the generator reported, file by file in the order given, each in position order.</summary>
    public ImmutableArray<Diagnostic> Diagnostics { get; }

    /// <summary>Whether any diagnostic is an error, which fails a build.</summary>
    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);

    /// <summary>The checked networks of one of the build's files, in the order written.</summary>
    public IReadOnlyList<Network> NetworksOf(ModelSource source) =>
        _bound[source.Path].Where(r => r.Network is not null).Select(r => r.Network!).ToList();

    /// <summary>Runs the generator over the files.</summary>
    public static ModelBuild Generate(IReadOnlyList<ModelSource> files)
    {
        // Each build loads as an assembly of its own name: the default context holds one assembly per name.
        var name = "NetForge.Cli.Networks" + Interlocked.Increment(ref _builds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var empty = CSharpCompilation.Create(name, [], References.Value, CompilationOptions);
        // A network's weights file is part of the build as the build makes it so: its header for the generator to check,
        // its bytes embedded for Pretrained().
        // The language's own model of each file, which the command reads; the generator makes its own.
        var bound = files.DistinctBy(f => f.Path).ToDictionary(f => f.Path, f => ModelCompiler.CompileFile(f.Path, f.Text), StringComparer.Ordinal);
        var weights = files.SelectMany(f => WeightsHeaders.Of(f, bound[f.Path])).DistinctBy(w => w.Path).ToList();
        var additional = files.Concat(weights.Where(w => File.Exists(w.Path)).Select(WeightsHeaders.Header)).Select(f => f.AsAdditionalText());
        var driver = CSharpGeneratorDriver.Create([new NetworkGenerator().AsSourceGenerator()], additional, ParseOptions)
            .RunGeneratorsAndUpdateCompilation(empty, out var compilation, out _);
        var result = driver.GetRunResult();
        // The generator turns its own failures into NF9001 diagnostics; a driver exception would be a failure to load it.
        if (result.Results.Single().Exception is { } exception)
            throw new CliException($"the NetForge generator failed: {exception.GetType().Name}: {exception.Message}");
        var order = files.Select((f, i) => (f.Path, i)).DistinctBy(f => f.Path).ToDictionary(f => f.Path, f => f.i, StringComparer.Ordinal);
        var ordered = result.Diagnostics
            .OrderBy(d => order.GetValueOrDefault(d.Location.GetLineSpan().Path, order.Count))
            .ThenBy(d => d.Location.SourceSpan.Start)
            .ToImmutableArray();
        return new ModelBuild(ordered, compilation, weights, bound);
    }

    /// <summary>Compiles the generated code and loads it; call only when <see cref="HasErrors"/> is false.</summary>
    /// <returns>The network classes, in the order of their full names.</returns>
    public IReadOnlyList<Type> Load()
    {
        using var image = new MemoryStream();
        var resources = _weights.Where(w => File.Exists(w.Path))
            .Select(w => new ResourceDescription(w.Resource, () => File.OpenRead(w.Path), isPublic: true));
        var emitted = _compilation.Emit(image, manifestResources: resources);
        if (!emitted.Success)
        {
            var first = emitted.Diagnostics.First(d => d.Severity == DiagnosticSeverity.Error);
            throw new CliException($"the generated code does not compile, which is a NetForge bug: {first}");
        }
        image.Position = 0;
        // The default context, so that the classes implement this process's INetwork rather than a copy of it.
        return AssemblyLoadContext.Default.LoadFromStream(image).GetExportedTypes()
            .Where(type => type.IsClass && !type.IsNested && typeof(INetwork).IsAssignableFrom(type))
            .OrderBy(type => type.FullName, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Creates a network of a loaded class, its parameters drawn from <paramref name="seed"/> as the class's
    /// constructor draws them.</summary>
    public static INetwork Create(Type type, int seed)
    {
        try
        {
            return (INetwork)Activator.CreateInstance(type, seed)!;
        }
        catch (TargetInvocationException e) when (e.InnerException is { } inner)
        {
            throw new CliException($"network {type.Name} cannot be created: {inner.Message}");
        }
    }

    // What generated code uses: the platform and the runtime. This process's own assemblies (the compiler, the
    // generator) are left out, as a project that references only NetForge would not see them; so is the GPU runtime,
    // which would make the generator emit GPU parts.
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    [
        .. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => Path.GetDirectoryName(path) == Path.GetDirectoryName(typeof(object).Assembly.Location))
            .Append(typeof(INetwork).Assembly.Location)
            .Distinct(StringComparer.Ordinal)
            .Select(path => MetadataReference.CreateFromFile(path)),
    ]);
}
