using System.Globalization;

namespace NetForge;

/// <summary>The checks and random draws that every augmentation shares.</summary>
internal static class ImageBatch
{
    /// <summary>
    /// Checks a batch of images and returns the extents of one: channels, height and width.
    /// </summary>
    public static (int Channels, int Height, int Width) Check(string augmentation, ReadOnlySpan<float> inputs, int count, ReadOnlySpan<int> sampleShape)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (!IsImage(sampleShape))
            throw new ArgumentException($"{augmentation} works on samples of shape [channels, height, width], not {Text(sampleShape)}.", nameof(sampleShape));
        var size = (long)sampleShape[0] * sampleShape[1] * sampleShape[2];
        if (inputs.Length < size * count)
            throw new ArgumentException(
                FormattableString.Invariant($"{count} samples of shape {Text(sampleShape)} need {size * count} values, but the inputs hold {inputs.Length}."), nameof(inputs));
        return (sampleShape[0], sampleShape[1], sampleShape[2]);
    }

    /// <summary>Refuses a network whose samples are not images, naming the option that needs them.</summary>
    public static void CheckNetwork(ReadOnlySpan<int> inputShape, string parameter)
    {
        if (!IsImage(inputShape))
            throw new ArgumentException(
                $"TrainerOptions.Augmentation works on images of shape [channels, height, width], but the network's input shape is {Text(inputShape)}.", parameter);
    }

    private static bool IsImage(ReadOnlySpan<int> shape) => shape.Length == 3 && shape[0] > 0 && shape[1] > 0 && shape[2] > 0;

    public static string Text(ReadOnlySpan<int> shape)
    {
        var parts = new string[shape.Length];
        for (var i = 0; i < parts.Length; i++)
            parts[i] = shape[i].ToString(CultureInfo.InvariantCulture);
        return "[" + string.Join(", ", parts) + "]";
    }

    /// <summary>
    /// The seed of one training batch. The trainer's seed and the epoch fill separate halves of the key, as in the
    /// shuffle of <see cref="Minibatches"/>, which is hashed before the batch is mixed in so that the augmentation's
    /// numbers are not the shuffle's; a run, and a resumed one, thus draws the same augmentation for each batch.
    /// </summary>
    public static ulong TrainingSeed(int seed, int epoch, int batch) =>
        Derive(SplitMix64.Mix(((ulong)(uint)seed << 32) | (uint)epoch), batch);

    /// <summary>
    /// A seed for part <paramref name="index"/> (a sample, or a stage of a pipeline) of what <paramref name="seed"/>
    /// covers; parts of the same seed get unrelated seeds.
    /// </summary>
    public static ulong Derive(ulong seed, int index) =>
        SplitMix64.Mix(unchecked(seed + ((ulong)(uint)index + 1) * SplitMix64.Gamma));

    /// <summary>The generator of sample <paramref name="index"/> of a batch.</summary>
    public static SplitMix64 Sample(ulong seed, int index) => new(Derive(seed, index));

    /// <summary>A double in [0, 1): one of the 2⁵³ multiples of 2⁻⁵³ below 1.</summary>
    public static double NextDouble(ref SplitMix64 random) => (random.Next() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Two independent standard normal values, by the Box–Muller transform.</summary>
    public static (double, double) NextGaussians(ref SplitMix64 random)
    {
        // 1 − u lies in (0, 1], so the logarithm is finite.
        var radius = Math.Sqrt(-2 * Math.Log(1 - NextDouble(ref random)));
        var angle = 2 * Math.PI * NextDouble(ref random);
        var (sin, cos) = Math.SinCos(angle);
        return (radius * cos, radius * sin);
    }
}
