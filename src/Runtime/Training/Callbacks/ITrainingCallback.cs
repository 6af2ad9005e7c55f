namespace NetForge;

/// <summary>
/// Code the <see cref="Trainer"/> runs around each epoch of <see cref="Trainer.Fit"/>, as Keras's callbacks do: to
/// change the learning rate, stop early (<see cref="Trainer.StopTraining"/>), record or print what an epoch did.
/// The callbacks of <see cref="TrainerOptions.Callbacks"/> run in their order.
/// </summary>
public interface ITrainingCallback
{
    /// <summary>Runs before the epoch numbered <paramref name="epoch"/> (from 1), after the schedule has set the learning rate.</summary>
    void OnEpochBegin(Trainer trainer, int epoch)
    {
    }

    /// <summary>Runs after an epoch and its validation.</summary>
    void OnEpochEnd(Trainer trainer, EpochResult result)
    {
    }

    /// <summary>Runs once when <see cref="Trainer.Fit"/> ends, whether its epochs ran out or training was stopped.</summary>
    void OnTrainEnd(Trainer trainer)
    {
    }
}

/// <summary>Runs an action after every epoch: the simplest callback, for anything the others do not do.</summary>
/// <param name="action">What to do with the trainer and the epoch's result.</param>
public sealed class EpochEndCallback(Action<Trainer, EpochResult> action) : ITrainingCallback
{
    private readonly Action<Trainer, EpochResult> _action = action ?? throw new ArgumentNullException(nameof(action));

    /// <inheritdoc />
    public void OnEpochEnd(Trainer trainer, EpochResult result) => _action(trainer, result);
}
