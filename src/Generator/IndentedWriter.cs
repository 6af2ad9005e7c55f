using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace NetForge.Generator;

/// <summary>
/// Writes C# line by line with four-space indentation. Interpolated lines are formatted with the
/// invariant culture, so generated code never depends on the culture of the machine that builds it.
/// </summary>
internal sealed class IndentedWriter
{
    private readonly StringBuilder _text = new();
    private int _depth;

    public void Line() => _text.Append('\n');

    public void Line(string line)
    {
        if (line.Length > 0)
            _text.Append(' ', 4 * _depth).Append(line);
        _text.Append('\n');
    }

    public void Line([InterpolatedStringHandlerArgument("")] ref InvariantLine line) => Line(line.ToString());

    public void Open(string line)
    {
        Line(line);
        Line("{");
        _depth++;
    }

    public void Open([InterpolatedStringHandlerArgument("")] ref InvariantLine line) => Open(line.ToString());

    public void Close(string suffix = "")
    {
        _depth--;
        Line("}" + suffix);
    }

    public override string ToString() => _text.ToString();

    /// <summary>Collects an interpolated line, formatting every hole with the invariant culture.</summary>
    [InterpolatedStringHandler]
    internal readonly struct InvariantLine
    {
        private readonly StringBuilder _builder;

        /// <param name="literalLength">The length of the literal parts.</param>
        /// <param name="formattedCount">The number of holes.</param>
        /// <param name="owner">The writer (or writer-like step) the line is for; unused, but the pattern needs a receiver.</param>
        public InvariantLine(int literalLength, int formattedCount, object owner)
        {
            _ = formattedCount;
            _ = owner;
            _builder = new StringBuilder(literalLength);
        }

        public void AppendLiteral(string value) => _builder.Append(value);

        public void AppendFormatted<T>(T value) => _builder.Append(Convert.ToString(value, CultureInfo.InvariantCulture));

        public void AppendFormatted<T>(T value, string format) where T : IFormattable =>
            _builder.Append(value.ToString(format, CultureInfo.InvariantCulture));

        public override string ToString() => _builder.ToString();
    }
}
