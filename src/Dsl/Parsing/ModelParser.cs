using System.Globalization;
using NetForge.Dsl.Diagnostics;
using NetForge.Dsl.Syntax;

namespace NetForge.Dsl.Parsing;

/// <summary>The result of parsing one <c>.net</c> file: its networks, or the syntax error that stopped it.</summary>
/// <param name="Networks">The networks, in the order written; empty when the file has a syntax error.</param>
/// <param name="Diagnostics">The syntax errors, at most one: a file that cannot be parsed yields no networks.</param>
public sealed record ParseResult(EquatableArray<NetworkSyntax> Networks, EquatableArray<Diagnostic> Diagnostics);

/// <summary>
/// The parser of the <c>.net</c> language (see docs/language.md): recursive descent over the text, in time and
/// memory linear in its length. Statements end at the end of a line, except that a line ending in <c>-&gt;</c>
/// continues on the next. It never throws: malformed text becomes an NF1001 diagnostic at the first token that
/// does not fit, saying what was found and what the grammar expected there.
/// </summary>
public sealed class ModelParser
{
    private static readonly HashSet<string> Keywords = ["namespace", "network", "input", "loss", "weights"];

    private readonly string _path;
    private readonly string _text;
    private Mark _at;

    private ModelParser(string path, string text)
    {
        _path = path;
        _text = text;
        _at = new Mark(0, 1, 0);
    }

    /// <summary>Whether a string can be written as a label (or any name) in a <c>.net</c> file: a letter or '_'
    /// followed by letters, digits or '_', and not one of the keywords.</summary>
    public static bool IsName(string text) =>
        text.Length > 0 && IsNameStart(text[0]) && text.All(IsNamePart) && !Keywords.Contains(text);

    /// <summary>Parses the text of a <c>.net</c> file.</summary>
    /// <param name="path">The file's path, used in every location.</param>
    /// <param name="text">The file's content.</param>
    public static ParseResult Parse(string path, string text)
    {
        var parser = new ModelParser(path, text);
        List<NetworkSyntax> networks;
        try
        {
            networks = parser.File();
        }
        catch (SyntaxFailure failure)
        {
            return Failed(parser.SyntaxError(failure));
        }
        if (networks.Count == 0)
            return Failed(DiagnosticDescriptors.NoNetwork.At(SourceLocation.At(path, 0, 1, 1)));
        return new ParseResult(networks.ToEquatableArray(), EquatableArray<Diagnostic>.Empty);
    }

    private static ParseResult Failed(Diagnostic diagnostic) =>
        new(EquatableArray<NetworkSyntax>.Empty, EquatableArray.Create(diagnostic));

    /// <summary>A place in the text: its index, line, and the index where that line starts.</summary>
    private readonly record struct Mark(int Position, int Line, int LineStart)
    {
        public int Column => Position - LineStart + 1;
    }

    /// <summary>Where parsing stopped and what would have fitted there. Thrown once, at the first mistake: nothing
    /// after it is parsed.</summary>
    private sealed class SyntaxFailure(Mark at, string[] expected) : Exception
    {
        public Mark At { get; } = at;

        public string[] Expected { get; } = expected;
    }

    private Diagnostic SyntaxError(SyntaxFailure failure)
    {
        var at = failure.At;
        var found = at.Position == _text.Length ? "end of file" : Describe(at.Position);
        return DiagnosticDescriptors.SyntaxError.At(
            SourceLocation.At(_path, at.Position, at.Line, at.Column),
            $"unexpected {found}; expected {string.Join(" or ", failure.Expected)}");
    }

    private string Describe(int position)
    {
        var c = _text[position];
        if (c == '\n' || c == '\r')
            return "end of line";
        if (!IsNameStart(c) && !IsDigit(c))
            return $"'{c}'";
        var end = position;
        while (end < _text.Length && IsNamePart(_text[end]))
            end++;
        return $"'{Quote.Name(_text.Substring(position, end - position))}'";
    }

