namespace NetForge.Cli.Inputs;

/// <summary>Checks on the files a command will write, made before it trains or draws, so that a typo fails at once.</summary>
internal static class OutputFiles
{
    /// <summary>Fails unless the file's directory exists.</summary>
    public static void CheckDirectory(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw new CliException("an output file's path is empty", ExitCodes.Usage);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null && !Directory.Exists(directory))
            throw new CliException($"{path}: its directory {directory} does not exist");
        if (Directory.Exists(path))
            throw new CliException($"{path}: is a directory, not a file to write");
    }
}
