using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetForge;

/// <summary>
/// AdaGrad (Duchi, Hazan and Singer), as PyTorch computes it: with t the step number and g ← g + λ·p when weight
/// decay λ is set, s ← s + g², and p ← p − lr / (1 + (t − 1)·d) · g / (√s + ε) for a learning-rate decay d.
/// PyTorch's defaults.
/// </summary>
public sealed class AdaGrad : IOptimizer
{
    private float _learningRate;
    private ParameterLayout? _layout;
    private float[][] _sums = [];
    private ParameterSplit? _split;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">The step size lr.</param>
    /// <param name="learningRateDecay">The decay d of the step size with the step number; 0 for none.</param>
    /// <param name="weightDecay">The L2 penalty λ added to the gradient as λ·p, for every parameter.</param>
    /// <param name="epsilon">The ε added to the denominator for numerical stability.</param>
    public AdaGrad(float learningRate = 1e-2f, float learningRateDecay = 0f, float weightDecay = 0f, float epsilon = 1e-10f)
    {
        _learningRate = ParameterLayout.CheckLearningRate(learningRate, nameof(learningRate));
        LearningRateDecay = ParameterLayout.CheckFactor(learningRateDecay, nameof(learningRateDecay), "The learning-rate decay");
        WeightDecay = ParameterLayout.CheckFactor(weightDecay, nameof(weightDecay), "The weight decay");
        Epsilon = ParameterLayout.CheckFactor(epsilon, nameof(epsilon), "ε");
    }

    /// <inheritdoc />
    public float LearningRate
    {
        get => _learningRate;
        set => _learningRate = ParameterLayout.CheckLearningRate(value, nameof(value));
    }

    /// <summary>The decay d of the step size with the step number.</summary>
    public float LearningRateDecay { get; }

    /// <summary>The L2 penalty λ.</summary>
    public float WeightDecay { get; }

    /// <summary>The ε added to the denominator.</summary>
    public float Epsilon { get; }

    /// <summary>The number of steps taken, t.</summary>
    public int StepCount { get; private set; }

    /// <inheritdoc />
    public void Step(IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> gradients)
    {
        if (ParameterLayout.Begin(ref _layout, parameters, gradients))
            _sums = ParameterLayout.ZeroStateFor(parameters);

        StepCount++;
        // As in PyTorch, the decayed rate is computed in double and enters the float update as a scalar.
        var rate = (float)(_learningRate / (1.0 + (StepCount - 1) * (double)LearningRateDecay));
        ParameterSplit.Run(ref _split, parameters, new Pass(this, parameters, gradients, rate));
    }

    /// <summary>The update of some values of one tensor, for <see cref="ParameterSplit"/>.</summary>
    private readonly struct Pass(AdaGrad optimizer, IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> gradients, float rate) : ITensorUpdate
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Update(int tensor, int start, int count) =>
            optimizer.Update(parameters[tensor].Data.AsSpan(start, count), gradients[tensor].Data.AsSpan(start, count),
                optimizer._sums[tensor].AsSpan(start, count), rate);
    }

    /// <inheritdoc />
    /// <remarks>The tensors are <c>{parameter}.sum</c>, as PyTorch names them, and the value <c>step</c> is
    /// <see cref="StepCount"/>.</remarks>
    public OptimizerState CaptureState(IReadOnlyList<Tensor> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _layout?.CheckParameters(parameters);
        var values = new Dictionary<string, string> { [ParameterLayout.StepKey] = StepCount.ToString(CultureInfo.InvariantCulture) };
        return new OptimizerState(nameof(AdaGrad), values, ParameterLayout.StateTensors(parameters, _sums, Sum));
    }

    /// <inheritdoc />
    public void RestoreState(OptimizerState state, IReadOnlyList<Tensor> parameters)
    {
        ParameterLayout.CheckKind(state, nameof(AdaGrad));
        ArgumentNullException.ThrowIfNull(parameters);
        var steps = ParameterLayout.StepCount(state);
        var sums = ParameterLayout.StateArrays(state, parameters, Sum);
        _layout = new ParameterLayout(parameters);
        _sums = sums;
        StepCount = steps;
    }

    private const string Sum = "sum";

    // PyTorch 1.13's order: s by addcmul, the denominator √s + ε, p by addcdiv.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Update(Span<float> p, ReadOnlySpan<float> g, Span<float> s, float rate)
    {
        var pv = MemoryMarshal.Cast<float, Vector<float>>(p);
        var gv = MemoryMarshal.Cast<float, Vector<float>>(g);
        var sv = MemoryMarshal.Cast<float, Vector<float>>(s);
        var (epsilon, decay, negativeRate) = (new Vector<float>(Epsilon), new Vector<float>(WeightDecay), new Vector<float>(-rate));
        for (var i = 0; i < pv.Length; i++)
        {
            var grad = gv[i] + decay * pv[i];
            var sum = sv[i] + grad * grad;
            sv[i] = sum;
            pv[i] += negativeRate * (grad / (Vector.SquareRoot(sum) + epsilon));
        }
        for (var i = pv.Length * Vector<float>.Count; i < p.Length; i++)
        {
            var grad = g[i] + WeightDecay * p[i];
            s[i] += grad * grad;
            p[i] += -rate * (grad / (MathF.Sqrt(s[i]) + Epsilon));
        }
    }
}
