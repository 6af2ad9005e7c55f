using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetForge;

/// <summary>
/// RMSProp (Hinton), as PyTorch computes it: with g ← g + λ·p when weight decay λ is set, v ← α·v + (1 − α)·g², and
/// p ← p − lr·g / (√v + ε); with momentum μ, b ← μ·b + g / (√v + ε) and p ← p − lr·b. PyTorch's defaults.
/// </summary>
/// <remarks>A running mean or momentum buffer that decays below float's smallest normal value, about 1.2e-38, is kept as zero: such
/// values change no parameter, and computing with them is some hundred times slower (PyTorch keeps them unless
/// <c>torch.set_flush_denormal(True)</c> is set).</remarks>
public sealed class RmsProp : IOptimizer
{
    private float _learningRate;
    private ParameterLayout? _layout;
    private float[][] _squareAverages = [];
    private float[][] _buffers = [];
    private ParameterSplit? _split;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">The step size lr.</param>
    /// <param name="alpha">The decay α of the running mean of the squared gradients, in [0, 1).</param>
    /// <param name="epsilon">The ε added to the denominator for numerical stability.</param>
    /// <param name="weightDecay">The L2 penalty λ added to the gradient as λ·p, for every parameter.</param>
    /// <param name="momentum">The momentum factor μ; 0 for none.</param>
    public RmsProp(float learningRate = 1e-2f, float alpha = 0.99f, float epsilon = 1e-8f, float weightDecay = 0f, float momentum = 0f)
    {
        _learningRate = ParameterLayout.CheckLearningRate(learningRate, nameof(learningRate));
        Alpha = ParameterLayout.CheckRate(alpha, nameof(alpha), "α");
        Epsilon = ParameterLayout.CheckFactor(epsilon, nameof(epsilon), "ε");
        WeightDecay = ParameterLayout.CheckFactor(weightDecay, nameof(weightDecay), "The weight decay");
        Momentum = ParameterLayout.CheckFactor(momentum, nameof(momentum), "The momentum");
    }

    /// <inheritdoc />
    public float LearningRate
    {
        get => _learningRate;
        set => _learningRate = ParameterLayout.CheckLearningRate(value, nameof(value));
    }

    /// <summary>The decay α of the running mean of the squared gradients.</summary>
    public float Alpha { get; }

    /// <summary>The ε added to the denominator.</summary>
    public float Epsilon { get; }

    /// <summary>The L2 penalty λ.</summary>
    public float WeightDecay { get; }

    /// <summary>The momentum factor μ.</summary>
    public float Momentum { get; }

    /// <inheritdoc />
    public void Step(IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> gradients)
    {
        if (ParameterLayout.Begin(ref _layout, parameters, gradients))
        {
            _squareAverages = ParameterLayout.ZeroStateFor(parameters);
            if (Momentum != 0f)
                _buffers = ParameterLayout.ZeroStateFor(parameters);
        }

        ParameterSplit.Run(ref _split, parameters, new Pass(this, parameters, gradients));
    }

