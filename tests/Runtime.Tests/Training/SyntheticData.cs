namespace NetForge.Runtime.Tests.Training;

internal static class SyntheticData
{
    /// <summary>
    /// Gaussian blobs around the centres 3·e_c (one axis per class) with standard deviation 0.4, far enough apart
    /// that a linear classifier separates them almost perfectly.
    /// </summary>
    public static Dataset Blobs(int count, int inputs, int classes, int seed)
    {
        var random = new Random(seed);
        var features = new float[count * inputs];
        var labels = new int[count];
        for (var n = 0; n < count; n++)
        {
            labels[n] = n % classes;
            for (var i = 0; i < inputs; i++)
                features[n * inputs + i] = (i == labels[n] ? 3f : 0f) + 0.4f * Normal(random);
        }
        return new Dataset(features, inputs, labels, classes);
    }

    /// <summary>Targets y = A x + b with fixed A and b and inputs uniform in [-1, 1].</summary>
    public static Dataset Line(int count, int seed)
    {
        var random = new Random(seed);
        var features = new float[count * 2];
        var targets = new float[count];
        for (var n = 0; n < count; n++)
        {
            features[2 * n] = (float)(2 * random.NextDouble() - 1);
            features[2 * n + 1] = (float)(2 * random.NextDouble() - 1);
            targets[n] = 1.5f * features[2 * n] - 0.5f * features[2 * n + 1] + 0.25f;
        }
        return new Dataset(features, 2, targets, 1);
    }

    private static float Normal(Random random) =>
        (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
}
