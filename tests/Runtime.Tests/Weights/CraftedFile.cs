using System.Buffers.Binary;
using System.Text;

namespace NetForge.Runtime.Tests.Weights;

/// <summary>Builds safetensors bytes by hand, so that a test can break exactly one rule of the format.</summary>
internal static class CraftedFile
{
    /// <summary>An 8-byte length (the header's own unless <paramref name="claimedLength"/> says otherwise), the header, the data.</summary>
    public static byte[] Bytes(string header, byte[] data, ulong? claimedLength = null) =>
        Bytes(Encoding.UTF8.GetBytes(header), data, claimedLength);

    public static byte[] Bytes(byte[] header, byte[] data, ulong? claimedLength = null)
    {
        var bytes = new byte[8 + header.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, claimedLength ?? (ulong)header.Length);
        header.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + header.Length);
        return bytes;
    }

    /// <summary>Little-endian F32 bytes of <paramref name="values"/>.</summary>
    public static byte[] Floats(params float[] values)
    {
        var bytes = new byte[4 * values.Length];
        for (var i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), values[i]);
        return bytes;
    }

    /// <summary>A valid file with a weight [2, 3] = 1..6 and a bias [2] = 7, 8, in that order.</summary>
    public const string ValidHeader =
        """{"dense.weight":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},"dense.bias":{"dtype":"F32","shape":[2],"data_offsets":[24,32]}}""";

    public static byte[] ValidData => Floats(1, 2, 3, 4, 5, 6, 7, 8);

    public static byte[] Valid => Bytes(ValidHeader, ValidData);
}
