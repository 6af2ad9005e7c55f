using System.Globalization;

namespace NetForge.Cli.Training;

/// <summary>The optimizers and augmentations the command line names, with PyTorch's defaults where it names no value.</summary>
internal static class TrainingChoices
{
    /// <summary>The optimizer names <c>--optimizer</c> accepts.</summary>
    public static readonly string[] Optimizers = ["adam", "sgd", "momentum", "rmsprop"];

    /// <summary>An optimizer by name, at <paramref name="learningRate"/> or the optimizer's usual one.</summary>
    public static IOptimizer Optimizer(string name, float? learningRate) => name switch
    {
        "adam" => new Adam(learningRate ?? 1e-3f),
        "sgd" => new Sgd(learningRate ?? 1e-2f),
        "momentum" => new Sgd(learningRate ?? 1e-2f, momentum: 0.9f),
        "rmsprop" => new RmsProp(learningRate ?? 1e-3f),
        _ => throw new CliException($"unknown optimizer '{name}'; use one of {string.Join(", ", Optimizers)}", ExitCodes.Usage),
    };

    /// <summary>
    /// The augmentation of <c>--augment</c>: stages separated by commas, each a name and, after a colon, its size:
    /// <c>flip</c>, <c>translate:2</c> (pixels), <c>crop:2</c> (padding), <c>rotate:10</c> (degrees), <c>noise:0.1</c>
    /// (standard deviation). Null for none.
    /// </summary>
    public static IAugmentation? Augmentation(string? text)
    {
        if (text is null)
            return null;
        var stages = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(Stage).ToArray();
        if (stages.Length == 0)
            throw new CliException($"--augment '{text}' names no stage; use flip, translate:PIXELS, crop:PADDING, rotate:DEGREES or noise:STD", ExitCodes.Usage);
        return stages.Length == 1 ? stages[0] : new AugmentationPipeline(stages);
    }

    private static IAugmentation Stage(string stage)
    {
        var colon = stage.IndexOf(':');
        var name = colon < 0 ? stage : stage[..colon];
        var value = colon < 0 ? null : stage[(colon + 1)..];
        try
        {
            return name switch
            {
                "flip" => new RandomHorizontalFlip(value is null ? 0.5 : Real(value, stage)),
                "translate" => new RandomTranslation(value is null ? 2 : Integer(value, stage)),
                "crop" => new RandomCrop(value is null ? 2 : Integer(value, stage)),
                "rotate" => new RandomRotation(value is null ? 10 : Real(value, stage)),
                "noise" => new GaussianNoise(value is null ? 0.1 : Real(value, stage)),
                _ => throw new CliException($"unknown augmentation '{name}' in --augment; use flip, translate:PIXELS, crop:PADDING, rotate:DEGREES or noise:STD", ExitCodes.Usage),
            };
        }
        catch (ArgumentException e)
        {
            throw new CliException($"--augment {stage}: {e.Message}", ExitCodes.Usage);
        }
    }

    private static int Integer(string text, string stage) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new CliException($"--augment {stage}: '{text}' is not a whole number", ExitCodes.Usage);

    private static double Real(string text, string stage) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new CliException($"--augment {stage}: '{text}' is not a number", ExitCodes.Usage);
}
