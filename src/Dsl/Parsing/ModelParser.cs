using System.Globalization;
using NetForge.Dsl.Diagnostics;
using NetForge.Dsl.Syntax;
using Sprache;

namespace NetForge.Dsl.Parsing;

/// <summary>The result of parsing one <c>.net</c> file: its networks, or the syntax error that stopped it.</summary>
/// <param name="Networks">The networks, in the order written; empty when the file has a syntax error.</param>
/// <param name="Diagnostics">The syntax errors, at most one: a file that cannot be parsed yields no networks.</param>
public sealed record ParseResult(EquatableArray<NetworkSyntax> Networks, EquatableArray<Diagnostic> Diagnostics);

/// <summary>
/// The Sprache grammar of the <c>.net</c> language (see docs/dsl.md). Statements end at the end of a line,
/// except that a line ending in <c>-&gt;</c> continues on the next. It never throws: malformed text becomes
/// an NF1xxx diagnostic at the place where parsing stopped.
/// </summary>
public sealed class ModelParser
{
    private readonly string _path;
    private readonly Parser<ModelFile> _file;

    private ModelParser(string path)
    {
        _path = path;
        _file = BuildGrammar();
    }

    /// <summary>Parses the text of a <c>.net</c> file.</summary>
    /// <param name="path">The file's path, used in every location.</param>
    /// <param name="text">The file's content.</param>
    public static ParseResult Parse(string path, string text)
    {
        var parser = new ModelParser(path);
        var result = parser._file.TryParse(text);
        if (!result.WasSuccessful)
            return Failed(parser.SyntaxError(text, result));
        var file = result.Value;
        if (file.Networks.Count == 0)
            return Failed(DiagnosticDescriptors.NoNetwork.At(SourceLocation.At(path, 0, 1, 1)));
        var networks = file.Networks.Select(n => n with { Namespace = file.Namespace }).ToEquatableArray();
        return new ParseResult(networks, EquatableArray<Diagnostic>.Empty);
    }

    private static ParseResult Failed(Diagnostic diagnostic) =>
        new(EquatableArray<NetworkSyntax>.Empty, EquatableArray.Create(diagnostic));

    private Diagnostic SyntaxError(string text, IResult<ModelFile> result)
    {
        var at = result.Remainder;
        var found = at.AtEnd ? "end of file" : Describe(text, at.Position);
        var expected = result.Expectations.Where(e => !string.IsNullOrEmpty(e)).Distinct().ToList();
        var message = expected.Count == 0
            ? $"unexpected {found}"
            : $"unexpected {found}; expected {string.Join(" or ", expected)}";
        return DiagnosticDescriptors.SyntaxError.At(SourceLocation.At(_path, at.Position, at.Line, at.Column), message);
    }

    private static string Describe(string text, int position)
    {
        var c = text[position];
        if (c == '\n' || c == '\r')
            return "end of line";
        if (!IsNameStart(c) && !char.IsDigit(c))
            return $"'{c}'";
        var end = position;
        while (end < text.Length && IsNamePart(text[end]))
            end++;
        return $"'{text.Substring(position, end - position)}'";
    }

    private static readonly HashSet<string> Keywords = ["namespace", "network", "input", "loss"];

    private static bool IsNameStart(char c) => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or '_';

    private static bool IsNamePart(char c) => IsNameStart(c) || c is >= '0' and <= '9';

    private sealed record ModelFile(string? Namespace, EquatableArray<NetworkSyntax> Networks);

    private SourceLocation Locate(Position start, Position end) =>
        new(_path, start.Pos, end.Pos - start.Pos, start.Line, start.Column, end.Line, end.Column);

    private SourceLocation Locate<T>(ITextSpan<T> span) => Locate(span.Start, span.End);

    // A number too large for a long saturates, so that the binder reports it as out of range instead of the parser throwing.
    private static long Extent(string digits) =>
        long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : digits.StartsWith("-", StringComparison.Ordinal) ? long.MinValue : long.MaxValue;

