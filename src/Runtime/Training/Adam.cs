using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetForge;

/// <summary>
/// Adam (Kingma and Ba), as PyTorch computes it: with t the step number, g ← g + λ·p when weight decay λ is set,
/// m ← β₁·m + (1 − β₁)·g, v ← β₂·v + (1 − β₂)·g², and p ← p − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε).
/// <see cref="AdamW"/> decays the weights directly instead.
/// </summary>
/// <remarks>A moment that decays below float's smallest normal value, about 1.2e-38, is kept as zero: such values
/// change no parameter, and computing with them is some hundred times slower. PyTorch keeps them unless
/// <c>torch.set_flush_denormal(True)</c> is set, so its saved moments can differ from these by less than that.</remarks>
public sealed class Adam : IOptimizer
{
    private readonly bool _decoupled;
    private readonly string _kind;
    private float _learningRate;
    private ParameterLayout? _layout;
    private float[][] _firstMoments = [];
    private float[][] _secondMoments = [];
    private ParameterSplit? _split;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">The step size lr.</param>
    /// <param name="beta1">The decay β₁ of the running mean of the gradients, in [0, 1).</param>
    /// <param name="beta2">The decay β₂ of the running mean of the squared gradients, in [0, 1).</param>
    /// <param name="epsilon">The ε added to the denominator for numerical stability.</param>
    /// <param name="weightDecay">The L2 penalty λ added to the gradient as λ·p, for every parameter.</param>
    public Adam(float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, float weightDecay = 0f)
        : this(learningRate, beta1, beta2, epsilon, weightDecay, decoupled: false)
    {
    }

    internal Adam(float learningRate, float beta1, float beta2, float epsilon, float weightDecay, bool decoupled)
    {
        _learningRate = ParameterLayout.CheckLearningRate(learningRate, nameof(learningRate));
        Beta1 = ParameterLayout.CheckRate(beta1, nameof(beta1), "β₁");
        Beta2 = ParameterLayout.CheckRate(beta2, nameof(beta2), "β₂");
        Epsilon = ParameterLayout.CheckFactor(epsilon, nameof(epsilon), "ε");
        WeightDecay = ParameterLayout.CheckFactor(weightDecay, nameof(weightDecay), "The weight decay");
        _decoupled = decoupled;
        _kind = decoupled ? nameof(AdamW) : nameof(Adam);
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

    /// <summary>The weight decay λ.</summary>
    public float WeightDecay { get; }

    /// <summary>The number of steps taken, t.</summary>
    public int StepCount { get; private set; }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Step(IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> gradients)
    {
        if (ParameterLayout.Begin(ref _layout, parameters, gradients))
        {
            _firstMoments = ParameterLayout.ZeroStateFor(parameters);
            _secondMoments = ParameterLayout.ZeroStateFor(parameters);
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
            Epsilon: Epsilon,
            GradientDecay: _decoupled ? 0f : WeightDecay,
            WeightScale: _decoupled ? 1f - _learningRate * WeightDecay : 1f);
        ParameterSplit.Run(ref _split, parameters, new Pass(parameters, gradients, _firstMoments, _secondMoments, scalars));
    }

    /// <summary>The update of some values of one tensor, for <see cref="ParameterSplit"/>.</summary>
    private readonly struct Pass(IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> gradients, float[][] first, float[][] second, Scalars scalars)
        : ITensorUpdate
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Update(int tensor, int start, int count) =>
            Adam.Update(parameters[tensor].Data.AsSpan(start, count), gradients[tensor].Data.AsSpan(start, count),
                first[tensor].AsSpan(start, count), second[tensor].AsSpan(start, count), scalars);
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
        return new OptimizerState(_kind, values, tensors);
    }

    /// <inheritdoc />
    public void RestoreState(OptimizerState state, IReadOnlyList<Tensor> parameters)
    {
        ParameterLayout.CheckKind(state, _kind);
        ArgumentNullException.ThrowIfNull(parameters);
        var steps = ParameterLayout.StepCount(state);
        var first = ParameterLayout.StateArrays(state, parameters, FirstMoment);
        var second = ParameterLayout.StateArrays(state, parameters, SecondMoment);
        _layout = new ParameterLayout(parameters);
        _firstMoments = first;
        _secondMoments = second;
        StepCount = steps;
    }

    private const string FirstMoment = "exp_avg";
    private const string SecondMoment = "exp_avg_sq";
    private const string StepKey = ParameterLayout.StepKey;

    private readonly record struct Scalars(
        float StepSize, float RootBiasCorrection2, float OneMinusBeta1, float Beta2, float OneMinusBeta2, float Epsilon,
        float GradientDecay, float WeightScale);

