using NetForge.Dsl;
using NetForge.Dsl.Diagnostics;

namespace NetForge.Generator.Weights;

/// <summary>
/// Checks a network's weights file against the network: the file must be among the build's weights files, be a
/// valid safetensors file, and hold exactly the network's tensors with their shapes in a floating-point type. Every
/// problem is an error at the <c>weights</c> line; only a file that passes gets <c>Pretrained()</c>.
/// </summary>
internal static class WeightsCheck
{
    public static (EquatableArray<Diagnostic> Diagnostics, WeightsHeader? File) Check(WeightsRequest request, EquatableArray<WeightsHeader> files)
    {
        var written = Quote(request.Written);
        var file = files.FirstOrDefault(f => SamePath(f.Source, request.Resolved));
        if (file is null)
            return (EquatableArray.Create(DiagnosticDescriptors.WeightsFileNotFound.At(request.Location, written, request.Resolved)), null);
        if (file.Error is { } error)
            return (EquatableArray.Create(DiagnosticDescriptors.InvalidWeightsFile.At(request.Location, written, error)), null);

        var diagnostics = new List<Diagnostic>();
        var stored = file.Tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
        foreach (var tensor in request.Tensors)
        {
            if (!stored.TryGetValue(tensor.Name, out var found))
                diagnostics.Add(DiagnosticDescriptors.WeightsTensorMissing.At(request.Location, written, tensor.Name, tensor.ShapeText, request.Name));
            else if (!found.Shape.SequenceEqual(tensor.Shape.Select(e => (long)e)))
                diagnostics.Add(DiagnosticDescriptors.WeightsTensorMismatch.At(request.Location, tensor.Name, tensor.ShapeText, request.Name, found.ShapeText, written));
            else if (!SafetensorsDType.ConvertsToSingle(found.DType))
                diagnostics.Add(DiagnosticDescriptors.WeightsTensorMismatch.At(request.Location, tensor.Name, "float", request.Name, found.DType, written));
        }
        var expected = new HashSet<string>(request.Tensors.Select(t => t.Name), StringComparer.Ordinal);
        foreach (var extra in file.Tensors.Where(t => !expected.Contains(t.Name)))
            diagnostics.Add(DiagnosticDescriptors.WeightsTensorExtra.At(request.Location, written, extra.Name, extra.ShapeText, request.Name));
        return (diagnostics.ToEquatableArray(), diagnostics.Count == 0 ? file : null);
    }

    private static bool SamePath(string a, string b) =>
        string.Equals(Normalize(a), Normalize(b), Path.DirectorySeparatorChar == '\\' ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    public static string Normalize(string path)
    {
        try
        {
            return Path.GetFullPath(path).Replace('\\', '/');
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return path.Replace('\\', '/');
        }
    }

    private static string Quote(string path) => "'" + path + "'";
}
