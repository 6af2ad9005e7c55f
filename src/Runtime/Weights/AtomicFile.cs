namespace NetForge;

/// <summary>
/// Writes a file so that readers see either the old content or the complete new one: the content goes to a
/// temporary file in the same directory (so the rename stays within one file system), is flushed to the disk,
/// and only then replaces the target.
/// </summary>
internal static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        var temporary = Path.Combine(directory, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            RemoveTemporary(temporary);
            throw;
        }
    }

    private static void RemoveTemporary(string temporary)
    {
        try
        {
            if (File.Exists(temporary))
                File.Delete(temporary);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The write's own exception is the one to report; the target is intact either way, and a leftover is
            // a hidden file ending in .tmp.
        }
    }
}
