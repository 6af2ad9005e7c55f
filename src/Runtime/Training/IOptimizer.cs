namespace NetForge;

/// <summary>Updates parameters from their gradients, once per training step.</summary>
public interface IOptimizer
{
    /// <summary>The step size; settable between steps so that a schedule can change it.</summary>
    float LearningRate { get; set; }

    /// <summary>
    /// Applies one update. The first call fixes the parameters' number and shapes, and any state is allocated
    /// for them then; later calls must pass parameters of the same shapes in the same order.
    /// </summary>
    /// <param name="parameters">The parameters, updated in place.</param>
    /// <param name="gradients">The gradient of the loss for each parameter, shaped like it.</param>
    void Step(IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> gradients);
}
