namespace NetForge;

/// <summary>
/// AdamW (Loshchilov and Hutter), as PyTorch computes it: Adam with the weight decay taken out of the gradient and
/// applied to the weights directly, p ← p·(1 − lr·λ), before the Adam step. PyTorch's defaults, λ = 0.01 included.
/// </summary>
public sealed class AdamW : IOptimizer
{
    private readonly Adam _adam;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">The step size lr.</param>
    /// <param name="beta1">The decay β₁ of the running mean of the gradients, in [0, 1).</param>
    /// <param name="beta2">The decay β₂ of the running mean of the squared gradients, in [0, 1).</param>
    /// <param name="epsilon">The ε added to the denominator for numerical stability.</param>
    /// <param name="weightDecay">The decoupled weight decay λ, applied to every parameter.</param>
    public AdamW(float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, float weightDecay = 1e-2f) =>
        _adam = new Adam(learningRate, beta1, beta2, epsilon, weightDecay, decoupled: true);

    /// <inheritdoc />
    public float LearningRate
    {
        get => _adam.LearningRate;
        set => _adam.LearningRate = value;
    }

    /// <summary>The decay β₁ of the running mean of the gradients.</summary>
    public float Beta1 => _adam.Beta1;

    /// <summary>The decay β₂ of the running mean of the squared gradients.</summary>
    public float Beta2 => _adam.Beta2;

    /// <summary>The ε added to the denominator.</summary>
    public float Epsilon => _adam.Epsilon;

    /// <summary>The decoupled weight decay λ.</summary>
    public float WeightDecay => _adam.WeightDecay;

    /// <summary>The number of steps taken, t.</summary>
    public int StepCount => _adam.StepCount;

    /// <inheritdoc />
    public void Step(IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> gradients) => _adam.Step(parameters, gradients);

    /// <inheritdoc />
    /// <remarks>As <see cref="Adam"/>'s: <c>{parameter}.exp_avg</c>, <c>{parameter}.exp_avg_sq</c> and <c>step</c>.</remarks>
    public OptimizerState CaptureState(IReadOnlyList<Tensor> parameters) => _adam.CaptureState(parameters);

    /// <inheritdoc />
    public void RestoreState(OptimizerState state, IReadOnlyList<Tensor> parameters) => _adam.RestoreState(state, parameters);
}
