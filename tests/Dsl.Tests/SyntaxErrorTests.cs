namespace NetForge.Dsl.Tests;

/// <summary>NF1001 and NF1002: where the parser stops and what it says.</summary>
public class SyntaxErrorTests
{
    private static void AssertSyntaxError(string text, int line, int column, string message)
    {
        var diagnostic = Assert.Single(Source.Diagnose(text));
        Assert.Equal("NF1001", diagnostic.Id);
        Assert.Equal((line, column), (diagnostic.Location.Line, diagnostic.Location.Column));
        Assert.Equal("syntax error: " + message, diagnostic.Message);
        Assert.Equal(Source.Path, diagnostic.Location.Path);
    }

    [Theory]
    // Inside a network body: line i of the body is line i + 1 of the text, and it starts at column 5.
    [InlineData("input [784]|dense(10) relu|loss mse", 3, 15, "unexpected 'relu'; expected end of line")]
    [InlineData("input [784]|dense(10) $|loss mse", 3, 15, "unexpected '$'; expected end of line")]
    [InlineData("input [784]|dense(10) -> @relu|loss mse", 3, 18, "unexpected '@'; expected op")]
    [InlineData("input [784|dense(10)|loss mse", 2, 15, "unexpected end of line; expected ']'")]
    [InlineData("input [784, ]|loss mse", 2, 17, "unexpected ']'; expected number")]
    [InlineData("input []|loss mse", 2, 12, "unexpected ']'; expected number")]
    [InlineData("input|loss mse", 2, 10, "unexpected end of line; expected '['")]
    [InlineData("input [7.5]|loss mse", 2, 13, "unexpected '.'; expected ']'")]
    [InlineData("input [784]|dense(10|loss mse", 3, 13, "unexpected end of line; expected ')'")]
    [InlineData("input [784]|dense(10 -> relu|loss mse", 3, 14, "unexpected '-'; expected ')'")]
    [InlineData("input [784]|dense(10, ) -> relu|loss mse", 3, 15, "unexpected ')'; expected '[' or number or name")]
    [InlineData("input [784]|dense(units: ) -> relu|loss mse", 3, 18, "unexpected ')'; expected '[' or number or name")]
    [InlineData("input [1, 8, 8]|conv2d(4, kernel: [3, ])|loss mse", 3, 27, "unexpected ']'; expected number")]
    [InlineData("input [784]|dense(10) ->|loss mse", 4, 5, "unexpected 'loss'; expected op")]
    [InlineData("input [784]|stem:|loss mse", 3, 10, "unexpected end of line; expected op")]
    [InlineData("input [784]|dense(10)|loss", 4, 9, "unexpected end of line; expected op")]
    [InlineData("input [784] dense(10)|loss mse", 2, 17, "unexpected 'dense'; expected end of line")]
    [InlineData("input [784]|dense(10)|loss mse mse", 4, 14, "unexpected 'mse'; expected end of line")]
    [InlineData("input [784]|dense(1.)|loss mse", 3, 12, "unexpected '.'; expected ')'")]
    [InlineData("input [784]|network|loss mse", 3, 5, "unexpected 'network'; expected '}'")]
    [InlineData("input [784]|dense(10) - relu|loss mse", 3, 16, "unexpected ' '; expected '>'")]
    [InlineData("input [784]|dense(-x)|loss mse", 3, 12, "unexpected 'x'; expected digit")]
    [InlineData("input [784]|dense(, 3)|loss mse", 3, 11, "unexpected ','; expected ')'")]
    [InlineData("input [784]|dense(1e)|loss mse", 3, 12, "unexpected 'e'; expected ')'")]
    public void A_mistake_in_a_network_body_is_reported_at_the_offending_token(string body, int line, int column, string message)
    {
        AssertSyntaxError(Source.Network(body), line, column, message);
    }

