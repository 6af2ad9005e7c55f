namespace NetForge;

/// <summary>The argument checks the schedules share.</summary>
internal static class Schedules
{
    public static double CheckFactor(double value, string name)
    {
        if (!(value >= 0) || double.IsPositiveInfinity(value))
            throw new ArgumentOutOfRangeException(name, value, "The value must be finite and not negative.");
        return value;
    }

    public static int CheckEpoch(int epochsCompleted)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epochsCompleted);
        return epochsCompleted;
    }
}