    private SyntaxFailure Expected(params string[] expected) => new(_at, expected);

    // The grammar, one method per rule. Each rule either decides from the next token whether it applies, or is
    // committed once its first token is read: a mistake after that is reported where it is, not where the rule began.

    private List<NetworkSyntax> File()
    {
        Gap();
        string? ns = null;
        SourceLocation? nsLocation = null;
        if (PeekName() == "namespace")
        {
            Keyword();
            var start = _at;
            ns = DottedName();
            nsLocation = Locate(start, _at);
            Spaces();
            LineEnd();
            Gap();
        }
        var networks = new List<NetworkSyntax>();
        while (PeekName() == "network")
        {
            networks.Add(Network() with { Namespace = ns, NamespaceLocation = nsLocation });
            Gap();
        }
        Spaces();
        Comment();
        if (!AtEnd)
            throw Expected("end of input");
        return networks;
    }

    private string DottedName()
    {
        var start = _at.Position;
        _ = Name() ?? throw Expected("name");
        while (Current == '.')
        {
            Advance();
            _ = Name() ?? throw Expected("name");
        }
        // One copy at the end: appending segment by segment would be quadratic in a long name.
        return _text.Substring(start, _at.Position - start);
    }

    private NetworkSyntax Network()
    {
        Keyword();
        var start = _at;
        var name = Name() ?? throw Expected("name");
        var location = Locate(start, _at);
        Spaces();
        Gap();
        Symbol('{');
        Gap();
        var statements = new List<StatementSyntax>();
        while (Statement() is { } statement)
        {
            statements.Add(statement);
            // A statement ends at the end of its line, at the network's '}', or at the end of the file.
            if (!Newline() && Current != '}' && !EndOfFile())
                throw Expected("end of line");
            Gap();
        }
        Symbol('}');
        return new NetworkSyntax(name, null, statements.ToEquatableArray(), location);
    }

    /// <summary>The next statement, or null where none starts: the body ends there.</summary>
    private StatementSyntax? Statement()
    {
        var start = _at;
        switch (PeekName())
        {
            case "input":
                Keyword();
                return new InputSyntax(IntegerList(asToken: true).Select(Extent).ToEquatableArray(), Locate(start, KeywordEnd(start, "input")));
            case "loss":
                Keyword();
                return new LossSyntax(Op(), Locate(start, KeywordEnd(start, "loss")));
            case "weights":
                Keyword();
                return new WeightsSyntax(QuotedText(), Locate(start, KeywordEnd(start, "weights")));
            case null:
                return null;
            case var name when Keywords.Contains(name):
                return null;
        }
        return Chain();
    }

    private static Mark KeywordEnd(Mark start, string keyword) => start with { Position = start.Position + keyword.Length };

    private ChainSyntax Chain()
    {
        string? label = null;
        SourceLocation? labelLocation = null;
        var start = _at;
        var name = Name();
        var end = _at;
        Spaces();
        if (Current == ':')
        {
            Advance();
            Spaces();
            label = name;
            labelLocation = Locate(start, end);
        }
        else
            _at = start;

        var ops = new List<OpSyntax> { Op() };
        while (Current == '-')
        {
            Advance();
            if (Current != '>')
                throw Expected("'>'");
            Advance();
            Spaces();
            Gap();
            ops.Add(Op());
        }
        return new ChainSyntax(label, ops.ToEquatableArray(), labelLocation ?? ops[0].Location);
    }

    private OpSyntax Op()
    {
        var start = _at;
        var name = Name();
        if (name is null || Keywords.Contains(name))
        {
            _at = start;
            throw Expected("op");
        }
        var end = _at;
        Spaces();
        var arguments = EquatableArray<ArgumentSyntax>.Empty;
        if (Current == '(')
        {
            arguments = Arguments();
            end = _at;
            Spaces();
        }
        return new OpSyntax(name, arguments, Locate(start, end));
    }

