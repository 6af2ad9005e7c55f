using System.Buffers.Binary;

namespace NetForge;

/// <summary>The element types a safetensors header may name, their sizes, and conversion of the floating ones.</summary>
internal static class SafetensorsDType
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

    /// <summary>Converts little-endian elements of a type for which <see cref="ConvertsToSingle"/> holds.</summary>
    public static void ToSingle(string dtype, ReadOnlySpan<byte> source, Span<float> destination)
    {
        switch (dtype)
        {
            case "F32":
                for (var i = 0; i < destination.Length; i++)
                    destination[i] = BinaryPrimitives.ReadSingleLittleEndian(source[(4 * i)..]);
                break;
            case "F16":
                for (var i = 0; i < destination.Length; i++)
                    destination[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(source[(2 * i)..]);
                break;
            case "BF16":
                // bfloat16 is the upper half of a float32, so widening is exact.
                for (var i = 0; i < destination.Length; i++)
                    destination[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(source[(2 * i)..]) << 16);
                break;
            case "F64":
                for (var i = 0; i < destination.Length; i++)
                    destination[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(source[(8 * i)..]);
                break;
            default:
                throw new ArgumentException("Not a floating-point dtype: " + dtype, nameof(dtype));
        }
    }
}
