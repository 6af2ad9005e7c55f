using NetForge.Dsl;

namespace NetForge.Generator.Weights;

/// <summary>A tensor the network holds, as its weights file must hold it.</summary>
/// <param name="Name">The tensor's name, e.g. <c>conv1.weight</c>.</param>
/// <param name="Shape">Its extents.</param>
internal sealed record ExpectedTensor(string Name, EquatableArray<int> Shape)
{
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}

/// <summary>
/// What checking a network's weights file and emitting its <c>Pretrained()</c> need: the class, the file as written
/// and as resolved, where it was named, and the tensors the file must hold.
/// </summary>
/// <param name="Name">The network's name.</param>
/// <param name="Namespace">Its namespace, or null for the project's root namespace.</param>
/// <param name="Key">The network's key, as its model has it.</param>
/// <param name="Accessibility">The class's accessibility, <c>public</c> or <c>internal</c>.</param>
/// <param name="Written">The path as written.</param>
/// <param name="Resolved">The full path, resolved against the directory of the file that names it.</param>
/// <param name="Location">Where the <c>weights</c> line or argument was written.</param>
/// <param name="Tensors">The parameters, then the state, in the network's order.</param>
internal sealed record WeightsRequest(
    string Name, string? Namespace, string Key, string Accessibility, string Written, string Resolved, SourceLocation Location, EquatableArray<ExpectedTensor> Tensors);
