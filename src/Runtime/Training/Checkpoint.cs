using System.Globalization;

namespace NetForge;

/// <summary>
/// A trainer's checkpoint as a safetensors file: the network's parameters and state under their own names (so that
/// <see cref="NetworkWeights.LoadWeights(INetwork, string, WeightLoadOptions?)"/> reads it like a weights file), the
/// optimizer's tensors under <c>optimizer.</c>, and in the metadata the counters that fix where the run stands: epochs
/// completed (which fixes the next epoch's shuffle), the network's seed and training steps (which fix dropout's masks),
/// the learning rate, the optimizer's values, and the seed and batch size the shuffle depends on.
/// </summary>
internal static class Checkpoint
{
    private const string Prefix = "optimizer.";
    private const string MarkerKey = "netforge.checkpoint";
    private const string EpochsKey = "netforge.epochs_completed";
    private const string StepsKey = "netforge.training_steps";
    private const string NetworkSeedKey = "netforge.network_seed";
    private const string LearningRateKey = "netforge.learning_rate";
    private const string SeedKey = "netforge.seed";
    private const string BatchSizeKey = "netforge.batch_size";
    private const string DropLastKey = "netforge.drop_last";
    private const string OptimizerKey = "netforge.optimizer";

    public static void Write(string path, Trainer trainer)
    {
        var network = trainer.Network;
        var state = trainer.Optimizer.CaptureState(network.Parameters);
        var metadata = NetworkWeights.Metadata(network);
        metadata[MarkerKey] = "1";
        metadata[EpochsKey] = Text(trainer.EpochsCompleted);
        metadata[StepsKey] = network.TrainingSteps.ToString(CultureInfo.InvariantCulture);
        metadata[NetworkSeedKey] = Text(network.Seed);
        metadata[LearningRateKey] = trainer.Optimizer.LearningRate.ToString("R", CultureInfo.InvariantCulture);
        metadata[SeedKey] = Text(trainer.Options.Seed);
        metadata[BatchSizeKey] = Text(trainer.Options.BatchSize);
        metadata[DropLastKey] = trainer.Options.DropLast ? "true" : "false";
        metadata[OptimizerKey] = state.Kind;
        foreach (var (key, value) in state.Values)
            metadata[Prefix + key] = value;
        // The captured tensors are the state's own copies, so they are written under the prefix without another.
        var optimizerTensors = state.Tensors.Select(t => new Tensor(Prefix + t.Name, t));
        SafetensorsFile.Write(path, NetworkWeights.Tensors(network).Concat(optimizerTensors), metadata);
    }

    /// <summary>Restores the trainer from the file, or throws and leaves network, optimizer and trainer as they were.</summary>
    public static int Read(string path, Trainer trainer)
    {
        var file = SafetensorsFile.Read(path);
        var metadata = file.Metadata;
        if (!metadata.TryGetValue(MarkerKey, out var marker) || marker != "1")
            throw SafetensorsHeader.Invalid(path, $"this is not a NetForge checkpoint (its metadata lacks {MarkerKey}).");
        var epochs = Int(file, EpochsKey);
        var networkSeed = Int(file, NetworkSeedKey);
        var steps = long.TryParse(Value(file, StepsKey), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s
            : throw SafetensorsHeader.Invalid(path, $"{StepsKey} is not a count.");
        var learningRate = float.TryParse(Value(file, LearningRateKey), NumberStyles.Float, CultureInfo.InvariantCulture, out var lr) ? lr
            : throw SafetensorsHeader.Invalid(path, $"{LearningRateKey} is not a number.");
        if (!(learningRate >= 0) || float.IsPositiveInfinity(learningRate))
            throw SafetensorsHeader.Invalid(path, $"{LearningRateKey} is {learningRate}, not a finite rate that is not negative.");
        var options = trainer.Options;
        var (seed, batchSize, dropLast) = (Int(file, SeedKey), Int(file, BatchSizeKey), Value(file, DropLastKey) == "true");
        if (seed != options.Seed || batchSize != options.BatchSize || dropLast != options.DropLast)
            throw new ArgumentException(FormattableString.Invariant(
                $"{path} was written with Seed {seed}, BatchSize {batchSize} and DropLast {dropLast}, but this trainer has ") +
                FormattableString.Invariant($"{options.Seed}, {options.BatchSize} and {options.DropLast}; resuming exactly needs the same order of samples."));

        var network = trainer.Network;
        var (assignments, _) = WeightMatcher.Match(NetworkWeights.Tensors(network).ToArray(), file, new WeightLoadOptions());
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in metadata)
        {
            if (key.StartsWith(Prefix, StringComparison.Ordinal))
                values[key[Prefix.Length..]] = value;
        }
        var tensors = file.Tensors.Where(t => t.Name.StartsWith(Prefix, StringComparison.Ordinal)).Select(t => ToTensor(t, path)).ToArray();
        var state = new OptimizerState(Value(file, OptimizerKey), values, tensors);
        try
        {
            trainer.Optimizer.RestoreState(state, network.Parameters);
        }
        catch (ArgumentException e)
        {
            throw SafetensorsHeader.Invalid(path, $"its optimizer state does not fit this trainer: {e.Message}");
        }
        trainer.Optimizer.LearningRate = learningRate;
        WeightMatcher.Apply(assignments);
        network.TrainingSteps = steps;
        network.Seed = networkSeed;
        return epochs;
    }

    private static Tensor ToTensor(SafetensorsTensor source, string path)
    {
        if (!source.IsFloatingPoint || source.Shape.Count == 0 || source.Shape.Any(e => e is <= 0 or > int.MaxValue))
            throw SafetensorsHeader.Invalid(path, $"optimizer tensor '{source.Name}' is {source.DType} {source.ShapeText}, not a floating-point tensor of positive extents.");
        var shape = source.Shape.Select(e => (int)e).ToArray();
        var tensor = new Tensor(source.Name[Prefix.Length..], shape);
        source.CopyTo(tensor.Data);
        return tensor;
    }

    private static string Value(SafetensorsFile file, string key) =>
        file.Metadata.TryGetValue(key, out var value) ? value : throw SafetensorsHeader.Invalid(file.Source, $"the checkpoint's metadata lacks {key}.");

    private static int Int(SafetensorsFile file, string key) =>
        int.TryParse(Value(file, key), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value
            : throw SafetensorsHeader.Invalid(file.Source, $"{key} is not an integer.");

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
