namespace NetForge;

/// <summary>
/// Anything that predicts one sample at a time: every network, and an <see cref="Ensemble"/> of them. What
/// <see cref="ConfusionMatrix.Of"/> and other per-sample tools need.
/// </summary>
public interface IPredictor
{
    /// <summary>Values per input sample.</summary>
    int InputLength { get; }

    /// <summary>Values per output sample.</summary>
    int OutputLength { get; }

    /// <summary>Whether the targets are class labels or real values.</summary>
    TargetKind TargetKind { get; }

    /// <summary>Computes the output for one sample, in inference mode.</summary>
    void Predict(ReadOnlySpan<float> input, Span<float> output);

    /// <summary>Returns the predicted class of one sample.</summary>
    int Classify(ReadOnlySpan<float> input);
}
