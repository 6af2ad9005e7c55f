using System.Globalization;
using System.Text;

namespace NetForge.Generator.Weights;

/// <summary>
/// A small, strict JSON reader for safetensors headers (the generator targets netstandard2.0, which has no JSON
/// library). Objects keep their members in the order written, so that duplicates can be reported; numbers are kept
/// as their text; nesting is limited so that no header can exhaust the stack. Malformed text throws
/// <see cref="FormatException"/> with the offset.
/// </summary>
internal sealed class HeaderJson
{
    private const int MaxDepth = 16;

    private readonly string _text;
    private int _at;

    private HeaderJson(string text) => _text = text;

    /// <summary>A JSON number, as written.</summary>
    public sealed record Number(string Text)
    {
        public bool TryGetInt64(out long value) =>
            long.TryParse(Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Parses one value that spans the whole text, whitespace aside.</summary>
    /// <returns>A list of members for an object, a list of values for an array, a string, a <see cref="Number"/>,
    /// a bool, or null.</returns>
    public static object? Parse(string text)
    {
        var reader = new HeaderJson(text);
        var value = reader.Value(0);
        reader.Whitespace();
        if (reader._at != text.Length)
            throw reader.Error("text after the end of the value");
        return value;
    }

    private object? Value(int depth)
    {
        if (depth > MaxDepth)
            throw Error("nesting deeper than " + MaxDepth.ToString(CultureInfo.InvariantCulture));
        Whitespace();
        if (_at >= _text.Length)
            throw Error("the end of the text instead of a value");
        switch (_text[_at])
        {
            case '{':
                return Object(depth);
            case '[':
                return Array(depth);
            case '"':
                return String();
            case 't':
                Word("true");
                return true;
            case 'f':
                Word("false");
                return false;
            case 'n':
                Word("null");
                return null;
            default:
                return NumberValue();
        }
    }

    private List<KeyValuePair<string, object?>> Object(int depth)
    {
        _at++;
        var members = new List<KeyValuePair<string, object?>>();
        Whitespace();
        if (Peek('}'))
            return members;
        while (true)
        {
            Whitespace();
            if (!Peek('"', consume: false))
                throw Error("a member name in double quotes");
            var name = String();
            Whitespace();
            if (!Peek(':'))
                throw Error("':'");
            members.Add(new KeyValuePair<string, object?>(name, Value(depth + 1)));
            Whitespace();
            if (Peek('}'))
                return members;
            if (!Peek(','))
                throw Error("',' or '}'");
        }
    }

    private List<object?> Array(int depth)
    {
        _at++;
        var items = new List<object?>();
        Whitespace();
        if (Peek(']'))
            return items;
        while (true)
        {
            items.Add(Value(depth + 1));
            Whitespace();
            if (Peek(']'))
                return items;
            if (!Peek(','))
                throw Error("',' or ']'");
        }
    }

    private string String()
    {
        _at++;
        var builder = new StringBuilder();
        while (true)
        {
            if (_at >= _text.Length)
                throw Error("the closing '\"' of a string");
            var c = _text[_at++];
            if (c == '"')
                return builder.ToString();
            if (c < ' ')
                throw Error("a control character inside a string");
            if (c != '\\')
            {
                builder.Append(c);
                continue;
            }
            if (_at >= _text.Length)
                throw Error("an escape after '\\'");
            var escape = _text[_at++];
            switch (escape)
            {
                case '"': builder.Append('"'); break;
                case '\\': builder.Append('\\'); break;
                case '/': builder.Append('/'); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case 'u':
                    if (_at + 4 > _text.Length || !int.TryParse(_text.Substring(_at, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                        throw Error("four hexadecimal digits after '\\u'");
                    builder.Append((char)code);
                    _at += 4;
                    break;
                default:
                    throw Error("a valid escape after '\\'");
            }
        }
    }

    private Number NumberValue()
    {
        var start = _at;
        if (_at < _text.Length && _text[_at] == '-')
            _at++;
        var digits = _at;
        while (_at < _text.Length && (char.IsDigit(_text[_at]) || _text[_at] is '.' or 'e' or 'E' or '+' or '-'))
            _at++;
        if (_at == digits)
            throw Error("a value");
        return new Number(_text.Substring(start, _at - start));
    }

    private void Word(string word)
    {
        if (string.CompareOrdinal(_text, _at, word, 0, word.Length) != 0)
            throw Error("a value");
        _at += word.Length;
    }

    private bool Peek(char c, bool consume = true)
    {
        if (_at >= _text.Length || _text[_at] != c)
            return false;
        if (consume)
            _at++;
        return true;
    }

    private void Whitespace()
    {
        while (_at < _text.Length && _text[_at] is ' ' or '\t' or '\n' or '\r')
            _at++;
    }

    private FormatException Error(string expected) =>
        new(string.Format(CultureInfo.InvariantCulture, "invalid JSON at character {0} of the header: expected {1}", _at, expected));
}
