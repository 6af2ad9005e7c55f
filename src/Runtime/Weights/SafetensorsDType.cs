using System.Buffers.Binary;

namespace NetForge;

/// <summary>The conversion of safetensors' floating-point element types to <see cref="float"/>.</summary>
internal static partial class SafetensorsDType
{
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