    /// <param name="nested">Whether the list belongs to a call value; a call's arguments cannot be calls, which keeps
    /// the parser's depth, and so its stack, bounded whatever the text.</param>
    private EquatableArray<ArgumentSyntax> Arguments(bool nested = false)
    {
        Symbol('(');
        var arguments = new List<ArgumentSyntax>();
        // An empty list is '()': an argument that cannot even start leaves the list to its ')'.
        if (Argument(required: false, nested) is { } first)
        {
            arguments.Add(first);
            while (Current == ',')
            {
                Symbol(',');
                arguments.Add(Argument(required: true, nested)!);
            }
        }
        if (Current != ')')
            throw Expected("')'");
        Advance();
        return arguments.ToEquatableArray();
    }

    /// <summary>An argument, or null where none starts and one is not <paramref name="required"/>.</summary>
    private ArgumentSyntax? Argument(bool required, bool nested)
    {
        var start = _at;
        string? name = null;
        if (Name() is { } written)
        {
            Spaces();
            if (Current == ':')
            {
                Symbol(':');
                name = written;
            }
            else
                _at = start;
        }
        var value = Value(nested);
        if (value is null)
        {
            if (name is null && !required)
                return null;
            throw Expected("'['", "number", "name");
        }
        var argument = new ArgumentSyntax(name, value, Locate(start, _at));
        Spaces();
        return argument;
    }

    /// <summary>A value, or null where none starts.</summary>
    private ValueSyntax? Value(bool nested)
    {
        if (Current == '[')
            return new ValueSyntax(ValueKind.IntegerList, string.Join(",", IntegerList(asToken: false)));
        if (Current == '-' || IsDigit(Current))
            return Number();
        if (Name() is not { } name)
            return null;
        if (name is "true" or "false")
            return new ValueSyntax(ValueKind.Boolean, name);
        var end = _at;
        Spaces();
        if (Current != '(')
        {
            _at = end;
            return new ValueSyntax(ValueKind.Name, name);
        }
        if (nested)
            throw Expected("','", "')'");
        return ValueSyntax.Call(name, Arguments(nested: true));
    }

    /// <summary>Text between double quotes on one line, taken as written: a path needs no escapes.</summary>
    private string QuotedText()
    {
        if (Current != '"')
            throw Expected("'\"'");
        Advance();
        var start = _at.Position;
        while (!AtEnd && Current is not ('"' or '\n' or '\r'))
            Advance();
        if (Current != '"')
            throw Expected("'\"'");
        var text = _text.Substring(start, _at.Position - start);
        Advance();
        Spaces();
        return text;
    }

    private ValueSyntax Number()
    {
        var start = _at.Position;
        Integer();
        var real = false;
        // A '.' or an exponent that no digits follow is not part of the number.
        if (Current == '.' && IsDigit(Peek(1)))
        {
            Advance();
            Digits();
            real = true;
        }
        if (Current is 'e' or 'E')
        {
            var sign = Peek(1) is '+' or '-' ? 1 : 0;
            if (IsDigit(Peek(1 + sign)))
            {
                Advance(1 + sign);
                Digits();
                real = true;
            }
        }
        return new ValueSyntax(real ? ValueKind.Real : ValueKind.Integer, _text.Substring(start, _at.Position - start));
    }

    private string Integer()
    {
        var start = _at.Position;
        if (Current == '-')
        {
            Advance();
            if (!IsDigit(Current))
                throw Expected("digit");
        }
        else if (!IsDigit(Current))
            throw Expected("number");
        Digits();
        return _text.Substring(start, _at.Position - start);
    }

    private void Digits()
    {
        while (IsDigit(Current))
            Advance();
    }

