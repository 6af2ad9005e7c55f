using System.CommandLine;
using System.Globalization;
using NetForge.Cli.Building;
using NetForge.Cli.Inputs;
using NetForge.Cli.Training;

namespace NetForge.Cli.Commands;

/// <summary>
/// <c>netforge train FILE.net --out WEIGHTS</c>: builds the network in memory from the generator's output, trains it
/// on MNIST-format data with the runtime's <see cref="Trainer"/>, evaluates it on the test images after every epoch, and
/// saves its weights (with the input scaling and class names), a log of its epochs and, if asked, a checkpoint to resume from.
/// </summary>
internal static class TrainCommand
{
    public static Command Create(TextWriter output)
    {
        var file = new Argument<string>("file") { Description = "The .net file." };
        var network = CommonOptions.Network();
        var data = new Option<string>("--data")
        {
            Description = "The directory of the four MNIST-format files (train-images-idx3-ubyte[.gz] and the others).",
            DefaultValueFactory = _ => FashionMnist.DefaultDirectory,
            HelpName = "DIR",
        };
        var epochs = CommonOptions.Positive("--epochs", "The epochs to train, counting those of a resumed run.", 1);
        var batch = CommonOptions.Batch("The samples of a training step.");
        var optimizer = new Option<string>("--optimizer") { Description = "adam, sgd, momentum (SGD with 0.9) or rmsprop.", DefaultValueFactory = _ => "adam" };
        optimizer.AcceptOnlyFromAmong(TrainingChoices.Optimizers);
        var learningRate = CommonOptions.Real("--lr", "The learning rate; 1e-3 for adam and rmsprop, 1e-2 for sgd and momentum.", positive: true, fallback: null);
        var seed = new Option<int>("--seed") { Description = "Draws the initial weights, the order of the samples, dropout and augmentation.", DefaultValueFactory = _ => 0 };
        var threads = CommonOptions.Positive("--threads", "The threads that share each step, up to the number of cores; the result is the same for any count.", Environment.ProcessorCount);
        threads.Validators.Add(result =>
        {
            // More threads than cores would spin against each other in every step's hand-offs.
            if (result.GetValueOrDefault<int>() > Environment.ProcessorCount)
                result.AddError(FormattableString.Invariant($"--threads {result.GetValueOrDefault<int>()}: this machine has {Environment.ProcessorCount} cores"));
        });
        var augment = new Option<string?>("--augment") { Description = "Augmentation stages: flip, translate:PIXELS, crop:PADDING, rotate:DEGREES, noise:STD, comma-separated.", HelpName = "STAGES" };
        var samples = new Option<int?>("--samples") { Description = "Train on only the first N training images.", HelpName = "N" };
        var scaling = new ScalingOptions(readsWeights: false);
        var weights = new Option<string>("--out") { Description = "Where to save the trained weights (safetensors).", Required = true, HelpName = "WEIGHTS" };
        var log = new Option<string?>("--log") { Description = "Where to write one record per epoch: CSV, or JSON lines for a .jsonl path; beside the weights as NAME.log.csv when not given.", HelpName = "FILE" };
        var checkpoint = new Option<string?>("--checkpoint") { Description = "Where to keep a checkpoint, replaced after every epoch.", HelpName = "FILE" };
        var resume = new Option<string?>("--resume") { Description = "A checkpoint to resume from; it goes on being updated unless --checkpoint names another.", HelpName = "FILE" };

        var command = new Command("train", "Trains a network on MNIST-format images and saves its weights.")
        {
            file, network, data, epochs, batch, optimizer, learningRate, seed, threads, augment, samples, weights, log, checkpoint, resume,
        };
        scaling.AddTo(command);
        command.SetAction(parsed => Run(new Request(
            parsed.GetRequiredValue(file), parsed.GetValue(network), parsed.GetRequiredValue(data), parsed.GetValue(epochs), parsed.GetValue(batch),
            parsed.GetRequiredValue(optimizer), parsed.GetValue(learningRate), parsed.GetValue(seed), parsed.GetValue(threads), parsed.GetValue(augment),
            parsed.GetValue(samples), scaling.Resolve(parsed, recorded: null, note: null), parsed.GetRequiredValue(weights),
            parsed.GetValue(log), parsed.GetValue(checkpoint), parsed.GetValue(resume)), output));
        return command;
    }

