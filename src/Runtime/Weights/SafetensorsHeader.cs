using System.Text;
using System.Text.Json;

namespace NetForge;

/// <summary>
/// Reads and checks the JSON header of a safetensors file with the rules of the format's reference implementation:
/// UTF-8 text that starts with <c>{</c>, known dtypes, sizes equal to element count times element size, and data
/// offsets that start at 0 and leave neither gaps nor overlaps. Every failure is an <see cref="InvalidDataException"/>
/// whose message starts with the file's name and, where one is involved, names the tensor.
/// </summary>
internal static class SafetensorsHeader
{
    /// <summary>The largest header the reference implementation accepts.</summary>
    public const long MaxLength = 100_000_000;

    private const string MetadataKey = "__metadata__";

    /// <summary>Parses <paramref name="header"/>; the tensors come back ordered by their data offsets.</summary>
    /// <returns>The tensors, the metadata, and the length of the data that must follow the header.</returns>
    public static (SafetensorsTensor[] Tensors, Dictionary<string, string> Metadata, long DataLength) Parse(ReadOnlySpan<byte> header, string file)
    {
        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(header);
        }
        catch (DecoderFallbackException)
        {
            throw Invalid(file, $"the header is not UTF-8 text.");
        }
        if (text.Length == 0 || text[0] != '{')
            throw Invalid(file, $"the header does not start with '{{'.");

        var tensors = new List<SafetensorsTensor>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 8 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw Invalid(file, $"the header is not a JSON object.");
            var position = 0;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!names.Add(property.Name))
                    throw Invalid(file, $"the header names '{property.Name}' twice.");
                if (property.Name == MetadataKey)
                    ReadMetadata(property.Value, metadata, file);
                else
                    tensors.Add(ReadTensor(property.Name, property.Value, position++, file));
            }
        }
        catch (JsonException e)
        {
            throw Invalid(file, $"the header is not valid JSON: {e.Message}");
        }

        var ordered = tensors.ToArray();
        Array.Sort(ordered, static (a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        long expected = 0;
        foreach (var tensor in ordered)
        {
            if (tensor.Begin > expected)
                throw Invalid(file, $"tensor '{tensor.Name}' starts at byte {tensor.Begin} of the data, leaving a gap after byte {expected}.");
            if (tensor.Begin < expected)
                throw Invalid(file, $"tensor '{tensor.Name}' starts at byte {tensor.Begin} of the data, overlapping the tensor that ends at byte {expected}.");
            expected = tensor.End;
        }
        return (ordered, metadata, expected);
    }

    private static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata, string file)
    {
        if (value.ValueKind == JsonValueKind.Null)
            return;
        if (value.ValueKind != JsonValueKind.Object)
            throw Invalid(file, $"__metadata__ is not an object of strings.");
        foreach (var entry in value.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
                throw Invalid(file, $"__metadata__ entry '{entry.Name}' is not a string.");
            if (!metadata.TryAdd(entry.Name, entry.Value.GetString()!))
                throw Invalid(file, $"__metadata__ names '{entry.Name}' twice.");
        }
    }

    private static SafetensorsTensor ReadTensor(string name, JsonElement value, int position, string file)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw Invalid(file, $"tensor '{name}' is not described by an object.");
        string? dtype = null;
        long[]? shape = null;
        long[]? offsets = null;
        foreach (var field in value.EnumerateObject())
        {
            switch (field.Name)
            {
                case "dtype":
                    dtype = field.Value.ValueKind == JsonValueKind.String ? field.Value.GetString() : throw Invalid(file, $"tensor '{name}' has a dtype that is not a string.");
                    break;
                case "shape":
                    shape = ReadIntegers(field.Value, name, "shape", file);
                    break;
                case "data_offsets":
                    offsets = ReadIntegers(field.Value, name, "data_offsets", file);
                    break;
            }
        }
        if (dtype is null || shape is null || offsets is null)
            throw Invalid(file, $"tensor '{name}' needs dtype, shape and data_offsets.");
        if (!SafetensorsDType.TryGetBits(dtype, out var bits))
            throw Invalid(file, $"tensor '{name}' has the unknown dtype '{dtype}'.");
        if (offsets.Length != 2)
            throw Invalid(file, $"tensor '{name}' has {offsets.Length} data offsets instead of 2.");
        var (begin, end) = (offsets[0], offsets[1]);
        if (end < begin)
            throw Invalid(file, $"tensor '{name}' ends at byte {end} of the data, before it starts at byte {begin}.");

        long count = 1;
        try
        {
            foreach (var extent in shape)
                count = checked(count * extent);
            var totalBits = checked(count * bits);
            if (totalBits % 8 != 0)
                throw Invalid(file, $"tensor '{name}' of {count} {dtype} values does not fill whole bytes.");
            if (end - begin != totalBits / 8)
                throw Invalid(file, $"tensor '{name}' has shape {SafetensorsTensor.Format(shape)} of {dtype}, which is {totalBits / 8} bytes, but its data offsets [{begin}, {end}] span {end - begin}.");
        }
        catch (OverflowException)
        {
            throw Invalid(file, $"tensor '{name}' has shape {SafetensorsTensor.Format(shape)}, whose size overflows.");
        }
        return new SafetensorsTensor(name, dtype, shape, count, begin, end, position);
    }

    private static long[] ReadIntegers(JsonElement value, string tensor, string field, string file)
    {
        if (value.ValueKind != JsonValueKind.Array)
            throw Invalid(file, $"tensor '{tensor}' has a {field} that is not an array.");
        var result = new long[value.GetArrayLength()];
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out var number) || number < 0)
                throw Invalid(file, $"tensor '{tensor}' has a {field} entry that is not a non-negative integer below 2^63.");
            result[i++] = number;
        }
        return result;
    }

    /// <summary>An error about <paramref name="file"/>, its numbers written in the invariant culture.</summary>
    public static InvalidDataException Invalid(string file, FormattableString message) =>
        new(file + ": " + FormattableString.Invariant(message));
}
