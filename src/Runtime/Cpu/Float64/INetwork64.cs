using System.ComponentModel;

namespace NetForge.Cpu.Float64;

/// <summary>
/// A network's float64 twin: the same steps as its training pass, generated from the same plan, with double buffers
/// and kernels, so that <c>GradientCheck</c> can difference its loss numerically far below float's rounding.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface INetwork64
{
    /// <summary>The parameters, in the network's order, copied from it when the twin was made.</summary>
    IReadOnlyList<Tensor64> Parameters { get; }

    /// <summary>The training steps taken, which fix dropout's masks; a check sets it back before each pass.</summary>
    long TrainingSteps { get; set; }

    /// <summary>Allocates buffers for batches of up to <paramref name="capacity"/> samples.</summary>
    NetworkBuffers64 CreateBuffers(int capacity);

    /// <summary>The training pass: forward, loss and backward, as the network's <c>TrainStep</c>; returns the mean loss,
    /// the L2 penalty included, and adds one to <see cref="TrainingSteps"/>.</summary>
    double TrainStep(NetworkBuffers64 buffers);

    /// <summary>The training pass's forward and loss only, the L2 penalty included; leaves <see cref="TrainingSteps"/> as it is.</summary>
    double Loss(NetworkBuffers64 buffers);
}

/// <summary>A network that can make its float64 twin; every generated network can.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IHasFloat64Twin
{
    /// <summary>A twin with a copy of the network's parameters, state, seed and training steps.</summary>
    INetwork64 CreateFloat64Twin();
}
