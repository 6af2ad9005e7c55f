using System.ComponentModel;
namespace NetForge.Cpu;

/// <summary>Reductions over one sample's values.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Reduce
{
    /// <summary>The index of the largest value; the first one on ties. Throws on an empty span.</summary>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        if (values.IsEmpty)
            throw new ArgumentException("ArgMax needs at least one value.", nameof(values));
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
                best = i;
        }
        return best;
    }
}