    private sealed record Request(
        string File, string? Network, string Data, int Epochs, int Batch, string Optimizer, float? LearningRate, int Seed, int Threads,
        string? Augment, int? Samples, InputScaling Scaling, string Out, string? Log, string? Checkpoint, string? Resume);

    private static int Run(Request request, TextWriter output)
    {
        // What the command line asks for is checked before anything slow: the build, the data.
        var augmentation = TrainingChoices.Augmentation(request.Augment);
        var optimizer = TrainingChoices.Optimizer(request.Optimizer, request.LearningRate);
        var source = ModelSource.Read(request.File);
        var (build, networks) = Networks.Check(source);
        var chosen = Networks.Choose(networks, request.Network, source.Path);
        // The log goes beside the weights unless asked for elsewhere: lenet5.safetensors, lenet5.log.csv.
        var logPath = request.Log ?? Path.ChangeExtension(request.Out, ".log.csv");
        foreach (var path in new[] { request.Out, logPath, request.Checkpoint }.OfType<string>())
            OutputFiles.CheckDirectory(path);
        if (request.Resume is { } resumeFrom && !File.Exists(resumeFrom))
            throw new CliException($"{resumeFrom}: no such checkpoint");

        var scaling = request.Scaling;
        var (train, test) = Load(request.Data, scaling);
        if (request.Samples is { } count)
        {
            if (count < 1 || count > train.Count)
                throw new CliException(string.Create(CultureInfo.InvariantCulture, $"--samples {count}: the training set of {request.Data} has {train.Count} images"), ExitCodes.Usage);
            train = train.Take(count);
        }
        if (train.Count < request.Batch)
            throw new CliException(string.Create(CultureInfo.InvariantCulture, $"--batch {request.Batch}: the training set has only {train.Count} images, not one batch"), ExitCodes.Usage);
        DataChecks.CheckFits(chosen, train, request.Data);

        var model = Networks.Instantiate(build, chosen, request.Seed);
        var log = new EpochLogFile(logPath);
        var options = new TrainerOptions
        {
            BatchSize = request.Batch,
            Seed = request.Seed,
            Threads = request.Threads,
            Augmentation = augmentation,
            CheckpointPath = request.Checkpoint ?? request.Resume,
            Log = output,
            Callbacks = [new EpochEndCallback((_, result) => log.Add(result))],
        };
        Trainer trainer;
        try
        {
            trainer = new Trainer(model, optimizer, options);
            if (request.Resume is { } checkpoint)
            {
                trainer.LoadCheckpoint(checkpoint);
                log.KeepEarlier(trainer.EpochsCompleted);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"resumed from {checkpoint} after epoch {trainer.EpochsCompleted}"));
            }
            trainer.Fit(train, Math.Max(0, request.Epochs - trainer.EpochsCompleted), test);
        }
        catch (ArgumentException e)
        {
            // The trainer's messages name the data and options in the API's terms; the parameter suffix adds nothing here.
            throw new CliException(e.ParamName is { } name ? e.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : e.Message);
        }
        catch (TrainingDivergedException e)
        {
            throw new CliException(e.Message);
        }

        Weights.Save(model, request.Out, scaling);
        var evaluation = model.Evaluate(test);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{chosen.Name}: test accuracy {evaluation.Accuracy:F4}, loss {evaluation.MeanLoss:F4} on {test.Count} images; weights saved to {request.Out}, the log to {logPath}"));
        return ExitCodes.Success;
    }

    private static (Dataset Train, Dataset Test) Load(string directory, InputScaling scaling)
    {
        try
        {
            return MnistFormat.Load(directory, scaling.Mean, scaling.StandardDeviation);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new CliException("--mean and --std: " + e.Message.Split(Environment.NewLine)[0], ExitCodes.Usage);
        }
    }
}
