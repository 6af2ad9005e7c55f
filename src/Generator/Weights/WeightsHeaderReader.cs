using System.Globalization;
using NetForge.Dsl;

namespace NetForge.Generator.Weights;

/// <summary>
/// Reads the header file that the build writes for each weights file (see NetForge.props) and checks the
/// safetensors header in it by the same rules as the runtime's reader: known dtypes, sizes equal to element count
/// times element size, offsets from 0 without gaps or overlaps, and a data length that matches the file's.
/// </summary>
internal static class WeightsHeaderReader
{
    /// <summary>How the build's header files end.</summary>
    public const string Extension = ".netforge-weights";

    private const string Signature = "netforge-weights 1";

    public static WeightsHeader Read(string text, string path)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        text = text.Replace("\r\n", "\n");
        var lines = text.Split('\n');
        if (lines.Length == 0 || lines[0] != Signature)
            return new WeightsHeader(path, "", EquatableArray<StoredTensor>.Empty, "the build's header file " + path + " is not one NetForge wrote");
        var position = lines[0].Length + 1;
        for (var i = 1; i < lines.Length; i++)
        {
            var equals = lines[i].IndexOf('=');
            if (equals < 0)
                break;
            var key = lines[i].Substring(0, equals);
            if (key == "header")
            {
                fields[key] = text.Substring(position + equals + 1);
                break;
            }
            fields[key] = lines[i].Substring(equals + 1);
            position += lines[i].Length + 1;
        }
        var source = fields.TryGetValue("source", out var s) ? s : path;
        var resource = fields.TryGetValue("resource", out var r) ? r : "";
        if (fields.TryGetValue("error", out var error))
            return new WeightsHeader(source, resource, EquatableArray<StoredTensor>.Empty, error);
        if (!fields.TryGetValue("header", out var header) || !Long(fields, "length", out var length) || !Long(fields, "headerLength", out var headerLength))
            return new WeightsHeader(source, resource, EquatableArray<StoredTensor>.Empty, "the build's header file " + path + " is incomplete");
        try
        {
            return new WeightsHeader(source, resource, Tensors(header, length - 8 - headerLength), null);
        }
        catch (FormatException e)
        {
            return new WeightsHeader(source, resource, EquatableArray<StoredTensor>.Empty, e.Message);
        }
    }

    private static bool Long(Dictionary<string, string> fields, string key, out long value)
    {
        value = 0;
        return fields.TryGetValue(key, out var text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static EquatableArray<StoredTensor> Tensors(string header, long dataLength)
    {
        if (header.Length == 0 || header[0] != '{')
            throw Invalid("the header does not start with '{'");
        if (HeaderJson.Parse(header) is not List<KeyValuePair<string, object?>> members)
            throw Invalid("the header is not a JSON object");
        var names = new HashSet<string>(StringComparer.Ordinal);
        var tensors = new List<(StoredTensor Tensor, long Begin, long End)>();
        foreach (var member in members)
        {
            if (!names.Add(member.Key))
                throw Invalid($"the header names '{member.Key}' twice");
            if (member.Key == "__metadata__")
            {
                if (member.Value is not (null or List<KeyValuePair<string, object?>>) ||
                    member.Value is List<KeyValuePair<string, object?>> entries && entries.Any(e => e.Value is not string))
                    throw Invalid("__metadata__ is not an object of strings");
                continue;
            }
            tensors.Add(Tensor(member.Key, member.Value));
        }
        tensors.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        long expected = 0;
        foreach (var (tensor, begin, end) in tensors)
        {
            if (begin != expected)
                throw Invalid(string.Format(CultureInfo.InvariantCulture,
                    "tensor '{0}' starts at byte {1} of the data, {2} at byte {3}", tensor.Name, begin, begin > expected ? "leaving a gap after the tensor that ends" : "overlapping the tensor that ends", expected));
            expected = end;
        }
        if (expected != dataLength)
            throw Invalid(string.Format(CultureInfo.InvariantCulture, "the tensors take {0} bytes, but {1} follow the header", expected, dataLength));
        return tensors.Select(t => t.Tensor).ToEquatableArray();
    }

    private static (StoredTensor, long, long) Tensor(string name, object? value)
    {
        if (value is not List<KeyValuePair<string, object?>> fields)
            throw Invalid($"tensor '{name}' is not described by an object");
        var dtype = fields.FirstOrDefault(f => f.Key == "dtype").Value as string;
        var shape = Integers(fields.FirstOrDefault(f => f.Key == "shape").Value, name, "shape");
        var offsets = Integers(fields.FirstOrDefault(f => f.Key == "data_offsets").Value, name, "data_offsets");
        if (dtype is null || shape is null || offsets is null)
            throw Invalid($"tensor '{name}' needs dtype, shape and data_offsets");
        if (!SafetensorsDType.TryGetBits(dtype, out var bits))
            throw Invalid($"tensor '{name}' has the unknown dtype '{dtype}'");
        if (offsets.Count != 2 || offsets[1] < offsets[0])
            throw Invalid($"tensor '{name}' does not have a begin and an end as its data offsets");
        long count = 1;
        try
        {
            foreach (var extent in shape)
                count = checked(count * extent);
            var totalBits = checked(count * bits);
            if (totalBits % 8 != 0 || offsets[1] - offsets[0] != totalBits / 8)
                throw Invalid(string.Format(CultureInfo.InvariantCulture,
                    "tensor '{0}' has shape [{1}] of {2}, which is not the {3} bytes its data offsets span", name, string.Join(", ", shape), dtype, offsets[1] - offsets[0]));
        }
        catch (OverflowException)
        {
            throw Invalid($"tensor '{name}' has a shape whose size overflows");
        }
        return (new StoredTensor(name, dtype, shape.ToEquatableArray()), offsets[0], offsets[1]);
    }

    private static List<long>? Integers(object? value, string tensor, string field)
    {
        if (value is null)
            return null;
        if (value is not List<object?> items)
            throw Invalid($"tensor '{tensor}' has a {field} that is not an array");
        var result = new List<long>();
        foreach (var item in items)
        {
            if (item is not HeaderJson.Number number || !number.TryGetInt64(out var integer) || integer < 0)
                throw Invalid($"tensor '{tensor}' has a {field} entry that is not a non-negative integer below 2^63");
            result.Add(integer);
        }
        return result;
    }

    private static FormatException Invalid(string message) => new(message);
}
