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

    /// <summary>One zeroed array per parameter, of its length: an optimizer's per-value state.</summary>
    public static float[][] ZeroStateFor(IReadOnlyList<Tensor> parameters)
    {
        var state = new float[parameters.Count][];
        for (var i = 0; i < state.Length; i++)
            state[i] = new float[parameters[i].Length];
        return state;
    }

    /// <summary>Throws unless the parameters match the first step's and each gradient matches its parameter.</summary>
    public void Check(IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> gradients)
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
        CheckGradients(parameters, gradients);
    }

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

    public static float CheckLearningRate(float value, string name)
    {
        if (!(value >= 0) || float.IsPositiveInfinity(value))
            throw new ArgumentOutOfRangeException(name, value, "The learning rate must be finite and not negative.");
        return value;
    }
}