    [Fact]
    public void A_network_missing_its_closing_brace_before_the_next_network_is_reported_at_the_next_network()
    {
        const string text = """
            network A {
                input [784]
                loss mse

            network B {
                input [784]
                loss mse
            }
            """;

        AssertSyntaxError(text, 5, 1, "unexpected 'network'; expected '}'");
    }

    [Theory]
    [InlineData("network A {\n    input [784]\n    loss mse\n", 4, 1)]
    [InlineData("network A {\n    input [784]\n    loss mse", 3, 13)]
    [InlineData("network A {\n    input [784]\n    loss mse  # done", 3, 21)]
    public void A_missing_closing_brace_at_the_end_of_the_file_is_reported_there(string text, int line, int column)
    {
        AssertSyntaxError(text, line, column, "unexpected end of file; expected '}'");
    }

    [Theory]
    [InlineData("network {\n}", 1, 9, "unexpected '{'; expected name")]
    [InlineData("network A\n    input [784]\n}", 2, 5, "unexpected 'input'; expected '{'")]
    [InlineData("network A {\n    input [784]\n    loss mse\n}\ngarbage", 5, 1, "unexpected 'garbage'; expected end of input")]
    [InlineData("network A {\n    input [784]\n    loss mse\n}\n}", 5, 1, "unexpected '}'; expected end of input")]
    [InlineData("network A {\n    input [784]\n    loss mse\n} extra", 4, 3, "unexpected 'extra'; expected end of input")]
    [InlineData("networks A {\n}", 1, 1, "unexpected 'networks'; expected end of input")]
    [InlineData("namespace 3d\nnetwork A {\n}", 1, 11, "unexpected '3d'; expected name")]
    [InlineData("namespace A.B.\nnetwork A {\n}", 1, 15, "unexpected end of line; expected name")]
    [InlineData("namespace A.B network A {\n}", 1, 15, "unexpected 'network'; expected end of line")]
    [InlineData("network A {\n}\nnamespace B\n", 3, 1, "unexpected 'namespace'; expected end of input")]
    public void A_mistake_outside_network_bodies_is_reported_at_the_offending_token(string text, int line, int column, string message)
    {
        AssertSyntaxError(text, line, column, message);
    }

    [Fact]
    public void Only_the_first_syntax_error_is_reported_and_no_network_comes_back()
    {
        var result = Source.Parse(Source.Network("input [784|dense(10) relu|loss") + Source.Network("input [4]|loss mse", "Fine"));

        Assert.Empty(result.Networks);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal((2, 15), (diagnostic.Location.Line, diagnostic.Location.Column));
    }

    [Fact]
    public void A_syntax_error_prints_like_a_compiler_error()
    {
        var diagnostic = Assert.Single(Source.Diagnose(Source.Network("input [784]|dense(10) relu|loss mse")));

        Assert.Equal("test.net(3,15): error NF1001: syntax error: unexpected 'relu'; expected end of line", diagnostic.ToString());
    }

    [Fact]
    public void A_syntax_error_gives_one_result_without_a_network_from_the_compiler()
    {
        var result = Assert.Single(ModelCompiler.CompileFile("bad.net", "network A {\n    input [784\n}"));

        Assert.Null(result.Network);
        Assert.Equal("NF1001", Assert.Single(result.Diagnostics).Id);
        Assert.Equal("bad.net", result.Diagnostics[0].Location.Path);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n  \n")]
    [InlineData("# only a comment")]
    [InlineData("# a comment\n// and another\n\n")]
    [InlineData("\r\n# comment\r\n")]
    [InlineData("namespace Examples.Empty\n")]
    [InlineData("namespace Examples.Empty")]
    [InlineData("namespace Examples.Empty # and a comment")]
    public void A_file_without_a_network_reports_NF1002_at_its_start(string text)
    {
        var diagnostic = Assert.Single(Source.Diagnose(text));

        Assert.Equal("NF1002", diagnostic.Id);
        Assert.Equal((1, 1), (diagnostic.Location.Line, diagnostic.Location.Column));
        Assert.Contains("declares no network", diagnostic.Message);
    }
}