    /// <summary>The update of some values of one tensor, for <see cref="ParameterSplit"/>.</summary>
    private readonly struct Pass(RmsProp optimizer, IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> gradients) : ITensorUpdate
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Update(int tensor, int start, int count)
        {
            var p = parameters[tensor].Data.AsSpan(start, count);
            var g = gradients[tensor].Data.AsSpan(start, count);
            var v = optimizer._squareAverages[tensor].AsSpan(start, count);
            if (optimizer.Momentum == 0f)
                optimizer.Update(p, g, v);
            else
                optimizer.UpdateWithMomentum(p, g, v, optimizer._buffers[tensor].AsSpan(start, count));
        }
    }

    /// <inheritdoc />
    /// <remarks>The tensors are <c>{parameter}.square_avg</c> and, with momentum, <c>{parameter}.momentum_buffer</c>, as
    /// PyTorch names them.</remarks>
    public OptimizerState CaptureState(IReadOnlyList<Tensor> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _layout?.CheckParameters(parameters);
        var tensors = ParameterLayout.StateTensors(parameters, _squareAverages, SquareAverage).AsEnumerable();
        if (Momentum != 0f)
            tensors = tensors.Concat(ParameterLayout.StateTensors(parameters, _buffers, Buffer));
        return new OptimizerState(nameof(RmsProp), new Dictionary<string, string>(), tensors.ToArray());
    }

    /// <inheritdoc />
    public void RestoreState(OptimizerState state, IReadOnlyList<Tensor> parameters)
    {
        ParameterLayout.CheckKind(state, nameof(RmsProp));
        ArgumentNullException.ThrowIfNull(parameters);
        var squares = ParameterLayout.StateArrays(state, parameters, SquareAverage);
        var buffers = Momentum == 0f ? [] : ParameterLayout.StateArrays(state, parameters, Buffer);
        _layout = new ParameterLayout(parameters);
        _squareAverages = squares;
        _buffers = buffers;
    }

    private const string SquareAverage = "square_avg";
    private const string Buffer = "momentum_buffer";

    // PyTorch 1.13's order: v by mul then addcmul, the denominator √v + ε, p by addcdiv.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Update(Span<float> p, ReadOnlySpan<float> g, Span<float> v)
    {
        var pv = MemoryMarshal.Cast<float, Vector<float>>(p);
        var gv = MemoryMarshal.Cast<float, Vector<float>>(g);
        var vv = MemoryMarshal.Cast<float, Vector<float>>(v);
        var (alpha, oneMinusAlpha) = (new Vector<float>(Alpha), new Vector<float>(1f - Alpha));
        var (epsilon, decay, negativeRate) = (new Vector<float>(Epsilon), new Vector<float>(WeightDecay), new Vector<float>(-_learningRate));
        for (var i = 0; i < pv.Length; i++)
        {
            var grad = gv[i] + decay * pv[i];
            var square = SubnormalFlush.Flush(vv[i] * alpha + oneMinusAlpha * grad * grad);
            vv[i] = square;
            pv[i] += negativeRate * (grad / (Vector.SquareRoot(square) + epsilon));
        }
        for (var i = pv.Length * Vector<float>.Count; i < p.Length; i++)
        {
            var grad = g[i] + WeightDecay * p[i];
            v[i] = SubnormalFlush.Flush(v[i] * Alpha + (1f - Alpha) * grad * grad);
            p[i] += -_learningRate * (grad / (MathF.Sqrt(v[i]) + Epsilon));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void UpdateWithMomentum(Span<float> p, ReadOnlySpan<float> g, Span<float> v, Span<float> b)
    {
        var pv = MemoryMarshal.Cast<float, Vector<float>>(p);
        var gv = MemoryMarshal.Cast<float, Vector<float>>(g);
        var vv = MemoryMarshal.Cast<float, Vector<float>>(v);
        var bv = MemoryMarshal.Cast<float, Vector<float>>(b);
        var (alpha, oneMinusAlpha) = (new Vector<float>(Alpha), new Vector<float>(1f - Alpha));
        var (epsilon, decay, negativeRate) = (new Vector<float>(Epsilon), new Vector<float>(WeightDecay), new Vector<float>(-_learningRate));
        var momentum = new Vector<float>(Momentum);
        for (var i = 0; i < pv.Length; i++)
        {
            var grad = gv[i] + decay * pv[i];
            var square = SubnormalFlush.Flush(vv[i] * alpha + oneMinusAlpha * grad * grad);
            vv[i] = square;
            var buffer = SubnormalFlush.Flush(bv[i] * momentum + grad / (Vector.SquareRoot(square) + epsilon));
            bv[i] = buffer;
            pv[i] += negativeRate * buffer;
        }
        for (var i = pv.Length * Vector<float>.Count; i < p.Length; i++)
        {
            var grad = g[i] + WeightDecay * p[i];
            v[i] = SubnormalFlush.Flush(v[i] * Alpha + (1f - Alpha) * grad * grad);
            b[i] = SubnormalFlush.Flush(b[i] * Momentum + grad / (MathF.Sqrt(v[i]) + Epsilon));
            p[i] += -_learningRate * b[i];
        }
    }
}
