namespace NetForge;

/// <summary>Updates parameters from their gradients, once per training step.</summary>
public interface IOptimizer
{
    /// <summary>The step size; settable between steps so that a schedule can change it.</summary>
    float LearningRate { get; set; }

    /// <summary>
    /// Applies one update. The first call fixes the parameters' number and shapes, and any state is allocated
    /// for them then; later calls must pass parameters of the same shapes in the same order. A
    /// <see cref="Tensor.Frozen"/> parameter is skipped, its state and weight decay included, as PyTorch's optimizers
    /// skip a parameter whose gradient is None.
    /// </summary>
    /// <param name="parameters">The parameters, updated in place.</param>
    /// <param name="gradients">The gradient of the loss for each parameter, shaped like it.</param>
    void Step(IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> gradients);

    /// <summary>
    /// Copies what the optimizer carries between steps, for a checkpoint. Before the first step it is the state the
    /// first step would start from.
    /// </summary>
    /// <param name="parameters">The parameters the optimizer updates, which name its tensors.</param>
    OptimizerState CaptureState(IReadOnlyList<Tensor> parameters);

    /// <summary>
    /// Restores a state from <see cref="CaptureState"/>, so that the next step continues exactly where the captured
    /// run left off. Everything is checked before anything changes.
    /// </summary>
    /// <param name="state">The captured state.</param>
    /// <param name="parameters">The parameters the optimizer will update, of the shapes the state was captured for.</param>
    /// <exception cref="ArgumentException">The state belongs to another optimizer, or does not fit the parameters.</exception>
    void RestoreState(OptimizerState state, IReadOnlyList<Tensor> parameters);
}
