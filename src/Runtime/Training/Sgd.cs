using System.Numerics;
using System.Runtime.InteropServices;

namespace NetForge;

/// <summary>
/// Stochastic gradient descent with optional momentum, in PyTorch's form: v ← μ·v + g, then p ← p − lr·v
/// (without momentum, p ← p − lr·g).
/// </summary>
public sealed class Sgd : IOptimizer
{
    private float _learningRate;
    private ParameterLayout? _layout;
    private float[][] _velocities = [];

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">The step size lr.</param>
    /// <param name="momentum">The momentum factor μ; 0 for plain gradient descent.</param>
    public Sgd(float learningRate, float momentum = 0f)
    {
        _learningRate = ParameterLayout.CheckLearningRate(learningRate, nameof(learningRate));
        if (!(momentum >= 0) || float.IsPositiveInfinity(momentum))
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "The momentum must be finite and not negative.");
        Momentum = momentum;
    }

    /// <inheritdoc />
    public float LearningRate
    {
        get => _learningRate;
        set => _learningRate = ParameterLayout.CheckLearningRate(value, nameof(value));
    }

    /// <summary>The momentum factor μ.</summary>
    public float Momentum { get; }

    /// <inheritdoc />
    public void Step(IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> gradients)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(gradients);
        if (_layout is null)
        {
            ParameterLayout.CheckGradients(parameters, gradients);
            _layout = new ParameterLayout(parameters);
            if (Momentum != 0f)
                _velocities = ParameterLayout.ZeroStateFor(parameters);
        }
        else
        {
            _layout.Check(parameters, gradients);
        }

        for (var i = 0; i < parameters.Count; i++)
        {
            if (Momentum == 0f)
                Descend(parameters[i].Data, gradients[i].Data, _learningRate);
            else
                DescendWithMomentum(parameters[i].Data, gradients[i].Data, _velocities[i], _learningRate, Momentum);
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

    private static void Descend(Span<float> p, ReadOnlySpan<float> g, float lr)
    {
        var pv = MemoryMarshal.Cast<float, Vector<float>>(p);
        var gv = MemoryMarshal.Cast<float, Vector<float>>(g);
        var lrv = new Vector<float>(lr);
        for (var i = 0; i < pv.Length; i++)
            pv[i] -= lrv * gv[i];
        for (var i = pv.Length * Vector<float>.Count; i < p.Length; i++)
            p[i] -= lr * g[i];
    }

    private static void DescendWithMomentum(Span<float> p, ReadOnlySpan<float> g, Span<float> v, float lr, float mu)
    {
        var pv = MemoryMarshal.Cast<float, Vector<float>>(p);
        var gv = MemoryMarshal.Cast<float, Vector<float>>(g);
        var vv = MemoryMarshal.Cast<float, Vector<float>>(v);
        var lrv = new Vector<float>(lr);
        var muv = new Vector<float>(mu);
        for (var i = 0; i < pv.Length; i++)
        {
            var velocity = vv[i] * muv + gv[i];
            vv[i] = velocity;
            pv[i] -= lrv * velocity;
        }
        for (var i = pv.Length * Vector<float>.Count; i < p.Length; i++)
        {
            v[i] = v[i] * mu + g[i];
            p[i] -= lr * v[i];
        }
    }
}
