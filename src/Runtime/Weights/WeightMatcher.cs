namespace NetForge;

/// <summary>
/// Decides which file tensor feeds each network tensor and checks dtypes and shapes, before anything is copied:
/// a load either passes every check or changes nothing.
/// </summary>
internal static class WeightMatcher
{
    /// <summary>A network tensor and the file tensor that will fill it.</summary>
    public readonly record struct Assignment(Tensor Target, SafetensorsTensor Source);

    public static (List<Assignment> Assignments, WeightLoadReport Report) Match(
        IReadOnlyList<Tensor> targets, SafetensorsFile file, WeightLoadOptions options)
    {
        var sources = options.Matching == WeightMatching.ByPosition ? ByPosition(targets, file) : null;
        var assignments = new List<Assignment>();
        var problems = new List<string>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var target in targets)
        {
            var name = Lookup(target, options, sources);
            if (name is null || !file.TryGetTensor(name, out var source))
            {
                problems.Add(name is null
                    ? $"tensor '{target.Name}' {target.ShapeText} has no counterpart in the file, whose layers do not line up with the network's"
                    : name == target.Name
                        ? $"tensor '{target.Name}' {target.ShapeText} is missing"
                        : $"tensor '{target.Name}' {target.ShapeText} is missing: the file has no '{name}'");
                continue;
            }
            used.Add(source.Name);
            var reading = source.Name == target.Name ? $"tensor '{target.Name}'" : $"tensor '{target.Name}' (the file's '{source.Name}')";
            if (!source.IsFloatingPoint)
                problems.Add($"{reading} holds {source.DType} values, not floating-point ones");
            else if (!SameShape(source.Shape, target.Shape))
                problems.Add($"{reading} has shape {source.ShapeText} in the file but {target.ShapeText} in the network");
            else
                assignments.Add(new Assignment(target, source));
        }

        if (problems.Count > 0 && !options.Partial)
            throw SafetensorsHeader.Invalid(file.Source, $"{string.Join("; ", problems)}.");
        var unused = file.Tensors.Select(t => t.Name).Where(n => !used.Contains(n)).ToArray();
        var report = new WeightLoadReport(assignments.Select(a => a.Target.Name).ToArray(), problems.ToArray(), unused);
        return (assignments, report);
    }

    /// <summary>
    /// Copies each file tensor into its network tensor. Match has checked every dtype and shape, so no copy can fail
    /// part way: the network gets all the values or, when Match threw, none.
    /// </summary>
    public static void Apply(IEnumerable<Assignment> assignments)
    {
        foreach (var (target, source) in assignments)
            source.CopyTo(target.Data);
    }

    private static string? Lookup(Tensor target, WeightLoadOptions options, Dictionary<string, string>? byPosition)
    {
        if (options.NameMap is not null && options.NameMap.TryGetValue(target.Name, out var mapped))
            return mapped;
        if (byPosition is null)
            return target.Name;
        return byPosition.TryGetValue(target.Name, out var positional) ? positional : null;
    }

    private static bool SameShape(IReadOnlyList<long> file, ReadOnlySpan<int> network)
    {
        if (file.Count != network.Length)
            return false;
        for (var i = 0; i < network.Length; i++)
        {
            if (file[i] != network[i])
                return false;
        }
        return true;
    }

    /// <summary>The file tensor's name for each network tensor that lines up with one by layer position.</summary>
    private static Dictionary<string, string> ByPosition(IReadOnlyList<Tensor> targets, SafetensorsFile file)
    {
        var networkLayers = Layers(targets.Select(t => t.Name));
        var fileLayers = Layers(file.Tensors.OrderBy(t => t.Position).Select(t => t.Name));
        fileLayers.Sort(static (a, b) => NaturalOrder.Compare(a.Prefix, b.Prefix));
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < Math.Min(networkLayers.Count, fileLayers.Count); i++)
        {
            var (networkPrefix, networkRoles) = networkLayers[i];
            var (filePrefix, fileRoles) = fileLayers[i];
            foreach (var role in networkRoles)
            {
                if (fileRoles.Contains(role))
                    map[Join(networkPrefix, role)] = Join(filePrefix, role);
            }
        }
        return map;
    }

    private static List<(string Prefix, List<string> Roles)> Layers(IEnumerable<string> names)
    {
        var layers = new List<(string Prefix, List<string> Roles)>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var dot = name.LastIndexOf('.');
            var (prefix, role) = dot < 0 ? ("", name) : (name[..dot], name[(dot + 1)..]);
            if (!index.TryGetValue(prefix, out var i))
            {
                index[prefix] = i = layers.Count;
                layers.Add((prefix, []));
            }
            layers[i].Roles.Add(role);
        }
        return layers;
    }

    private static string Join(string prefix, string role) => prefix.Length == 0 ? role : prefix + "." + role;

    /// <summary>Orders names so that runs of digits compare as numbers: <c>features.2</c> before <c>features.10</c>.</summary>
    private static class NaturalOrder
    {
        public static int Compare(string a, string b)
        {
            int i = 0, j = 0;
            while (i < a.Length && j < b.Length)
            {
                if (char.IsAsciiDigit(a[i]) && char.IsAsciiDigit(b[j]))
                {
                    var (startA, startB) = (i, j);
                    while (i < a.Length && char.IsAsciiDigit(a[i]))
                        i++;
                    while (j < b.Length && char.IsAsciiDigit(b[j]))
                        j++;
                    var numberA = a.AsSpan(startA, i - startA).TrimStart('0');
                    var numberB = b.AsSpan(startB, j - startB).TrimStart('0');
                    var byValue = numberA.Length != numberB.Length
                        ? numberA.Length.CompareTo(numberB.Length)
                        : numberA.SequenceCompareTo(numberB);
                    if (byValue != 0)
                        return byValue;
                    continue;
                }
                if (a[i] != b[j])
                    return a[i].CompareTo(b[j]);
                i++;
                j++;
            }
            var byLength = (a.Length - i).CompareTo(b.Length - j);
            return byLength != 0 ? byLength : string.CompareOrdinal(a, b);
        }
    }
}
