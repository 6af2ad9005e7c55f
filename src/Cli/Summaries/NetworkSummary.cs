using System.Globalization;
using NetForge.Dsl.Model;
using NetForge.Dsl.Planning;

namespace NetForge.Cli.Summaries;

/// <summary>
/// What Keras's <c>model.summary()</c> shows, from the checked network alone: one row per layer with its output
/// shape, parameters and forward FLOPs per sample, then the totals and what a training step holds in memory.
/// </summary>
/// <param name="Network">The checked network.</param>
/// <param name="Rows">One row per layer, in order.</param>
/// <param name="TrainingBytes">What a training step with Adam at <paramref name="Batch"/> holds (see <see cref="Memory"/>).</param>
/// <param name="Batch">The batch size the memory is counted at.</param>
internal sealed record NetworkSummary(Network Network, IReadOnlyList<NetworkSummary.Row> Rows, TrainingMemory TrainingBytes, int Batch)
{
    /// <summary>A layer's row.</summary>
    public sealed record Row(string Layer, string Op, string OutputShape, long Parameters, long Flops);

    /// <summary>Values of the parameters, which training changes.</summary>
    public long Trainable => Network.ParameterCount;

    /// <summary>Values of the layers' state (batch normalisation's running statistics), which training keeps but does not train.</summary>
    public long NonTrainable => Network.Layers.Sum(l => l.State.Sum(s => (long)s.Shape.Size));

    /// <summary>Summarises a network for training at <paramref name="batch"/> samples a step.</summary>
    public static NetworkSummary Of(Network network, int batch)
    {
        var rows = network.Layers.Select(l => new Row(l.Name, l.Text, l.Output.ToString(), l.ParameterCount + l.State.Sum(s => (long)s.Shape.Size), l.Flops)).ToList();
        return new NetworkSummary(network, rows, Memory(network, batch), batch);
    }

    /// <summary>
    /// The floats a training step keeps, in bytes: the parameters with their gradients and Adam's two moments, the
    /// state; and per sample the input, every output the training pass writes with its gradient, the values the
    /// forward saves for the backward, and the skip connections' gradients. The generated class allocates these.
    /// </summary>
    public static TrainingMemory Memory(Network network, int batch)
    {
        var plan = Planner.Plan(network.WithoutLocations());
        var pass = plan.Training;
        long perSample = network.Input.Size
            + 2L * pass.OwnedBuffers.Sum(b => (long)b.Size)
            + pass.SavedBuffers.Where(s => s.Saved.PerSample).Sum(s => (long)s.Saved.Size)
            + pass.SkipGradients.Sum(s => (long)s.Size);
        long fixedValues = pass.SavedBuffers.Where(s => !s.Saved.PerSample).Sum(s => (long)s.Saved.Size);
        var parameters = 4L * network.ParameterCount + network.Layers.Sum(l => l.State.Sum(s => (long)s.Shape.Size));
        return new TrainingMemory(sizeof(float) * parameters, sizeof(float) * (perSample * batch + fixedValues));
    }

    /// <summary>The table as text, one line per row, in columns wide enough for their widest cell.</summary>
    public IEnumerable<string> Lines()
    {
        var cells = Rows.Select(r => new[] { r.Layer, r.Op, r.OutputShape, Count(r.Parameters), Count(r.Flops) }).ToList();
        string[] titles = ["Layer", "Op", "Output shape", "Params", "FLOPs/sample"];
        var widths = Enumerable.Range(0, titles.Length).Select(c => cells.Select(row => row[c].Length).Append(titles[c].Length).Max()).ToArray();
        var width = widths.Sum() + 2 * (widths.Length - 1);
        string Line(string[] row) => string.Join("  ", row.Select((cell, c) => c >= 3 ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]))).TrimEnd();

        yield return $"Network {Network.Name}, input {Network.Input}";
        yield return new string('─', width);
        yield return Line(titles);
        yield return new string('─', width);
        foreach (var row in cells)
            yield return Line(row);
        yield return new string('═', width);
        yield return $"Total params: {Count(Trainable + NonTrainable)} ({Bytes(4 * (Trainable + NonTrainable))})";
        yield return $"Trainable params: {Count(Trainable)}";
        yield return $"Non-trainable params: {Count(NonTrainable)}";
        yield return $"FLOPs per sample (forward): {Count(Network.Flops)}";
        yield return string.Create(CultureInfo.InvariantCulture,
            $"Training step memory at batch {Batch} with Adam: {Bytes(TrainingBytes.Total)} (parameters, gradients, Adam's moments and state {Bytes(TrainingBytes.Parameters)}; activations and their gradients {Bytes(TrainingBytes.Activations)})");
    }

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Bytes(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:F1} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):F1} MB"),
    };
}

/// <summary>What a training step keeps, in bytes.</summary>
/// <param name="Parameters">The parameters, their gradients, the optimizer's moments and the state.</param>
/// <param name="Activations">The batch's input, outputs, their gradients and saved values.</param>
internal sealed record TrainingMemory(long Parameters, long Activations)
{
    /// <summary>Both together.</summary>
    public long Total => Parameters + Activations;
}
