using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;

namespace NetForge;

/// <summary>
/// Adam (Kingma and Ba), as PyTorch computes it: with t the step number, m ← β₁·m + (1 − β₁)·g,
/// v ← β₂·v + (1 − β₂)·g², and p ← p − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε).
/// </summary>
public sealed class Adam : IOptimizer
{
    private float _learningRate;
    private ParameterLayout? _layout;
    private float[][] _firstMoments = [];
    private float[][] _secondMoments = [];

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">The step size lr.</param>
    /// <param name="beta1">The decay β₁ of the running mean of the gradients, in [0, 1).</param>
    /// <param name="beta2">The decay β₂ of the running mean of the squared gradients, in [0, 1).</param>
    /// <param name="epsilon">The ε added to the denominator for numerical stability.</param>
    public Adam(float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f)
    {
        _learningRate = ParameterLayout.CheckLearningRate(learningRate, nameof(learningRate));
        if (!(beta1 >= 0 && beta1 < 1))
            throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "β₁ must lie in [0, 1).");
        if (!(beta2 >= 0 && beta2 < 1))
            throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "β₂ must lie in [0, 1).");
        if (!(epsilon >= 0) || float.IsPositiveInfinity(epsilon))
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "ε must be finite and not negative.");
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
    }

    /// <inheritdoc />
    public float LearningRate
    {
        get => _learningRate;
        set => _learningRate = ParameterLayout.CheckLearningRate(value, nameof(value));
    }

    /// <summary>The decay β₁ of the running mean of the gradients.</summary>
    public float Beta1 { get; }

    /// <summary>The decay β₂ of the running mean of the squared gradients.</summary>
    public float Beta2 { get; }

    /// <summary>The ε added to the denominator.</summary>
    public float Epsilon { get; }

    /// <summary>The number of steps taken, t.</summary>
    public int StepCount { get; private set; }

    /// <inheritdoc />
    public void Step(IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> gradients)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(gradients);
        if (_layout is null)
        {
            ParameterLayout.CheckGradients(parameters, gradients);
            _layout = new ParameterLayout(parameters);
            _firstMoments = ParameterLayout.ZeroStateFor(parameters);
            _secondMoments = ParameterLayout.ZeroStateFor(parameters);
        }
        else
        {
            _layout.Check(parameters, gradients);
        }

        StepCount++;
        // As in PyTorch, the bias corrections are computed in double and enter the float updates as scalars.
        var biasCorrection1 = 1.0 - Math.Pow(Beta1, StepCount);
        var biasCorrection2 = 1.0 - Math.Pow(Beta2, StepCount);
        var scalars = new Scalars(
            StepSize: (float)(_learningRate / biasCorrection1),
            RootBiasCorrection2: (float)Math.Sqrt(biasCorrection2),
            OneMinusBeta1: 1f - Beta1,
            Beta2: Beta2,
            OneMinusBeta2: 1f - Beta2,
            Epsilon: Epsilon);
        for (var i = 0; i < parameters.Count; i++)
            Update(parameters[i].Data, gradients[i].Data, _firstMoments[i], _secondMoments[i], scalars);
    }

    /// <inheritdoc />
    /// <remarks>The tensors are <c>{parameter}.exp_avg</c> and <c>{parameter}.exp_avg_sq</c>, as PyTorch names them, and the
    /// value <c>step</c> is <see cref="StepCount"/>.</remarks>
    public OptimizerState CaptureState(IReadOnlyList<Tensor> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _layout?.CheckParameters(parameters);
        var tensors = ParameterLayout.StateTensors(parameters, _firstMoments, FirstMoment)
            .Concat(ParameterLayout.StateTensors(parameters, _secondMoments, SecondMoment)).ToArray();
        var values = new Dictionary<string, string> { [StepKey] = StepCount.ToString(CultureInfo.InvariantCulture) };
        return new OptimizerState(nameof(Adam), values, tensors);
    }

    /// <inheritdoc />
    public void RestoreState(OptimizerState state, IReadOnlyList<Tensor> parameters)
    {
        ParameterLayout.CheckKind(state, nameof(Adam));
        ArgumentNullException.ThrowIfNull(parameters);
        if (!state.Values.TryGetValue(StepKey, out var text) ||
            !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var steps))
            throw new ArgumentException("The Adam state has no valid step count.", nameof(state));
        var first = ParameterLayout.StateArrays(state, parameters, FirstMoment);
        var second = ParameterLayout.StateArrays(state, parameters, SecondMoment);
        _layout = new ParameterLayout(parameters);
        _firstMoments = first;
        _secondMoments = second;
        StepCount = steps;
    }

    private const string FirstMoment = "exp_avg";
    private const string SecondMoment = "exp_avg_sq";
    private const string StepKey = "step";

    private readonly record struct Scalars(
        float StepSize, float RootBiasCorrection2, float OneMinusBeta1, float Beta2, float OneMinusBeta2, float Epsilon);

    // The operations follow PyTorch's order (m by lerp, v by mul then addcmul, p by addcdiv) so that the float
    // rounding matches as closely as the arithmetic allows.
    private static void Update(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v, Scalars s)
    {
        var pv = MemoryMarshal.Cast<float, Vector<float>>(p);
        var gv = MemoryMarshal.Cast<float, Vector<float>>(g);
        var mv = MemoryMarshal.Cast<float, Vector<float>>(m);
        var vv = MemoryMarshal.Cast<float, Vector<float>>(v);
        var oneMinusBeta1 = new Vector<float>(s.OneMinusBeta1);
        var beta2 = new Vector<float>(s.Beta2);
        var oneMinusBeta2 = new Vector<float>(s.OneMinusBeta2);
        var rootBiasCorrection2 = new Vector<float>(s.RootBiasCorrection2);
        var epsilon = new Vector<float>(s.Epsilon);
        var negativeStepSize = new Vector<float>(-s.StepSize);
        for (var i = 0; i < pv.Length; i++)
        {
            var grad = gv[i];
            var first = mv[i] + oneMinusBeta1 * (grad - mv[i]);
            var second = vv[i] * beta2 + oneMinusBeta2 * grad * grad;
            mv[i] = first;
            vv[i] = second;
            var denominator = Vector.SquareRoot(second) / rootBiasCorrection2 + epsilon;
            pv[i] += negativeStepSize * first / denominator;
        }
        for (var i = pv.Length * Vector<float>.Count; i < p.Length; i++)
        {
            var grad = g[i];
            m[i] += s.OneMinusBeta1 * (grad - m[i]);
            v[i] = v[i] * s.Beta2 + s.OneMinusBeta2 * grad * grad;
            var denominator = MathF.Sqrt(v[i]) / s.RootBiasCorrection2 + s.Epsilon;
            p[i] += -s.StepSize * m[i] / denominator;
        }
    }
}
