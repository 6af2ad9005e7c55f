using NetForge.Dsl.Model;

namespace NetForge.Dsl.Planning;

/// <summary>Plans the fusion of a checked network into steps, once for every back-end.</summary>
public static class Planner
{
    /// <summary>The ops whose work is one function per element, so they fuse into the epilogue of a matrix product.</summary>
    public static bool IsActivation(OpKind op) =>
        op is OpKind.Relu or OpKind.LeakyRelu or OpKind.Elu or OpKind.Sigmoid or OpKind.Tanh;

    /// <summary>
    /// Fuses a dense or convolution layer with the activation after it (unless a label needs the product
    /// before the activation), and marks a final softmax as inference-only when the loss is softmax cross-entropy,
    /// which computes the softmax with its gradient in one step.
    /// </summary>
    public static Plan Plan(Network network)
    {
        var layers = network.Layers;
        var steps = new List<Step>();
        for (var i = 0; i < layers.Count; i++)
        {
            var layer = layers[i];
            var next = i + 1 < layers.Count ? layers[i + 1] : null;
            if (layer.Op is OpKind.Dense or OpKind.Conv2D && layer.Label is null && next is not null && IsActivation(next.Op))
            {
                steps.Add(new Step(layer, next, false));
                i++;
                continue;
            }
            // A softmax alone is not fused away: training needs at least one step.
            var finalSoftmax = layer.Op == OpKind.Softmax && next is null && steps.Count > 0 && network.Loss.Kind == LossKind.SoftmaxCrossEntropy;
            steps.Add(new Step(layer, null, finalSoftmax));
        }
        return new Plan(network, steps.ToEquatableArray());
    }
}
