namespace NetForge;

/// <summary>
/// A learning rate per epoch, set by the <see cref="Trainer"/> on the optimizer before each epoch when
/// <see cref="TrainerOptions.Schedule"/> is given: what a PyTorch loop gets by calling <c>scheduler.step()</c> after each
/// epoch, or Keras's <c>LearningRateScheduler</c>.
/// </summary>
public interface ILearningRateSchedule
{
    /// <summary>The learning rate of the epoch that follows <paramref name="epochsCompleted"/> completed ones.</summary>
    /// <param name="epochsCompleted">The epochs trained before this one: 0 for the first epoch.</param>
    /// <param name="baseLearningRate">The optimizer's learning rate when the trainer was created.</param>
    double LearningRate(int epochsCompleted, double baseLearningRate);
}