    // Spans are taken before a token's trailing spaces, so that every location covers exactly what was written.
    // Once a construct has begun (an argument list after '(', the rest of a 'namespace' line, an item after ','),
    // the X-combinators make a mistake in it fail there, instead of backtracking and failing earlier.
    private Parser<ModelFile> BuildGrammar()
    {
        // Carriage returns count as spaces so that files with Windows line ends parse the same.
        var spaces = Sprache.Parse.Chars(' ', '\t', '\r').Many();
        var comment = Sprache.Parse.String("#").Or(Sprache.Parse.String("//"))
            .Then(_ => Sprache.Parse.CharExcept('\n').Many());
        var newline = (from s in spaces
                       from c in comment.Optional()
                       from n in Sprache.Parse.Char('\n')
                       select n).Named("end of line");
        var gap = from lines in newline.Many() from indent in spaces select lines;
        // The last line of a file may end without a line end, after a comment too.
        var endOfFile = (from s in spaces
                         from c in comment.Optional()
                         from end in Sprache.Parse.Return(' ').End()
                         select end).Named("end of file");

        Parser<T> Token<T>(Parser<T> p) => from v in p from s in spaces select v;
        Parser<char> Symbol(char c) => Token(Sprache.Parse.Char(c).Named($"'{c}'"));

        var name = (from first in Sprache.Parse.Char(IsNameStart, "name")
                    from rest in Sprache.Parse.Char(IsNamePart, "name").Many().Text()
                    select first + rest).Named("name");
        Parser<ITextSpan<string>> Keyword(string word) => Token(name.Where(n => n == word).Named($"'{word}'").Span());
        // Keywords cannot name an op or a label, so that a mistyped statement fails where the keyword's grammar does.
        var opName = name.Where(n => !Keywords.Contains(n)).Named("op");

        var digits = Sprache.Parse.Digit.AtLeastOnce().Text();
        var integer = (from sign in Sprache.Parse.Char('-').Optional()
                       from d in digits
                       select (sign.IsDefined ? "-" : "") + d).Named("number");
        var fraction = from dot in Sprache.Parse.Char('.') from d in digits select "." + d;
        var exponent = from e in Sprache.Parse.Chars('e', 'E')
                       from s in Sprache.Parse.Chars('+', '-').Optional()
                       from d in digits
                       select e + (s.IsDefined ? s.Get().ToString() : "") + d;
        var number = (from whole in integer
                      from f in fraction.Optional()
                      from e in exponent.Optional()
                      select f.IsDefined || e.IsDefined
                          ? new ValueSyntax(ValueKind.Real, whole + f.GetOrElse("") + e.GetOrElse(""))
                          : new ValueSyntax(ValueKind.Integer, whole)).Named("number");
        var integerList = from open in Symbol('[')
                          from items in Token(integer).XDelimitedBy(Symbol(','))
                          from close in Sprache.Parse.Char(']').Named("']'")
                          select items.ToList();
        var value = integerList.Select(items => new ValueSyntax(ValueKind.IntegerList, string.Join(",", items)))
            .Or(number)
            .Or(name.Select(n => n is "true" or "false" ? new ValueSyntax(ValueKind.Boolean, n) : new ValueSyntax(ValueKind.Name, n)));

        var argumentName = from n in Token(name) from colon in Symbol(':') select n;
        var argument = Token(
            (from n in argumentName.Optional()
             from v in value
             select (n, v)).Span()).Select(span => new ArgumentSyntax(span.Value.n.GetOrDefault(), span.Value.v, Locate(span)));
        var argumentList = from open in Symbol('(')
                           from args in argument.XDelimitedBy(Symbol(',')).XOptional()
                           from close in Sprache.Parse.Char(')').Named("')'")
                           select args.GetOrElse([]);
        var op = Token(
            from n in opName.Span()
            from s in spaces
            from args in argumentList.Span().XOptional()
            select args.IsDefined
                ? new OpSyntax(n.Value, args.Get().Value.ToEquatableArray(), Locate(n.Start, args.Get().End))
                : new OpSyntax(n.Value, EquatableArray<ArgumentSyntax>.Empty, Locate(n)));

        var arrow = Token(Sprache.Parse.String("->").Text().Named("'->'"));
        var label = from l in opName.Span() from s in spaces from colon in Symbol(':') select l;
        var chain = from l in label.Optional()
                    from first in op
                    from rest in (from a in arrow from g in gap from o in op select o).XMany()
                    select new ChainSyntax(
                        l.GetOrDefault()?.Value,
                        new[] { first }.Concat(rest).ToEquatableArray(),
                        l.IsDefined ? Locate(l.Get()) : first.Location);

        var shape = Token(integerList).Select(items => items.Select(Extent).ToEquatableArray());
        var input = (from k in Keyword("input")
                     from s in shape
                     select new InputSyntax(s, Locate(k))).Named("'input'");
        var loss = (from k in Keyword("loss")
                    from o in op
                    select new LossSyntax(o, Locate(k))).Named("'loss'");
        var statement = input.Select(s => (StatementSyntax)s)
            .Or(loss)
            .Or(chain);
        var closeAhead = Sprache.Parse.Char('}').Preview().Where(c => c.IsDefined).Return(' ');
        var statementLine = from s in statement
                            from end in newline.AtLeastOnce().Return(' ').Or(closeAhead).Or(endOfFile).Named("end of line")
                            from g in gap
                            select s;

        var network = from k in Keyword("network")
                      from n in Token(name.Span())
                      from beforeBrace in gap
                      from open in Symbol('{')
                      from g in gap
                      from body in statementLine.XMany()
                      from close in Symbol('}')
                      select new NetworkSyntax(n.Value, null, body.ToEquatableArray(), Locate(n));

        var dottedName = from first in name
                         from rest in (from dot in Sprache.Parse.Char('.') from part in name select part).XMany()
                         select string.Join(".", new[] { first }.Concat(rest));
        var namespaceLine = from k in Keyword("namespace")
                            from n in Token(dottedName)
                            from end in newline.Return(' ').Or(endOfFile).Named("end of line")
                            from g in gap
                            select n;

        return (from lead in gap
                from ns in namespaceLine.XOptional()
                from networks in (from n in network from g in gap select n).XMany()
                from trailingSpace in spaces
                from trailingComment in comment.Optional()
                select new ModelFile(ns.GetOrDefault(), networks.ToEquatableArray())).End();
    }
}