    /// <summary><c>[1, 2, 3]</c>; its trailing spaces too <paramref name="asToken"/>.</summary>
    private List<string> IntegerList(bool asToken)
    {
        Symbol('[');
        var items = new List<string> { Integer() };
        Spaces();
        while (Current == ',')
        {
            Symbol(',');
            items.Add(Integer());
            Spaces();
        }
        if (Current != ']')
            throw Expected("']'");
        Advance();
        if (asToken)
            Spaces();
        return items;
    }

    // A number too large for a long saturates, so that the binder reports it as out of range instead of the parser throwing.
    private static long Extent(string digits) =>
        long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : digits.StartsWith("-", StringComparison.Ordinal) ? long.MinValue : long.MaxValue;

    // The tokens. Spaces never include line ends: those end statements. Carriage returns count as spaces, so that
    // files with Windows line ends parse the same.

    private char Current => _at.Position < _text.Length ? _text[_at.Position] : '\0';

    private bool AtEnd => _at.Position == _text.Length;

    private char Peek(int ahead) => _at.Position + ahead < _text.Length ? _text[_at.Position + ahead] : '\0';

    // ASCII digits only: a digit of another script is a syntax error at the digit, not a number read some other way.
    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    private static bool IsNameStart(char c) => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or '_';

    private static bool IsNamePart(char c) => IsNameStart(c) || c is >= '0' and <= '9';

    private void Advance(int count = 1)
    {
        for (var i = 0; i < count && !AtEnd; i++)
        {
            _at = _text[_at.Position] == '\n'
                ? new Mark(_at.Position + 1, _at.Line + 1, _at.Position + 1)
                : _at with { Position = _at.Position + 1 };
        }
    }

    private void Spaces()
    {
        while (Current is ' ' or '\t' or '\r' && !AtEnd)
            Advance();
    }

    /// <summary>A comment, from <c>#</c> or <c>//</c> to the end of the line (not included).</summary>
    private void Comment()
    {
        if (Current == '#' || (Current == '/' && Peek(1) == '/'))
        {
            while (!AtEnd && Current != '\n')
                Advance();
        }
    }

    /// <summary>Moves past spaces, a comment and one line end; where there is no line end, moves nowhere.</summary>
    private bool Newline()
    {
        var start = _at;
        Spaces();
        Comment();
        if (Current == '\n' && !AtEnd)
        {
            Advance();
            return true;
        }
        _at = start;
        return false;
    }

    /// <summary>Moves past spaces and a comment that end the file; elsewhere, moves nowhere.</summary>
    private bool EndOfFile()
    {
        var start = _at;
        Spaces();
        Comment();
        if (AtEnd)
            return true;
        _at = start;
        return false;
    }

    /// <summary>Blank lines and comment lines, then the indent of the next line.</summary>
    private void Gap()
    {
        while (Newline())
        {
        }
        Spaces();
    }

    private void LineEnd()
    {
        if (!Newline() && !EndOfFile())
            throw Expected("end of line");
    }

    /// <summary>The name that starts here, without moving; null where none does.</summary>
    private string? PeekName()
    {
        var start = _at;
        var name = Name();
        _at = start;
        return name;
    }

    /// <summary>Reads a name, or returns null and stays where none starts.</summary>
    private string? Name()
    {
        if (!IsNameStart(Current) || AtEnd)
            return null;
        var start = _at.Position;
        var end = start + 1;
        while (end < _text.Length && IsNamePart(_text[end]))
            end++;
        // A name never holds a line end, so the line stays and the column moves with the position.
        _at = _at with { Position = end };
        return _text.Substring(start, end - start);
    }

    /// <summary>A keyword the caller has peeked, and the spaces after it.</summary>
    private void Keyword()
    {
        Name();
        Spaces();
    }

    private void Symbol(char c)
    {
        if (Current != c || AtEnd)
            throw Expected($"'{c}'");
        Advance();
        Spaces();
    }

    private SourceLocation Locate(Mark start, Mark end) =>
        new(_path, start.Position, end.Position - start.Position, start.Line, start.Column, end.Line, end.Column);
}
