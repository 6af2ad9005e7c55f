namespace NetForge;

/// <summary>
/// A network placed on an accelerator, such as a generated network's <c>ToDevice</c> gives with the GPU runtime. It
/// is an <see cref="INetwork"/> like any other, so predictions, evaluations and single training steps work as on the
/// CPU (copying their batch to the device and back); a <see cref="Trainer"/> instead hands it whole epochs, which it
/// runs on the device from a copy of the data set made once.
/// </summary>
public interface IDeviceNetwork : INetwork
{
    /// <summary>One line: the accelerator the network runs on, and why it was chosen.</summary>
    string Device { get; }

    /// <summary>Throws <see cref="NotSupportedException"/>, naming the setting, for what the device cannot train with.</summary>
    void CheckTraining(IOptimizer optimizer, TrainerOptions options);

    /// <summary>
    /// Runs one training step per batch of <paramref name="batches"/>, in their order after the trainer has shuffled
    /// them, updating the parameters with <paramref name="optimizer"/> on the device; at the end the parameters are
    /// copied back into <see cref="INetwork.Parameters"/>.
    /// </summary>
    DeviceEpoch TrainEpoch(Dataset train, Minibatches batches, IOptimizer optimizer);
}

/// <summary>What an epoch on a device reports: each step's mean loss and right answers, copied back once at its end.</summary>
/// <param name="StepLosses">Each step's mean loss, in order, an L2 penalty included.</param>
/// <param name="StepDataLosses">Each step's mean loss without the penalty.</param>
/// <param name="StepCorrect">Each step's number of samples whose largest output is their label; 0 for targets that are values.</param>
/// <param name="StepSamples">Each step's number of samples.</param>
public sealed record DeviceEpoch(double[] StepLosses, double[] StepDataLosses, int[] StepCorrect, int[] StepSamples);
