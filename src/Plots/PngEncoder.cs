using System.Buffers.Binary;
using System.IO.Compression;

namespace NetForge.Plots;

/// <summary>
/// Writes 8-bit RGB PNG files (ISO/IEC 15948): the signature, an IHDR chunk, one zlib-compressed IDAT chunk of
/// filtered rows, and IEND, each chunk with its CRC-32.
/// </summary>
internal static class PngEncoder
{
    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private static readonly uint[] CrcTable = BuildCrcTable();

    public static void Write(Stream stream, int width, int height, ReadOnlySpan<Rgb> pixels)
    {
        stream.Write(Signature);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bits per channel
        header[9] = 2; // colour type: RGB
        // header[10..12]: deflate compression, adaptive filtering, no interlacing, all 0.
        Chunk(stream, "IHDR"u8, header);
        Chunk(stream, "IDAT"u8, Compressed(width, height, pixels));
        Chunk(stream, "IEND"u8, []);
    }

    // Every row is filtered with "Sub" (each byte less the one of the pixel to its left): plots have long runs of one
    // colour, which Sub turns into zeros that deflate packs tightly.
    private static byte[] Compressed(int width, int height, ReadOnlySpan<Rgb> pixels)
    {
        using var buffer = new MemoryStream();
        using (var zlib = new ZLibStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            var row = new byte[1 + 3 * width];
            row[0] = 1;
            for (var y = 0; y < height; y++)
            {
                Rgb left = default;
                for (var x = 0; x < width; x++)
                {
                    var pixel = pixels[y * width + x];
                    row[1 + 3 * x] = (byte)(pixel.R - left.R);
                    row[2 + 3 * x] = (byte)(pixel.G - left.G);
                    row[3 + 3 * x] = (byte)(pixel.B - left.B);
                    left = pixel;
                }
                zlib.Write(row);
            }
        }
        return buffer.ToArray();
    }

    private static void Chunk(Stream stream, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        stream.Write(word);
        stream.Write(type);
        stream.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, ~Crc(Crc(uint.MaxValue, type), data));
        stream.Write(word);
    }

    private static uint Crc(uint crc, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}
