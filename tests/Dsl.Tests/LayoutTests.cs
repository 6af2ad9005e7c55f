using NetForge.Dsl.Syntax;

namespace NetForge.Dsl.Tests;

/// <summary>Comments, blank lines, line ends, tabs and continued lines.</summary>
public class LayoutTests
{
    private const string Plain = """
        namespace Demo
        network Mlp {
            input [784]
            dense(256) -> relu
            loss mse
        }
        """;

    private const string Rendered = "input [784]\ndense(256) -> relu\nloss mse";

    [Theory]
    [InlineData("#")]
    [InlineData("//")]
    public void Comments_may_stand_on_their_own_lines_and_end_any_line(string mark)
    {
        var text = $"""
            {mark} leading comment
              {mark} indented comment
            namespace Demo {mark} after the namespace
            {mark} between
            network Mlp {mark} before the brace
            {'{'} {mark} after the brace
                {mark} inside
                input [784] {mark} after a shape
                dense(256) -> {mark} after an arrow
                    relu {mark} after an op
                loss mse{mark}no space before
            {'}'} {mark} after the network
            {mark} last line without a line end
            """;

        var result = Source.Parse(text);

        Assert.Empty(result.Diagnostics);
        var network = Assert.Single(result.Networks);
        Assert.Equal("Demo", network.Namespace);
        Assert.Equal(Rendered, Source.Render(network));
    }

    [Fact]
    public void A_comment_mark_inside_a_comment_is_just_text()
    {
        var network = Source.ParseOne("network A { # a # b // c -> relu\n input [4] // d # e\n loss mse\n}");

        Assert.Equal("input [4]\nloss mse", Source.Render(network));
    }

    [Fact]
    public void Blank_lines_and_lines_of_spaces_are_ignored_everywhere()
    {
        var text = "\n\n   \nnamespace Demo\n\n\nnetwork Mlp {\n\n    input [784]\n  \t \n\n    dense(256) -> relu\n\n    loss mse\n\n}\n\n\n";

        Assert.Equal(Rendered, Source.Render(Source.ParseOne(text)));
    }

    [Fact]
    public void Windows_line_ends_parse_to_the_same_syntax_and_positions()
    {
        var unix = Source.ParseOne(Plain + "\n");
        var windows = Source.ParseOne((Plain + "\n").Replace("\n", "\r\n"));

        Assert.Equal(Source.Render(unix), Source.Render(windows));
        var unixOps = ((ChainSyntax)unix.Statements[1]).Ops;
        var windowsOps = ((ChainSyntax)windows.Statements[1]).Ops;
        Assert.Equal(unixOps.Select(o => (o.Location.Line, o.Location.Column)), windowsOps.Select(o => (o.Location.Line, o.Location.Column)));
        Assert.Equal((4, 5), (windowsOps[0].Location.Line, windowsOps[0].Location.Column));
        Assert.Equal((4, 19), (windowsOps[1].Location.Line, windowsOps[1].Location.Column));
    }

    [Fact]
    public void Windows_line_ends_work_with_comments_and_continued_lines()
    {
        var network = Source.ParseOne("network A {\r\n  input [4] # c\r\n  dense(2) ->\r\n  relu // c\r\n  loss mse\r\n}\r\n");

        Assert.Equal("input [4]\ndense(2) -> relu\nloss mse", Source.Render(network));
        Assert.Equal(4, ((ChainSyntax)network.Statements[1]).Ops[1].Location.Line);
    }

    [Fact]
    public void Windows_line_ends_are_not_part_of_an_op_location()
    {
        var text = "network A {\r\n  input [4]\r\n  dense(2)\r\n  loss mse\r\n}\r\n";
        var dense = ((ChainSyntax)Source.ParseOne(text).Statements[1]).Ops[0];

        Assert.Equal("dense(2)", text.Substring(dense.Location.Start, dense.Location.Length));
    }

    [Fact]
    public void Tabs_separate_tokens_and_count_as_one_column()
    {
        var network = Source.ParseOne("network\tMlp\t{\n\tinput\t[784]\n\tdense(256,\tbias:\tfalse)\t->\trelu\n\tloss\tmse\n}");

        Assert.Equal("input [784]\ndense(256, bias: false) -> relu\nloss mse", Source.Render(network));
        var ops = ((ChainSyntax)network.Statements[1]).Ops;
        Assert.Equal([2, 29], ops.Select(o => o.Location.Column));
        Assert.Equal(9, network.Location.Column);
    }

    [Fact]
    public void A_line_ending_in_an_arrow_continues_on_the_next()
    {
        var text = Source.Network("input [784]|dense(256) ->|relu -> dense(10) ->||   sigmoid|loss mse");
        var network = Source.ParseOne(text);

        var chain = Assert.IsType<ChainSyntax>(network.Statements[1]);
        Assert.Equal(["dense", "relu", "dense", "sigmoid"], chain.Ops.Select(o => o.Name));
        Assert.Equal([(3, 5), (4, 5), (4, 13), (6, 5)], chain.Ops.Select(o => (o.Location.Line, o.Location.Column)));
        Assert.IsType<LossSyntax>(network.Statements[2]);
        Assert.Equal(3, network.Statements.Count);
    }

    [Fact]
    public void Without_a_trailing_arrow_the_next_line_is_a_new_statement()
    {
        var network = Source.ParseOne(Source.Network("input [784]|dense(256)|relu|loss mse"));

        Assert.Equal("input [784]\ndense(256)\nrelu\nloss mse", Source.Render(network));
    }

    [Fact]
    public void Spaces_around_punctuation_are_optional()
    {
        var network = Source.ParseOne("network A{\ninput[1,8,8]\nx:conv2d(4,kernel:[3,3],stride:1)->relu\nloss mse}");

        Assert.Equal("input [1, 8, 8]\nx: conv2d(4, kernel: [3, 3], stride: 1) -> relu\nloss mse", Source.Render(network));
    }

    [Fact]
    public void The_opening_brace_may_stand_on_the_next_line()
    {
        var network = Source.ParseOne("network Mlp # the brace follows\n{\n    input [784]\n    loss mse\n}\n");

        Assert.Equal("Mlp", network.Name);
        Assert.Equal("input [784]\nloss mse", Source.Render(network));
    }
}
