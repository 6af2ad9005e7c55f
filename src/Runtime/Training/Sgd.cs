using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetForge;

/// <summary>
/// Stochastic gradient descent with optional momentum, Nesterov momentum and weight decay, in PyTorch's form: with
/// g ← g + λ·p when weight decay λ is set, v ← μ·v + g, then p ← p − lr·v, or p ← p − lr·(g + μ·v) with Nesterov
/// (without momentum, p ← p − lr·g).
/// </summary>
/// <remarks>A velocity that decays below float's smallest normal value, about 1.2e-38, is kept as zero: such
/// values change no parameter, and computing with them is some hundred times slower (PyTorch keeps them unless
/// <c>torch.set_flush_denormal(True)</c> is set).</remarks>
public sealed class Sgd : IOptimizer
{
    private float _learningRate;
    private ParameterLayout? _layout;
    private float[][] _velocities = [];
    private ParameterSplit? _split;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">The step size lr.</param>
    /// <param name="momentum">The momentum factor μ; 0 for plain gradient descent.</param>
    /// <param name="nesterov">Whether to use Nesterov momentum, which needs a positive <paramref name="momentum"/>.</param>
    /// <param name="weightDecay">The L2 penalty λ added to the gradient as λ·p, for every parameter.</param>
    public Sgd(float learningRate, float momentum = 0f, bool nesterov = false, float weightDecay = 0f)
    {
        _learningRate = ParameterLayout.CheckLearningRate(learningRate, nameof(learningRate));
        Momentum = ParameterLayout.CheckFactor(momentum, nameof(momentum), "The momentum");
        WeightDecay = ParameterLayout.CheckFactor(weightDecay, nameof(weightDecay), "The weight decay");
        if (nesterov && momentum == 0f)
            throw new ArgumentException("Nesterov momentum needs a positive momentum.", nameof(nesterov));
        Nesterov = nesterov;
    }

    /// <inheritdoc />
    public float LearningRate
    {
        get => _learningRate;
        set => _learningRate = ParameterLayout.CheckLearningRate(value, nameof(value));
    }

    /// <summary>The momentum factor μ.</summary>
    public float Momentum { get; }

    /// <summary>Whether the step uses Nesterov momentum.</summary>
    public bool Nesterov { get; }

    /// <summary>The L2 penalty λ.</summary>
    public float WeightDecay { get; }

    /// <inheritdoc />
    public void Step(IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> gradients)
    {
        if (ParameterLayout.Begin(ref _layout, parameters, gradients) && Momentum != 0f)
            _velocities = ParameterLayout.ZeroStateFor(parameters);

        var scalars = new Scalars(_learningRate, Momentum, WeightDecay, Nesterov);
        ParameterSplit.Run(ref _split, parameters, new Pass(parameters, gradients, _velocities, scalars));
    }

    /// <summary>The update of some values of one tensor, for <see cref="ParameterSplit"/>.</summary>
    private readonly struct Pass(IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> gradients, float[][] velocities, Scalars scalars)
        : ITensorUpdate
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Update(int tensor, int start, int count)
        {
            var p = parameters[tensor].Data.AsSpan(start, count);
            var g = gradients[tensor].Data.AsSpan(start, count);
            if (scalars.Momentum == 0f)
                Descend(p, g, scalars);
            else
                DescendWithMomentum(p, g, velocities[tensor].AsSpan(start, count), scalars);
        }
    }

    /// <inheritdoc />
    /// <remarks>With momentum, the tensors are <c>{parameter}.momentum_buffer</c>, as PyTorch names them; without, there are none.</remarks>
    public OptimizerState CaptureState(IReadOnlyList<Tensor> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _layout?.CheckParameters(parameters);
        var tensors = Momentum == 0f ? [] : ParameterLayout.StateTensors(parameters, _velocities, Velocity);
        return new OptimizerState(nameof(Sgd), new Dictionary<string, string>(), tensors);
    }

    /// <inheritdoc />
    public void RestoreState(OptimizerState state, IReadOnlyList<Tensor> parameters)
    {
        ParameterLayout.CheckKind(state, nameof(Sgd));
        ArgumentNullException.ThrowIfNull(parameters);
        var velocities = Momentum == 0f ? [] : ParameterLayout.StateArrays(state, parameters, Velocity);
        _layout = new ParameterLayout(parameters);
        _velocities = velocities;
    }

    private const string Velocity = "momentum_buffer";

    private readonly record struct Scalars(float LearningRate, float Momentum, float WeightDecay, bool Nesterov);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Descend(Span<float> p, ReadOnlySpan<float> g, Scalars s)
    {
        var pv = MemoryMarshal.Cast<float, Vector<float>>(p);
        var gv = MemoryMarshal.Cast<float, Vector<float>>(g);
        var lr = new Vector<float>(s.LearningRate);
        var decay = new Vector<float>(s.WeightDecay);
        for (var i = 0; i < pv.Length; i++)
            pv[i] -= lr * (gv[i] + decay * pv[i]);
        for (var i = pv.Length * Vector<float>.Count; i < p.Length; i++)
            p[i] -= s.LearningRate * (g[i] + s.WeightDecay * p[i]);
    }

    // Before the first step the buffers are zero, so μ·v + g is the gradient itself, as PyTorch's first step takes it.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DescendWithMomentum(Span<float> p, ReadOnlySpan<float> g, Span<float> v, Scalars s)
    {
        var pv = MemoryMarshal.Cast<float, Vector<float>>(p);
        var gv = MemoryMarshal.Cast<float, Vector<float>>(g);
        var vv = MemoryMarshal.Cast<float, Vector<float>>(v);
        var lr = new Vector<float>(s.LearningRate);
        var mu = new Vector<float>(s.Momentum);
        var decay = new Vector<float>(s.WeightDecay);
        for (var i = 0; i < pv.Length; i++)
        {
            var grad = gv[i] + decay * pv[i];
            var velocity = SubnormalFlush.Flush(vv[i] * mu + grad);
            vv[i] = velocity;
            pv[i] -= lr * (s.Nesterov ? grad + mu * velocity : velocity);
        }
        for (var i = pv.Length * Vector<float>.Count; i < p.Length; i++)
        {
            var grad = g[i] + s.WeightDecay * p[i];
            v[i] = SubnormalFlush.Flush(v[i] * s.Momentum + grad);
            p[i] -= s.LearningRate * (s.Nesterov ? grad + s.Momentum * v[i] : v[i]);
        }
    }
}
