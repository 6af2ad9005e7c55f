namespace NetForge;

/// <summary>How an <see cref="Ensemble"/> combines its members.</summary>
public enum EnsembleRule
{
    /// <summary>The mean of the members' class probabilities (their softmax, unless they end in one), or of their
    /// outputs when the targets are values; the class is the most probable one.</summary>
    AverageProbabilities,

    /// <summary>Each member votes for its class and the most voted class wins; a tie goes to the tied class of
    /// highest mean probability. The output is the share of votes per class.</summary>
    MajorityVote,
}

/// <summary>
/// Several networks of one kind used as one, as the lectures' "train several networks and average them": usable
/// wherever a predictor is (<see cref="IPredictor"/>), and evaluated on a data set with <see cref="Evaluate"/>.
/// Predictions allocate nothing; one ensemble is not meant for several threads at once.
/// </summary>
public sealed class Ensemble : IPredictor
{
    private readonly INetwork[] _members;
    private readonly bool[] _endsInSoftmax;
    private readonly float[] _memberOutput;
    private readonly float[] _mean;
    private readonly float[] _votes;

    /// <summary>Creates the ensemble.</summary>
    /// <param name="members">The networks, at least one, all of one input size, output size and target kind.</param>
    /// <param name="rule">How the members' outputs are combined.</param>
    /// <exception cref="ArgumentException">The members differ, or voting is asked for networks that predict values.</exception>
    public Ensemble(IEnumerable<INetwork> members, EnsembleRule rule = EnsembleRule.AverageProbabilities)
    {
        ArgumentNullException.ThrowIfNull(members);
        _members = members.ToArray();
        if (_members.Length == 0)
            throw new ArgumentException("An ensemble needs at least one network.", nameof(members));
        var first = _members[0] ?? throw new ArgumentException("A member is null.", nameof(members));
        foreach (var member in _members)
        {
            ArgumentNullException.ThrowIfNull(member, nameof(members));
            if (member.InputLength != first.InputLength || member.OutputLength != first.OutputLength || member.TargetKind != first.TargetKind)
                throw new ArgumentException(FormattableString.Invariant(
                    $"Every member must take {first.InputLength} inputs and give {first.OutputLength} {first.TargetKind} outputs; {member.GetType().Name} takes {member.InputLength} and gives {member.OutputLength} {member.TargetKind}."), nameof(members));
        }
        if (rule == EnsembleRule.MajorityVote && first.TargetKind != TargetKind.ClassLabels)
            throw new ArgumentException("Members that predict values cannot vote; average them.", nameof(rule));
        Rule = rule;
        _endsInSoftmax = _members.Select(m => m.Graph.Nodes[^1].Op == GraphOp.Softmax).ToArray();
        _memberOutput = new float[first.OutputLength];
        _mean = new float[first.OutputLength];
        _votes = new float[first.OutputLength];
    }

    /// <summary>The networks, in the order given.</summary>
    public IReadOnlyList<INetwork> Members => _members;

    /// <summary>How the members' outputs are combined.</summary>
    public EnsembleRule Rule { get; }

    /// <inheritdoc />
    public int InputLength => _members[0].InputLength;

    /// <inheritdoc />
    public int OutputLength => _members[0].OutputLength;

    /// <inheritdoc />
    public TargetKind TargetKind => _members[0].TargetKind;

    /// <summary>Writes the mean probabilities (or mean values), or with <see cref="EnsembleRule.MajorityVote"/> the
    /// share of votes per class.</summary>
    public void Predict(ReadOnlySpan<float> input, Span<float> output)
    {
        Combine(input);
        (Rule == EnsembleRule.MajorityVote ? _votes : _mean).CopyTo(output);
    }

    /// <inheritdoc />
    public int Classify(ReadOnlySpan<float> input)
    {
        Combine(input);
        if (Rule == EnsembleRule.AverageProbabilities)
            return Cpu.Reduce.ArgMax(_mean);
        var best = 0;
        for (var c = 1; c < _votes.Length; c++)
        {
            if (_votes[c] > _votes[best] || (_votes[c] == _votes[best] && _mean[c] > _mean[best]))
                best = c;
        }
        return best;
    }

    /// <summary>
    /// The ensemble's accuracy on <paramref name="data"/> and its mean loss: the cross-entropy of the mean
    /// probabilities for class labels, ½‖ŷ − y‖² of the mean outputs for values.
    /// </summary>
    /// <exception cref="ArgumentException">The data set does not match the members.</exception>
    public Evaluation Evaluate(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        NetworkEvaluation.CheckMatches(_members[0], data, nameof(data));
        if (data.Count == 0)
            return new Evaluation(double.NaN, double.NaN, 0);
        double loss = 0;
        long correct = 0;
        for (var i = 0; i < data.Count; i++)
        {
            var predicted = Classify(data.Sample(i));
            if (TargetKind == TargetKind.ClassLabels)
            {
                var label = data.Label(i);
                correct += predicted == label ? 1 : 0;
                loss -= Math.Log(Math.Max(_mean[label], float.Epsilon));
            }
            else
            {
                var target = data.Target(i);
                for (var j = 0; j < target.Length; j++)
                    loss += 0.5 * (_mean[j] - target[j]) * (_mean[j] - target[j]);
            }
        }
        var accuracy = TargetKind == TargetKind.ClassLabels ? (double)correct / data.Count : double.NaN;
        return new Evaluation(accuracy, loss / data.Count, data.Count);
    }

    private void Combine(ReadOnlySpan<float> input)
    {
        Array.Clear(_mean);
        Array.Clear(_votes);
        var share = 1f / _members.Length;
        for (var m = 0; m < _members.Length; m++)
        {
            _members[m].Predict(input, _memberOutput);
            if (TargetKind == TargetKind.ClassLabels && !_endsInSoftmax[m])
                Cpu.Softmax.Forward(_memberOutput, _memberOutput, 1, _memberOutput.Length);
            for (var j = 0; j < _mean.Length; j++)
                _mean[j] += share * _memberOutput[j];
            if (TargetKind == TargetKind.ClassLabels)
                _votes[Cpu.Reduce.ArgMax(_memberOutput)] += share;
        }
    }
}
