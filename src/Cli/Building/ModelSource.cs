using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace NetForge.Cli.Building;

/// <summary>A <c>.net</c> file as the command read it: the path as given, which diagnostics repeat, and its text.</summary>
internal sealed record ModelSource(string Path, string Text)
{
    /// <summary>Reads a model file.</summary>
    /// <exception cref="CliException">The file is missing or cannot be read.</exception>
    public static ModelSource Read(string path)
    {
        if (!File.Exists(path))
            throw new CliException(Directory.Exists(path) ? $"{path}: is a directory, not a .net file" : $"{path}: no such file");
        try
        {
            return new ModelSource(path, File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{path}: cannot be read: {e.Message}");
        }
    }

    /// <summary>The file as the compiler sees an additional file.</summary>
    public AdditionalText AsAdditionalText() => new InMemoryText(Path, Text);

    private sealed class InMemoryText(string path, string text) : AdditionalText
    {
        public override string Path => path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }
}
