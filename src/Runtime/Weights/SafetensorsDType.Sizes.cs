namespace NetForge;

/// <summary>
/// The element types a safetensors header may name and their sizes. The generator compiles this file too, so that
/// the build checks a weights file by the same table as the runtime's reader; it must stay netstandard2.0 C#.
/// </summary>
internal static partial class SafetensorsDType
{
    /// <summary>The bits per element of <paramref name="dtype"/>; false for a name the format does not define.</summary>
    public static bool TryGetBits(string dtype, out int bits)
    {
        bits = dtype switch
        {
            "BOOL" or "U8" or "I8" or "F8_E5M2" or "F8_E4M3" or "F8_E8M0" => 8,
            "I16" or "U16" or "F16" or "BF16" => 16,
            "I32" or "U32" or "F32" => 32,
            "I64" or "U64" or "F64" or "C64" => 64,
            "F4" => 4,
            "F6_E2M3" or "F6_E3M2" => 6,
            _ => 0,
        };
        return bits != 0;
    }

    /// <summary>Whether tensors of <paramref name="dtype"/> can become <see cref="float"/> values.</summary>
    public static bool ConvertsToSingle(string dtype) => dtype is "F32" or "F16" or "BF16" or "F64";
}
