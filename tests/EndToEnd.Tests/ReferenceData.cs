using System.Text.Json;

namespace NetForge.EndToEnd.Tests;

/// <summary>Reads the values that the scripts in Reference/ wrote with PyTorch.</summary>
internal sealed class ReferenceData
{
    private readonly JsonElement _root;

    private ReferenceData(JsonElement root) => _root = root;

    public static ReferenceData Load(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Reference", file)));
        return new ReferenceData(document.RootElement.Clone());
    }

    /// <summary>A tensor stored as {"shape": [...], "data": [...]}, at a path of property names.</summary>
    public float[] Tensor(params string[] path)
    {
        var element = _root;
        foreach (var name in path)
            element = element.GetProperty(name);
        return element.GetProperty("data").EnumerateArray().Select(v => v.GetSingle()).ToArray();
    }

    /// <summary>An object of strings as a dictionary, or an array of strings as one keyed by position.</summary>
    public IReadOnlyDictionary<string, string> Strings(string name)
    {
        var element = _root.GetProperty(name);
        return element.ValueKind == JsonValueKind.Array
            ? element.EnumerateArray().Select((v, i) => (Key: i.ToString(System.Globalization.CultureInfo.InvariantCulture), Value: v.GetString()!)).ToDictionary(p => p.Key, p => p.Value)
            : element.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
    }

    public double[] Numbers(string name) => _root.GetProperty(name).EnumerateArray().Select(v => v.GetDouble()).ToArray();

    public int[][] Integers(string name) =>
        _root.GetProperty(name).EnumerateArray().Select(row => row.EnumerateArray().Select(v => v.GetInt32()).ToArray()).ToArray();

    /// <summary>The tensors of one group ("parameters", "state"), by name.</summary>
    public IEnumerable<string> Names(string group) => _root.GetProperty(group).EnumerateObject().Select(p => p.Name);

    /// <summary>Copies a group's tensors into the network's tensors of the same names, checking that each exists and fits.</summary>
    public void CopyInto(IReadOnlyList<Tensor> tensors, string group)
    {
        var names = Names(group).ToList();
        Assert.Equal(names.Order(), tensors.Select(t => t.Name).Order());
        foreach (var name in names)
        {
            var values = Tensor(group, name);
            var tensor = tensors.Single(t => t.Name == name);
            Assert.Equal(tensor.Length, values.Length);
            values.CopyTo(tensor.Data, 0);
        }
    }
}
