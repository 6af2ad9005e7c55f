using NetForge.Dsl.Model;
using NetForge.Dsl.Planning;
using static NetForge.Generator.CodeText;

namespace NetForge.Generator;

/// <summary>
/// Names the buffer each step of a pass reads and writes. A <c>flatten</c> only reinterprets its input
/// (samples are stored contiguously), so it shares its input's buffers instead of owning any.
/// </summary>
internal sealed class BatchLayout
{
    private readonly IReadOnlyList<Step> _steps;
    private readonly string _input;
    private readonly string _output;
    private readonly Func<Step, string> _name;

    private BatchLayout(IReadOnlyList<Step> steps, string input, string output, Func<Step, string> name)
    {
        _steps = steps;
        _input = input;
        _output = output;
        _name = name;
    }

    /// <summary>The layout of the batched passes: buffers are fields of <c>b</c>, the last step writes <c>b.Outputs</c>.</summary>
    public static BatchLayout Batched(Plan plan) =>
        new(plan.TrainingSteps.ToList(), "b.Inputs", "b.Outputs", step => "b." + Pascal(step.Name));

    /// <summary>The layout of a single prediction: buffers are stack spans, the last step writes <c>output</c>.</summary>
    public static BatchLayout Single(Plan plan) =>
        new(plan.Steps.ToList(), "input", "output", step => Camel(step.Name));

    public IReadOnlyList<Step> Steps => _steps;

    public bool IsLast(int i) => i == _steps.Count - 1;

    /// <summary>Whether a step's output is its input's buffer under another shape.</summary>
    public bool Aliases(int i) => _steps[i].Layer.Op == OpKind.Flatten && !IsLast(i);

    /// <summary>Whether a step owns an output buffer of its own (the last step writes the network's output).</summary>
    public bool OwnsBuffer(int i) => !IsLast(i) && !Aliases(i);

    public string Input(int i) => i == 0 ? _input : Output(i - 1);

    public string Output(int i) => IsLast(i) ? _output : Aliases(i) ? Input(i) : _name(_steps[i]);

    /// <summary>The gradient with respect to a step's output; null before the first step, where none is needed.</summary>
    public string? Gradient(int i) => i < 0 ? null : IsLast(i) ? _output + "Grad" : Aliases(i) ? Gradient(i - 1) : _name(_steps[i]) + "Grad";

    /// <summary>The index of the step whose output a label names.</summary>
    public int StepOf(string label)
    {
        for (var i = 0; i < _steps.Count; i++)
        {
            if (_steps[i].Label == label)
                return i;
        }
        throw new InvalidOperationException($"No step is labelled '{label}'.");
    }

    /// <summary>The buffer that collects the gradient a label's output receives through <c>add</c> and <c>concat</c>.</summary>
    public string SkipGradient(string label) => "b." + Pascal(label) + "SkipGrad";

    /// <summary>The labels that <c>add</c> or <c>concat</c> refer to, each once, in forward order.</summary>
    public IEnumerable<string> ReferencedLabels() =>
        _steps.SelectMany(ReferencedBy).Distinct();

    public static IEnumerable<string> ReferencedBy(Step step) => step.Layer.Op switch
    {
        OpKind.Add => step.Layer.Labels("label"),
        OpKind.Concat => step.Layer.Labels("labels"),
        _ => [],
    };

    private static string Camel(string name)
    {
        var pascal = Pascal(name);
        return char.ToLowerInvariant(pascal[0]) + pascal.Substring(1);
    }
}
