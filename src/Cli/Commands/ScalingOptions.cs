using System.CommandLine;
using System.Globalization;
using NetForge.Cli.Inputs;

namespace NetForge.Cli.Commands;

/// <summary>
/// <c>--mean</c>, <c>--std</c> and <c>--classes</c>: how pixels were scaled and what the classes are called. Training
/// records them in the weights file; a command that reads images takes them from there, and these options override
/// them or, for a file that records none, give them (Fashion-MNIST's when not given either).
/// </summary>
internal sealed class ScalingOptions
{
    private readonly Option<float?> _mean;
    private readonly Option<float?> _std;
    private readonly Option<string?> _classes;

    /// <summary>The options, described for a command that trains (and records them) or one that reads weights.</summary>
    public ScalingOptions(bool readsWeights)
    {
        var otherwise = readsWeights ? "; otherwise what the weights record, or Fashion-MNIST's" : "; Fashion-MNIST's when not given";
        _mean = CommonOptions.Real("--mean", "The pixel mean (0 to 1) subtracted before dividing by --std" + otherwise + ".", positive: false, fallback: null);
        _std = CommonOptions.Real("--std", "The pixel standard deviation (0 to 1)" + otherwise + ".", positive: true, fallback: null);
        _classes = new("--classes") { Description = "The class names by label, comma-separated" + otherwise + ".", HelpName = "NAMES" };
    }

    /// <summary>Adds the options to a command.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(_mean);
        command.Options.Add(_std);
        command.Options.Add(_classes);
    }

    /// <summary>The scaling to use: the options over what the weights record, over Fashion-MNIST's.</summary>
    /// <param name="parsed">The command line.</param>
    /// <param name="recorded">What the weights file records, or null; null also for a command that trains.</param>
    /// <param name="note">Where to say that Fashion-MNIST's scaling was assumed for weights that record none, or null not to.</param>
    public InputScaling Resolve(ParseResult parsed, InputScaling? recorded, TextWriter? note)
    {
        var (mean, std, classes) = (parsed.GetValue(_mean), parsed.GetValue(_std), parsed.GetValue(_classes));
        if (recorded is null && note is not null && mean is null && std is null)
            note.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"netforge: note: the weights record no input scaling, so Fashion-MNIST's is used (--mean {FashionMnist.Mean} --std {FashionMnist.StandardDeviation})"));
        var basis = recorded ?? InputScaling.FashionMnist;
        return new InputScaling(
            mean ?? basis.Mean,
            std ?? basis.StandardDeviation,
            classes is null ? basis.Classes : classes.Split(InputScaling.ClassSeparator, StringSplitOptions.TrimEntries));
    }
}
