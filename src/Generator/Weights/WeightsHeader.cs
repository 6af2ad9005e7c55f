using NetForge.Dsl;

namespace NetForge.Generator.Weights;

/// <summary>A tensor as a weights file's header describes it.</summary>
internal sealed record StoredTensor(string Name, string DType, EquatableArray<long> Shape)
{
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}

/// <summary>
/// One weights file of the build, as the build's header step wrote it for the generator: the file's full path, the
/// name of the resource it is embedded as, and either its tensors or why it cannot be read.
/// </summary>
/// <param name="Source">The weights file's full path.</param>
/// <param name="Resource">The manifest resource name the build embeds the file under.</param>
/// <param name="Tensors">The tensors, in the order of their bytes; empty when <paramref name="Error"/> is set.</param>
/// <param name="Error">Why the file is not a valid safetensors file, or null.</param>
internal sealed record WeightsHeader(string Source, string Resource, EquatableArray<StoredTensor> Tensors, string? Error);
