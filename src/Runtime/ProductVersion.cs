using System.Reflection;

namespace NetForge;

/// <summary>NetForge's version as files it writes record it (safetensors metadata, ONNX's producer version).</summary>
internal static class ProductVersion
{
    /// <summary>The package version, without the source revision the build appends after a '+'.</summary>
    public static string Text { get; } =
        typeof(ProductVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "unknown";
}
