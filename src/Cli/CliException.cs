namespace NetForge.Cli;

/// <summary>
/// Bad input the command reports as one line on standard error, with the exit code it ends with: a missing file, a
/// network with errors, weights that do not fit, an image of the wrong size.
/// </summary>
internal sealed class CliException(string message, int exitCode = ExitCodes.Failure) : Exception(message)
{
    /// <summary>The process's exit code.</summary>
    public int ExitCode { get; } = exitCode;
}

/// <summary>What the process returns.</summary>
internal static class ExitCodes
{
    /// <summary>It did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>The input was wrong: a diagnostic, a missing or malformed file, weights that do not match.</summary>
    public const int Failure = 1;

    /// <summary>The command line itself was wrong: an unknown command or option, a value of the wrong type.</summary>
    public const int Usage = 2;

    /// <summary>NetForge itself failed.</summary>
    public const int Internal = 3;
}
