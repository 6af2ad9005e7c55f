using System.Globalization;
using System.Text;
using NetForge.Dsl.Binding;

namespace NetForge.Cli.Building;

/// <summary>
/// What the build's NetForgeWriteWeightsHeaders task (NetForge.props) gives the generator for each weights file, made
/// here for the files the command's networks name: the safetensors header as text, so that the generator checks a
/// <c>weights</c> line against its file as a build does; and the file as the resource the build would embed.
/// </summary>
internal static class WeightsHeaders
{
    private const ulong HeaderLimit = 100_000_000;

    /// <summary>A weights file a network names: where it is, and the resource name its bytes are embedded under.</summary>
    public sealed record Named(string Path, string Resource);

    /// <summary>The weights files the file's networks name, each once.</summary>
    public static IReadOnlyList<Named> Of(ModelSource source, IReadOnlyList<BindResult> bound)
    {
        var directory = Path.GetDirectoryName(source.Path) ?? "";
        return bound
            .Select(r => r.Network?.Weights)
            .OfType<Dsl.Model.WeightsFile>()
            .Select(w => Path.GetFullPath(Path.Combine(directory, w.Path)))
            .Distinct(StringComparer.Ordinal)
            .Select(path => new Named(path, "NetForge.Weights/" + Path.GetFileName(path)))
            .ToList();
    }

    /// <summary>The header file of a weights file, in the task's format, as an additional file for the generator.</summary>
    public static ModelSource Header(Named weights)
    {
        var text = new StringBuilder("netforge-weights 1\n");
        text.Append("source=").Append(weights.Path).Append('\n');
        text.Append("resource=").Append(weights.Resource).Append('\n');
        try
        {
            using var stream = File.OpenRead(weights.Path);
            Span<byte> prefix = stackalloc byte[8];
            var got = stream.ReadAtLeast(prefix, 8, throwOnEndOfStream: false);
            var length = BitConverter.ToUInt64(prefix);
            if (got < 8)
                text.Append(CultureInfo.InvariantCulture, $"error=the file ends after {got} bytes, inside the 8-byte header length\n");
            else if (length > HeaderLimit)
                text.Append(CultureInfo.InvariantCulture, $"error=the header length {length} is over the limit of {HeaderLimit} bytes\n");
            else if ((long)length > stream.Length - 8)
                text.Append(CultureInfo.InvariantCulture, $"error=the header length {length} runs past the end of the file\n");
            else
            {
                var header = new byte[length];
                stream.ReadExactly(header);
                try
                {
                    var json = new UTF8Encoding(false, true).GetString(header);
                    text.Append(CultureInfo.InvariantCulture, $"length={stream.Length}\nheaderLength={length}\nheader=").Append(json);
                }
                catch (DecoderFallbackException)
                {
                    text.Append("error=the header is not UTF-8 text\n");
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            text.Append("error=").Append(e.Message.Replace('\n', ' ')).Append('\n');
        }
        return new ModelSource(weights.Path + ".netforge-weights", text.ToString());
    }
}
