using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace NetForge;

/// <summary>
/// A file in the safetensors format of PyTorch and Hugging Face: an 8-byte little-endian header length, a JSON
/// header naming each tensor's dtype, shape and byte range, then the tensors' bytes. Reading checks everything the
/// format's reference implementation checks, and fails with an <see cref="InvalidDataException"/> that names the
/// file and, where one is involved, the tensor.
/// </summary>
public sealed class SafetensorsFile
{
    private readonly SafetensorsTensor[] _tensors;
    private readonly Dictionary<string, SafetensorsTensor> _byName;

    private SafetensorsFile(string source, SafetensorsTensor[] tensors, Dictionary<string, string> metadata)
    {
        Source = source;
        _tensors = tensors;
        _byName = tensors.ToDictionary(tensor => tensor.Name, StringComparer.Ordinal);
        Metadata = metadata;
    }

    /// <summary>The path or name the file was read from, as error messages give it.</summary>
    public string Source { get; }

    /// <summary>The string pairs of the header's <c>__metadata__</c>; empty when it has none.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The tensors in the order of their bytes in the file.</summary>
    public IReadOnlyList<SafetensorsTensor> Tensors => _tensors;

    /// <summary>Finds the tensor called <paramref name="name"/>.</summary>
    public bool TryGetTensor(string name, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out SafetensorsTensor tensor) =>
        _byName.TryGetValue(name, out tensor);

    /// <summary>Reads and checks the file at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file breaks a rule of the format; the message names the file.</exception>
    public static SafetensorsFile Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Read(stream, path);
    }

    /// <summary>Reads and checks a file from <paramref name="stream"/>, up to the stream's end.</summary>
    /// <param name="stream">The stream, positioned at the file's first byte.</param>
    /// <param name="source">What error messages call the file.</param>
    /// <exception cref="InvalidDataException">The content breaks a rule of the format; the message starts with <paramref name="source"/>.</exception>
    public static SafetensorsFile Read(Stream stream, string source = "stream")
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);
        Span<byte> prefix = stackalloc byte[8];
        var got = ReadUpTo(stream, prefix);
        if (got < prefix.Length)
            throw SafetensorsHeader.Invalid(source, $"the file ends after {got} bytes, inside the 8-byte header length.");
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > SafetensorsHeader.MaxLength)
            throw SafetensorsHeader.Invalid(source, $"the header length {headerLength} is over the limit of {SafetensorsHeader.MaxLength} bytes.");
        var remaining = stream.CanSeek ? stream.Length - stream.Position : -1;
        if (remaining >= 0 && (long)headerLength > remaining)
            throw SafetensorsHeader.Invalid(source, $"the header length {headerLength} runs past the end of the file, {remaining} bytes later.");

        var header = new byte[headerLength];
        got = ReadUpTo(stream, header);
        if (got < header.Length)
            throw SafetensorsHeader.Invalid(source, $"the header length {headerLength} runs past the end of the file, {got} bytes later.");
        var (tensors, metadata, dataLength) = SafetensorsHeader.Parse(header, source);

        if (remaining >= 0 && remaining - (long)headerLength != dataLength)
            throw SafetensorsHeader.Invalid(source, $"the tensors take {dataLength} bytes, but {remaining - (long)headerLength} follow the header.");
        if (dataLength > Array.MaxLength)
            throw SafetensorsHeader.Invalid(source, $"the tensors take {dataLength} bytes, more than one array holds.");
        var data = new byte[dataLength];
        got = ReadUpTo(stream, data);
        if (got < data.Length)
            throw SafetensorsHeader.Invalid(source, $"the tensors take {dataLength} bytes, but the file ends {got} bytes after the header.");
        if (remaining < 0 && stream.ReadByte() >= 0)
            throw SafetensorsHeader.Invalid(source, $"more bytes follow the {dataLength} that the tensors take.");

        foreach (var tensor in tensors)
            tensor.Bytes = data.AsMemory((int)tensor.Begin, (int)(tensor.End - tensor.Begin));
        return new SafetensorsFile(source, tensors, metadata);
    }

    /// <summary>
    /// Writes <paramref name="tensors"/> as F32 to <paramref name="path"/> atomically: into a temporary file in the
    /// same directory, renamed over the target only once complete, so that a crash never leaves a half-written file.
    /// </summary>
    /// <param name="path">The file to write.</param>
    /// <param name="tensors">The tensors, in the order their bytes are stored; their names must differ.</param>
    /// <param name="metadata">The header's <c>__metadata__</c>, or null for none.</param>
    public static void Write(string path, IEnumerable<Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var list = tensors.ToArray();
        var header = Header(list, metadata);
        AtomicFile.Write(path, stream => WriteContent(stream, header, list));
    }

    /// <summary>Writes <paramref name="tensors"/> as F32 to <paramref name="stream"/>.</summary>
    /// <param name="stream">Where the file's bytes go.</param>
    /// <param name="tensors">The tensors, in the order their bytes are stored; their names must differ.</param>
    /// <param name="metadata">The header's <c>__metadata__</c>, or null for none.</param>
    public static void Write(Stream stream, IEnumerable<Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(tensors);
        var list = tensors.ToArray();
        WriteContent(stream, Header(list, metadata), list);
    }

    private static byte[] Header(Tensor[] tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        var names = new HashSet<string>(StringComparer.Ordinal) { "__metadata__" };
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject("__metadata__");
                foreach (var (key, value) in metadata)
                    json.WriteString(key, value);
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var tensor in tensors)
            {
                ArgumentNullException.ThrowIfNull(tensor, nameof(tensors));
                if (!names.Add(tensor.Name))
                    throw new ArgumentException($"Two tensors are called '{tensor.Name}'; a safetensors file names each once.", nameof(tensors));
                json.WriteStartObject(tensor.Name);
                json.WriteString("dtype", "F32");
                json.WriteStartArray("shape");
                foreach (var extent in tensor.Shape)
                    json.WriteNumberValue(extent);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                offset += 4L * tensor.Length;
                json.WriteNumberValue(offset);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        // As the reference writer does, pad with spaces so that the data starts 8-byte aligned.
        var padding = (int)((8 - buffer.Length % 8) % 8);
        for (var i = 0; i < padding; i++)
            buffer.WriteByte((byte)' ');
        return buffer.ToArray();
    }

    private static void WriteContent(Stream stream, byte[] header, Tensor[] tensors)
    {
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
        stream.Write(prefix);
        stream.Write(header);
        Span<byte> value = stackalloc byte[4];
        foreach (var tensor in tensors)
        {
            if (BitConverter.IsLittleEndian)
            {
                stream.Write(MemoryMarshal.AsBytes(tensor.AsSpan()));
                continue;
            }
            foreach (var x in tensor.Data)
            {
                BinaryPrimitives.WriteSingleLittleEndian(value, x);
                stream.Write(value);
            }
        }
    }

    private static int ReadUpTo(Stream stream, Span<byte> destination)
    {
        var total = 0;
        while (total < destination.Length)
        {
            var read = stream.Read(destination[total..]);
            if (read == 0)
                break;
            total += read;
        }
        return total;
    }
}
