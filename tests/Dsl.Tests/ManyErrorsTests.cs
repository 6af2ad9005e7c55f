namespace NetForge.Dsl.Tests;

/// <summary>
/// Mistakes of one kind in one argument list are one diagnostic at the first, and messages quote ops and names in
/// bounded length, so that checking stays linear in the size of the file and the number of mistakes.
/// </summary>
public class ManyErrorsTests
{
    private static string Numbered(string prefix, int count, string separator = ", ") =>
        string.Join(separator, Enumerable.Range(0, count).Select(i => prefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private static string Repeated(string item, int count) => string.Join(", ", Enumerable.Repeat(item, count));

    [Theory]
    [InlineData("input [4]|a: relu|concat(a, x, y)|loss mse", 4, 15, "concat(a, x, y) refers to 'x' and 'y', which no line of network Net defines")]
    [InlineData("input [4]|a: relu|concat(x, a, y, z)|loss mse", 4, 12, "concat(x, a, y, z) refers to 'x', 'y' and 'z', which no line of network Net defines")]
    [InlineData("input [4]|concat(w, x, y, z)|loss mse", 3, 12, "concat(w, x, y, z) refers to 'w', 'x', 'y' and 1 more, which no line of network Net defines")]
    [InlineData("input [4]|a: relu|concat(q, a, q)|loss mse", 4, 12, "concat(q, a, q) refers to 'q', which no line of network Net defines")]
    public void NF2006_the_unknown_labels_of_one_op_are_one_diagnostic_at_the_first(string body, int line, int column, string message)
    {
        DiagnosticTests.AssertSingle(body, "NF2006", line, column, message);
    }

    [Fact]
    public void NF2006_the_grouped_example_of_the_docs_prints_as_documented()
    {
        var text = $"network Wide {{\n    input [4]\n    dense(8)\n    concat({Numbered("a", 3000)})\n    loss mse\n}}\n";

        var diagnostic = Assert.Single(ModelCompiler.CompileFile("wide.net", text).SelectMany(r => r.Diagnostics));

        Assert.Equal("wide.net(4,12): error NF2006: concat(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, ...) refers to 'a0', 'a1', 'a2' and 2,997 more, which no line of network Wide defines", diagnostic.ToString());
    }

    [Theory]
    [InlineData("input [4]|concat(p, q)|p: relu|q: relu|loss mse", 3, 12,
        "concat(p, q) refers to 'p' and 'q', which are defined on its own line or later; a label can only refer to an earlier line")]
    [InlineData("input [4]|a: dense(4) -> concat(a, b, a)|b: relu|loss mse", 3, 27,
        "concat(a, b, a) refers to 'a' and 'b', which are defined on its own line or later; a label can only refer to an earlier line")]
    public void NF2008_the_labels_used_too_early_by_one_op_are_one_diagnostic(string body, int line, int column, string message)
    {
        DiagnosticTests.AssertSingle(body, "NF2008", line, column, message);
    }

    [Fact]
    public void Unknown_and_early_labels_of_one_op_are_one_diagnostic_each()
    {
        var diagnostics = Source.Diagnose(Source.Network("input [4]|concat(z, p, y)|p: relu|loss mse"));

        Assert.Equal([("NF2006", 12), ("NF2008", 15)], diagnostics.Select(d => (d.Id, d.Location.Column)));
        Assert.Equal("concat(z, p, y) refers to 'z' and 'y', which no line of network Net defines", diagnostics[0].Message);
    }

    [Theory]
    [InlineData("input [4]|dense(4, width: 1, depth: 2)|loss mse", 3, 14, "dense has no arguments 'width' and 'depth'; it takes units, bias, init")]
    [InlineData("input [4]|relu(a: 1, a: 2)|loss mse", 3, 10, "relu has no argument 'a'; it takes no arguments")]
    public void NF2009_the_unknown_arguments_of_one_op_are_one_diagnostic(string body, int line, int column, string message)
    {
        DiagnosticTests.AssertSingle(body, "NF2009", line, column, message);
    }

    [Theory]
    [InlineData("input [4]|dense(4, bias: true, bias: false, bias: true)|loss mse", 3, 26, "dense(4, bias: true, bias: false, bias: true): 'bias' is given 3 times")]
    [InlineData("input [4]|dense(10, 20, 30)|loss mse", 3, 15, "dense(10, 20, 30): dense takes 1 positional argument (units); 20 and 30 are 2 too many")]
    [InlineData("input [4]|relu(1, 2, 3, 4)|loss mse", 3, 10, "relu(1, 2, 3, 4): relu takes no positional argument; 1, 2, 3 and 1 more are 4 too many")]
    [InlineData("input [4]|dense(bias: false, 10, 20)|loss mse", 3, 24, "dense(bias: false, 10, 20): the positional arguments 10 and 20 come after a named one; write positional arguments first")]
    public void NF2012_misplaced_arguments_of_one_kind_are_one_diagnostic(string body, int line, int column, string message)
    {
        DiagnosticTests.AssertSingle(body, "NF2012", line, column, message);
    }

    [Fact]
    public void NF2012_each_repeated_argument_is_one_diagnostic_at_its_second_occurrence()
    {
        var diagnostics = Source.Diagnose(Source.Network("input [1, 8, 8]|conv2d(4, kernel: 3, kernel: 5, stride: 1, stride: 2)|loss mse"));

        Assert.Equal([("NF2012", 26), ("NF2012", 48)], diagnostics.Select(d => (d.Id, d.Location.Column)));
        Assert.EndsWith("'kernel' is given twice", diagnostics[0].Message);
        Assert.EndsWith("'stride' is given twice", diagnostics[1].Message);
    }

    [Fact]
    public void Thousands_of_mistakes_in_one_argument_list_give_one_short_diagnostic_per_kind()
    {
        var repeated = $"input [4]|dense(4, {Repeated("bias: true", 3001)})|loss mse";
        DiagnosticTests.AssertSingle(repeated, "NF2012", 3, 26, $"dense(4, {Repeated("bias: true", 5)}, ...): 'bias' is given 3,001 times");

        var unknown = $"input [4]|dense(4, {Numbered("x", 5000).Replace(", ", ": 1, ")}: 1)|loss mse";
        DiagnosticTests.AssertSingle(unknown, "NF2009", 3, 14, "dense has no arguments 'x0', 'x1', 'x2' and 4,997 more; it takes units, bias, init");

        var extra = $"input [4]|relu({Numbered("", 4000)})|loss mse";
        var diagnostic = Assert.Single(Source.Diagnose(Source.Network(extra)));
        Assert.Equal(("NF2012", 3, 10), (diagnostic.Id, diagnostic.Location.Line, diagnostic.Location.Column));
        Assert.Equal("relu(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, ...): relu takes no positional argument; 0, 1, 2 and 3,997 more are 4,000 too many", diagnostic.Message);
    }

    [Fact]
    public void Long_names_and_values_are_quoted_by_their_start()
    {
        var name = new string('N', 100);
        var start = new string('N', 61) + "...";
        var diagnostic = Assert.Single(Source.Diagnose(Source.Network("input [4]|add(x)|loss mse", name)));
        Assert.Equal($"add(x) refers to 'x', which no line of network {start} defines", diagnostic.Message);

        var digits = new string('9', 200);
        var number = new string('9', 61) + "...";
        DiagnosticTests.AssertSingle($"input [4]|dense({digits})|loss mse", "NF2011", 3, 11,
            $"argument 'units' of dense({number}) must be a whole number >= 1, not {number}");

        var op = new string('q', 100);
        DiagnosticTests.AssertSingle($"input [4]|{op}|loss mse", "NF2001", 3, 5,
            $"unknown op '{new string('q', 61)}...'; the ops are dense, conv2d, maxpool, avgpool, flatten, relu, leaky_relu, elu, sigmoid, tanh, maxout, softmax, dropout, batchnorm, add, concat");
    }

    [Fact]
    public void A_long_integer_list_is_quoted_by_its_first_numbers()
    {
        var kernel = Repeated("3", 1000);
        var diagnostic = Assert.Single(Source.Diagnose(Source.Network($"input [1, 8, 8]|conv2d(4, kernel: [{kernel}])|loss mse")));

        var first = Repeated("3", 32);
        Assert.Equal(("NF2011", 3, 15), (diagnostic.Id, diagnostic.Location.Line, diagnostic.Location.Column));
        Assert.Equal($"argument 'kernel' of conv2d(4, ...) must be a whole number or a pair [height, width], each >= 1, not [{first}, ...]", diagnostic.Message);
    }
}