    /// <summary>
    /// a / b, correctly rounded, for a divisor b the same for every value and its reciprocal y = 1 / b: the product
    /// q = a·y is within an ulp of a / b, the residual a − q·b is exact in one fused multiply-add, and q + residual·y,
    /// rounded once, is the correctly rounded quotient (Markstein's theorem), as long as nothing overflows or
    /// underflows. Adam's update took two divisions and a square root a value, all on the one divider of a core; this
    /// takes one of the divisions off it. Checked against the division for every float a from 1e-20 to 2e19 (a square
    /// root of any second moment that is kept, not flushed to zero) with the divisors of the first 200 steps and of
    /// steps to 20,000, and 24 others: no quotient differed. An infinite a, whose residual would be NaN, stays infinite,
    /// as the quotient does.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TVec QuotientByConstant<TOps, TVec>(TVec a, TVec b, TVec reciprocal)
        where TOps : struct, Cpu.IVectorOps<TVec>
        where TVec : struct
    {
        var q = TOps.Multiply(a, reciprocal);
        var residual = TOps.MultiplyAdd(TOps.Negate(q), b, a);
        return TOps.SelectWhereLess(a, TOps.Broadcast(float.PositiveInfinity), TOps.MultiplyAdd(residual, reciprocal, q), a);
    }

    // The whole vectors in the widest accelerated vectors, the rest a value at a time.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Update(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v, Scalars s)
    {
        var whole = p.Length / Lanes * Lanes;
        if (Vector512.IsHardwareAccelerated)
            Update<Cpu.Vector512Ops, Vector512<float>>(p, g, m, v, s, whole);
        else if (Vector256.IsHardwareAccelerated)
            Update<Cpu.Vector256Ops, Vector256<float>>(p, g, m, v, s, whole);
        else // Without SIMD hardware the 128-bit code runs in software, as the kernels' does.
            Update<Cpu.Vector128Ops, Vector128<float>>(p, g, m, v, s, whole);
        Update<Cpu.ScalarOps, float>(p[whole..], g[whole..], m[whole..], v[whole..], s, p.Length - whole);
    }

    /// <summary>
    /// The values a vector of the widest accelerated width updates at once: one AVX-512 vector took the MLP's update
    /// from 64–79 µs a step to 33–42 µs on two threads of the AMD build machine, its square roots and divisions the
    /// bound, where <see cref="Vector{T}"/> stays at 256 bits.
    /// </summary>
    private static int Lanes =>
        Vector512.IsHardwareAccelerated ? Vector512<float>.Count
        : Vector256.IsHardwareAccelerated ? Vector256<float>.Count
        : Vector128<float>.Count;

    // The operations follow PyTorch's order (m by lerp as PyTorch 2 has it, v by mul then addcmul, p by addcdiv), so
    // that the float rounding matches within a unit in the last place; moments that decay below the normal floats are
    // kept as zero (SubnormalFlush). Weight decay enters the gradient (Adam) or scales p first (AdamW); without it
    // both terms are exact no-ops. Every width, and the scalar tail, computes each value with the same operations.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Update<TOps, TVec>(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v, Scalars s, int count)
        where TOps : struct, Cpu.IVectorOps<TVec>
        where TVec : struct
    {
        ref var p0 = ref MemoryMarshal.GetReference(p);
        ref var g0 = ref MemoryMarshal.GetReference(g);
        ref var m0 = ref MemoryMarshal.GetReference(m);
        ref var v0 = ref MemoryMarshal.GetReference(v);
        var oneMinusBeta1 = TOps.Broadcast(s.OneMinusBeta1);
        var beta2 = TOps.Broadcast(s.Beta2);
        var oneMinusBeta2 = TOps.Broadcast(s.OneMinusBeta2);
        var rootBiasCorrection2 = TOps.Broadcast(s.RootBiasCorrection2);
        var reciprocalRootBiasCorrection2 = TOps.Broadcast(1f / s.RootBiasCorrection2);
        var epsilon = TOps.Broadcast(s.Epsilon);
        var negativeStepSize = TOps.Broadcast(-s.StepSize);
        var gradientDecay = TOps.Broadcast(s.GradientDecay);
        var weightScale = TOps.Broadcast(s.WeightScale);
        for (nint i = 0; i < count; i += TOps.Count)
        {
            var parameter = TOps.Load(ref Unsafe.Add(ref p0, i));
            var moment = TOps.Load(ref Unsafe.Add(ref m0, i));
            var grad = TOps.Add(TOps.Load(ref Unsafe.Add(ref g0, i)), TOps.Multiply(gradientDecay, parameter));
            var first = SubnormalFlush.Flush<TOps, TVec>(TOps.Add(moment, TOps.Multiply(oneMinusBeta1, TOps.Subtract(grad, moment))));
            var second = SubnormalFlush.Flush<TOps, TVec>(TOps.Add(TOps.Multiply(TOps.Load(ref Unsafe.Add(ref v0, i)), beta2),
                TOps.Multiply(TOps.Multiply(oneMinusBeta2, grad), grad)));
            TOps.Store(first, ref Unsafe.Add(ref m0, i));
            TOps.Store(second, ref Unsafe.Add(ref v0, i));
            var denominator = TOps.Add(QuotientByConstant<TOps, TVec>(TOps.SquareRoot(second), rootBiasCorrection2, reciprocalRootBiasCorrection2), epsilon);
            TOps.Store(TOps.Add(TOps.Multiply(parameter, weightScale), TOps.Divide(TOps.Multiply(negativeStepSize, first), denominator)),
                ref Unsafe.Add(ref p0, i));
        }
    }
}
