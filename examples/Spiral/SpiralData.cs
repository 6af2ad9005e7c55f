using NetForge;

namespace Examples.Spiral;

/// <summary>The classic three-arm spiral: each arm a class, points spread along it with Gaussian noise on the angle.</summary>
public static class SpiralData
{
    /// <summary>The number of arms, and so of classes.</summary>
    public const int Classes = 3;

    /// <summary>Makes <paramref name="pointsPerArm"/> points on each arm, deterministically from <paramref name="seed"/>.</summary>
    public static Dataset Create(int pointsPerArm, int seed = 0)
    {
        var random = new Random(seed);
        var features = new float[Classes * pointsPerArm * 2];
        var labels = new int[Classes * pointsPerArm];
        for (var arm = 0; arm < Classes; arm++)
        {
            for (var i = 0; i < pointsPerArm; i++)
            {
                var sample = arm * pointsPerArm + i;
                var radius = (double)i / (pointsPerArm - 1);
                // Each arm turns through 4 radians; the noise blurs the arms into each other near the centre.
                var angle = arm * 4.0 + 4.0 * radius + 0.2 * Gaussian(random);
                features[2 * sample] = (float)(radius * Math.Sin(angle));
                features[2 * sample + 1] = (float)(radius * Math.Cos(angle));
                labels[sample] = arm;
            }
        }
        return new Dataset(features, 2, labels, Classes);
    }

    private static double Gaussian(Random random)
    {
        var u = 1.0 - random.NextDouble();
        var v = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u)) * Math.Cos(2.0 * Math.PI * v);
    }
}
