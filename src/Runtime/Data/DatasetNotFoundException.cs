namespace NetForge;

/// <summary>A data set's file or directory is missing; the message says which file and how to get it.</summary>
public sealed class DatasetNotFoundException : FileNotFoundException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Names the missing file and says how to install the data set.</param>
    /// <param name="fileName">The missing file.</param>
    public DatasetNotFoundException(string message, string fileName)
        : base(message, fileName)
    {
    }
}
