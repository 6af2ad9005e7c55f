using System.Globalization;
using Microsoft.CodeAnalysis;
using NetForge.Generator.Tests.Fuzz;

namespace NetForge.Generator.Tests;

/// <summary>
/// Random and mutated models in both forms through the whole generator and the C# compiler: no exception, every
/// error an NF diagnostic placed inside the model's own text, and every accepted network's code compiles.
/// </summary>
/// <remarks>
/// CI runs <see cref="DefaultCases"/> model files through the generator and the compiler, ten times as many through
/// the front end alone, and a third as many attribute classes. A long campaign sets NETFORGE_FUZZ_CASES, e.g.
/// <c>NETFORGE_FUZZ_CASES=10000 dotnet test tests/Generator.Tests -c Release --filter FullyQualifiedName~FuzzTests</c>.
/// </remarks>
public class FuzzTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int DefaultCases = 1000;

    // Many models share one compilation, as many files of a project do, so that the compiler's start-up is paid once per batch.
    private const int Batch = 50;

    private static int Cases => int.TryParse(Environment.GetEnvironmentVariable("NETFORGE_FUZZ_CASES"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
        ? n
        : DefaultCases;

    [Fact]
    public void Random_and_mutated_model_files_never_throw_place_every_error_and_compile_when_they_check()
    {
        var fuzzer = new ModelFuzzer(seed: 11);
        var (generated, diagnostics) = (0, 0);
        for (var start = 0; start < Cases; start += Batch)
        {
            var files = Enumerable.Range(start, Math.Min(Batch, Cases - start))
                .Select(i => ($"models/fuzz{i}.net", fuzzer.ModelFile(i))).ToList();
            var (result, compiled) = GeneratorHarness.Run(files);

            AssertContained(result, files.ToDictionary(f => f.Item1, f => f.Item2), compiled);
            generated += result.Results.Single().GeneratedSources.Length;
            diagnostics += result.Diagnostics.Length;
        }
        output.WriteLine($"{Cases} model files: {generated} networks generated and compiled, {diagnostics} NF diagnostics, all placed");
        Assert.True(generated >= Cases / 4, $"only {generated} networks of {Cases} files checked; the fuzzer should mostly write valid ones");
    }

    /// <summary>The language's front end alone is cheap, so it sees ten times as many files.</summary>
    [Fact]
    public void Ten_times_as_many_model_files_never_throw_in_the_front_end_and_place_every_error()
    {
        var fuzzer = new ModelFuzzer(seed: 13);
        var (networks, diagnostics) = (0, 0);
        for (var i = 0; i < 10 * Cases; i++)
        {
            var text = fuzzer.ModelFile(i);
            var lines = text.Split('\n').Length;
            foreach (var result in NetworkCompilation.CompileFile("fuzz.net", text))
            {
                networks += result.Model is null ? 0 : 1;
                diagnostics += result.Diagnostics.Count;
                Assert.True(result.Model is not null || result.Diagnostics.Count > 0, text);
                foreach (var diagnostic in result.Diagnostics)
                {
                    Assert.True(diagnostic.Id != "NF9001" && diagnostic.Location.Path == "fuzz.net" && diagnostic.Location.Line >= 1 && diagnostic.Location.Line <= lines,
                        $"{diagnostic} in\n{text}");
                }
            }
        }
        output.WriteLine($"{10 * Cases} model files through the front end: {networks} networks checked, {diagnostics} NF diagnostics, all placed");
    }

    [Fact]
    public void Random_attribute_networks_never_throw_place_every_error_and_compile_when_they_check()
    {
        var fuzzer = new ModelFuzzer(seed: 12);
        var cases = Math.Max(Batch, Cases / 3);
        var generated = 0;
        for (var start = 0; start < cases; start += Batch)
        {
            var sources = Enumerable.Range(start, Math.Min(Batch, cases - start))
                .Select(i => ($"Net{i}.cs", fuzzer.AttributeClass(i))).ToArray();
            var (result, compiled) = GeneratorHarness.Run([], sources);

            AssertContained(result, sources.ToDictionary(s => s.Item1, s => s.Item2), compiled);
            generated += result.Results.Single().GeneratedSources.Length;
        }
        output.WriteLine($"{cases} attribute classes: {generated} networks generated and compiled");
        Assert.True(generated >= cases / 4, $"only {generated} of {cases} attribute networks checked");
    }

    private static void AssertContained(GeneratorDriverRunResult result, Dictionary<string, string> texts, Compilation output)
    {
        Assert.All(result.Results, r => Assert.Null(r.Exception));
        foreach (var diagnostic in result.Diagnostics)
        {
            var span = diagnostic.Location.GetLineSpan();
            var where = $"{diagnostic.Id} at {span.Path}({span.StartLinePosition.Line + 1}): {diagnostic.GetMessage()}";
            Assert.True(diagnostic.Id.StartsWith("NF", StringComparison.Ordinal) && diagnostic.Id != "NF9001", where);
            Assert.True(texts.TryGetValue(span.Path, out var text), "outside the models: " + where);
            Assert.True(span.StartLinePosition.Line < text.Split('\n').Length, "past the end of its file: " + where);
        }
        var generatedErrors = output.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error && !texts.ContainsKey(d.Location.GetLineSpan().Path))
            .Select(d => d.ToString()).ToList();
        Assert.True(generatedErrors.Count == 0, string.Join("\n", generatedErrors.Take(5)));
    }
}
