using NetForge.Dsl.Model;

namespace NetForge.Dsl.Planning;

/// <summary>Plans a checked network once for every back-end: its fused steps, and the buffers of each pass.</summary>
public static class Planner
{
    /// <summary>
    /// Fuses an op that takes an activation (dense, conv2d, batchnorm) with the pointwise op after it (unless a label
    /// needs the value before the activation), a convolution's activation with the pooling after it (unless a label
    /// needs the value before the pooling), and marks a final softmax as inference-only when the loss applies the
    /// softmax itself. Then lays out the three passes over those steps.
    /// </summary>
    public static Plan Plan(Network network)
    {
        var layers = network.Layers;
        var steps = new List<Step>();
        for (var i = 0; i < layers.Count; i++)
        {
            var layer = layers[i];
            var next = i + 1 < layers.Count ? layers[i + 1] : null;
            if (layer.Definition.Has(OpTraits.TakesActivation) && layer.Label is null && next is not null && next.Definition.Has(OpTraits.Pointwise))
            {
                var pool = i + 2 < layers.Count ? layers[i + 2] : null;
                var pools = layer.Definition.Has(OpTraits.TakesPooling) && next.Label is null && pool is not null && pool.Definition.Has(OpTraits.Pooling);
                steps.Add(new Step(layer, next, false, pools ? pool : null));
                i += pools ? 2 : 1;
                continue;
            }
            // A softmax alone is not fused away: training needs at least one step.
            var finalSoftmax = layer.Op == OpKind.Softmax && next is null && steps.Count > 0 && network.Loss.Definition.AppliesSoftmax;
            steps.Add(new Step(layer, null, finalSoftmax));
        }
        var training = steps.Where(s => !s.InferenceOnly).ToList();
        return new Plan(
            network,
            steps.ToEquatableArray(),
            Lay(network, training, Mode.Training),
            Lay(network, training, Mode.Inference),
            Lay(network, steps, Mode.Inference));
    }

    private static Pass Lay(Network network, IReadOnlyList<Step> steps, Mode mode)
    {
        var outputs = new PlanBuffer[steps.Count];
        var input = new PlanBuffer(BufferKind.Input, "input", network.Input.Size);
        for (var i = 0; i < steps.Count; i++)
        {
            var x = i == 0 ? input : outputs[i - 1];
            var definition = steps[i].Layer.Definition;
            var renames = definition.Has(OpTraits.AliasesInput) || (mode == Mode.Inference && definition.Has(OpTraits.IdentityAtInference));
            outputs[i] = i == steps.Count - 1 ? new PlanBuffer(BufferKind.Output, "output", steps[i].Output.Size)
                : renames ? x
                : new PlanBuffer(BufferKind.Step, steps[i].Pool?.Name ?? steps[i].Name, steps[i].Output.Size);
        }

        var labelled = new Dictionary<string, PlanBuffer>();
        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i].Label is { } label)
                labelled[label] = outputs[i];
        }
        var referenced = new HashSet<string>(steps.SelectMany(s => s.Layer.ReferencedLabels));

        // The backward runs last step first: the first backward to reach a label overwrites its skip gradient, later ones add.
        var labels = new EquatableArray<LabelInput>[steps.Count];
        var written = new HashSet<string>();
        for (var i = steps.Count - 1; i >= 0; i--)
        {
            labels[i] = steps[i].Layer.ReferencedLabels
                .Select(label => new LabelInput(label, labelled[label], labelled[label].Kind != BufferKind.Input && !written.Add(label)))
                .ToEquatableArray();
        }

        var passSteps = new List<PassStep>();
        for (var i = 0; i < steps.Count; i++)
        {
            var layer = steps[i].Layer;
            var x = i == 0 ? input : outputs[i - 1];
            // A step that reads the data itself, first or after steps that only rename it, needs no input gradient.
            var writesInputGradient = x.Kind != BufferKind.Input;
            var previousLabel = i > 0 ? steps[i - 1].Label : null;
            var saved = mode == Mode.Training
                ? layer.Definition.Saved(layer).Select(s => new SavedBufferOf(layer.Name, s)).ToEquatableArray()
                : EquatableArray<SavedBufferOf>.Empty;
            passSteps.Add(new PassStep(
                steps[i],
                x,
                outputs[i],
                labels[i],
                writesInputGradient,
                writesInputGradient && previousLabel is not null && referenced.Contains(previousLabel) ? previousLabel : null,
                saved,
                steps[i].Pool is null ? null : new PlanBuffer(BufferKind.Step, steps[i].Name, steps[i].Activated.Size)));
        }
        return new Pass(mode, passSteps.ToEquatableArray());
    }
}
