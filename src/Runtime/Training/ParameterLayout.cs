using System.Runtime.CompilerServices;

namespace NetForge;

/// <summary>The parameter shapes an optimizer's state was allocated for, checked again on every step.</summary>
internal sealed class ParameterLayout
{
    private readonly int[][] _shapes;

    public ParameterLayout(IReadOnlyList<Tensor> parameters)
    {
        _shapes = new int[parameters.Count][];
        for (var i = 0; i < _shapes.Length; i++)
            _shapes[i] = parameters[i].Shape.ToArray();
    }

    /// <summary>
    /// Checks a step's arguments: on the first step (when <paramref name="layout"/> is null) that each gradient fits its
    /// parameter, and the layout is recorded; on later steps that they match the first step's.
    /// </summary>
    /// <returns>True on the first step, when the optimizer allocates its state.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool Begin(ref ParameterLayout? layout, IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> gradients)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(gradients);
        if (layout is not null)
        {
            layout.Check(parameters, gradients);
            return false;
        }
        CheckGradients(parameters, gradients);
        layout = new ParameterLayout(parameters);
        return true;
    }

    /// <summary>One zeroed array per parameter, of its length: an optimizer's per-value state.</summary>
    public static float[][] ZeroStateFor(IReadOnlyList<Tensor> parameters)
    {
        var state = new float[parameters.Count][];
        for (var i = 0; i < state.Length; i++)
            state[i] = Cpu.AlignedArrays.Allocate(parameters[i].Length);
        return state;
    }

    /// <summary>Throws unless the parameters match the first step's and each gradient matches its parameter.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Check(IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> gradients)
    {
        CheckParameters(parameters);
        CheckGradients(parameters, gradients);
    }

    /// <summary>Throws unless the parameters match the first step's in number and shapes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void CheckParameters(IReadOnlyList<Tensor> parameters)
    {
        if (parameters.Count != _shapes.Length)
            throw new ArgumentException(
                FormattableString.Invariant($"The optimizer was set up for {_shapes.Length} parameters on its first step but got {parameters.Count}."), nameof(parameters));
        for (var i = 0; i < _shapes.Length; i++)
        {
            if (!parameters[i].Shape.SequenceEqual(_shapes[i]))
                throw new ArgumentException(
                    FormattableString.Invariant($"Parameter {i} ('{parameters[i].Name}') has shape {parameters[i].ShapeText}, but the optimizer was set up for ") +
                    FormattableString.Invariant($"[{string.Join(", ", _shapes[i])}] on its first step."), nameof(parameters));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void CheckGradients(IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> gradients)
    {
        if (gradients.Count != parameters.Count)
            throw new ArgumentException(FormattableString.Invariant($"There are {gradients.Count} gradients for {parameters.Count} parameters."), nameof(gradients));
        for (var i = 0; i < parameters.Count; i++)
        {
            if (!gradients[i].Shape.SequenceEqual(parameters[i].Shape))
                throw new ArgumentException(
                    FormattableString.Invariant($"Gradient '{gradients[i].Name}' has shape {gradients[i].ShapeText} but parameter '{parameters[i].Name}' has {parameters[i].ShapeText}."),
                    nameof(gradients));
        }
    }

    /// <summary>One tensor per parameter named <c>{parameter}.{role}</c>, holding a copy of <paramref name="values"/>
    /// (zeros where the optimizer has not stepped yet).</summary>
    public static Tensor[] StateTensors(IReadOnlyList<Tensor> parameters, float[][] values, string role)
    {
        var tensors = new Tensor[parameters.Count];
        for (var i = 0; i < tensors.Length; i++)
        {
            tensors[i] = new Tensor(parameters[i].Name + "." + role, parameters[i].Shape.ToArray());
            if (i < values.Length)
                values[i].CopyTo(tensors[i].Data, 0);
        }
        return tensors;
    }

    /// <summary>
    /// Copies of the state tensors called <c>{parameter}.{role}</c>, one per parameter, after checking that each is
    /// there and shaped like its parameter; throws before anything is returned otherwise.
    /// </summary>
    public static float[][] StateArrays(OptimizerState state, IReadOnlyList<Tensor> parameters, string role)
    {
        var byName = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var tensor in state.Tensors)
            byName[tensor.Name] = tensor;
        var arrays = new float[parameters.Count][];
        for (var i = 0; i < arrays.Length; i++)
        {
            var name = parameters[i].Name + "." + role;
            if (!byName.TryGetValue(name, out var tensor))
                throw new ArgumentException($"The {state.Kind} state has no tensor '{name}'.", nameof(state));
            if (!tensor.Shape.SequenceEqual(parameters[i].Shape))
                throw new ArgumentException(
                    $"The {state.Kind} state's '{name}' has shape {tensor.ShapeText}, but parameter '{parameters[i].Name}' has {parameters[i].ShapeText}.", nameof(state));
            arrays[i] = Cpu.AlignedArrays.Allocate(tensor.Length);
            tensor.Data.CopyTo(arrays[i], 0);
        }
        return arrays;
    }

    /// <summary>The name under which optimizers that count their steps keep the count.</summary>
    public const string StepKey = "step";

    /// <summary>The step count of a captured state; throws when it has none.</summary>
    public static int StepCount(OptimizerState state)
    {
        if (!state.Values.TryGetValue(StepKey, out var text) ||
            !int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var steps))
            throw new ArgumentException($"The {state.Kind} state has no valid step count.", nameof(state));
        return steps;
    }

    /// <summary>Throws unless <paramref name="state"/> was captured from an optimizer of kind <paramref name="kind"/>.</summary>
    public static void CheckKind(OptimizerState state, string kind)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Kind != kind)
            throw new ArgumentException($"The state belongs to {state.Kind}, not to {kind}.", nameof(state));
    }

    /// <summary>Throws unless <paramref name="value"/> is finite and not negative, as momenta and decays must be.</summary>
    public static float CheckFactor(float value, string name, string what)
    {
        if (!(value >= 0) || float.IsPositiveInfinity(value))
            throw new ArgumentOutOfRangeException(name, value, what + " must be finite and not negative.");
        return value;
    }

    /// <summary>Throws unless <paramref name="value"/> lies in [0, 1), as a decay rate of a running mean must.</summary>
    public static float CheckRate(float value, string name, string what)
    {
        if (!(value >= 0 && value < 1))
            throw new ArgumentOutOfRangeException(name, value, what + " must lie in [0, 1).");
        return value;
    }

    public static float CheckLearningRate(float value, string name)
    {
        if (!(value >= 0) || float.IsPositiveInfinity(value))
            throw new ArgumentOutOfRangeException(name, value, "The learning rate must be finite and not negative.");
        return value;
    }
}
