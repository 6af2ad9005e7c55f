namespace NetForge.Dsl.Tests;

/// <summary>Numbers are ASCII digits: other scripts' digits are syntax errors at the digit, not huge or odd values.</summary>
public class DigitTests
{
    [Theory]
    [InlineData("network A {\n    input [٣]\n    relu\n    loss mse\n}\n", 2, 12, "unexpected '٣'; expected number")]
    [InlineData("network A {\n    input [4]\n    dense(٣)\n    loss mse\n}\n", 3, 11, "unexpected '٣'; expected ')'")]
    [InlineData("network A {\n    input [4]\n    leaky_relu(0.٣)\n    loss mse\n}\n", 3, 17, "unexpected '.'; expected ')'")]
    public void A_digit_of_another_script_is_a_syntax_error_where_it_stands(string text, int line, int column, string message)
    {
        var diagnostic = Assert.Single(Assert.Single(ModelCompiler.CompileFile("digits.net", text)).Diagnostics);

        Assert.Equal(("NF1001", line, column), (diagnostic.Id, diagnostic.Location.Line, diagnostic.Location.Column));
        Assert.EndsWith(message, diagnostic.Message, StringComparison.Ordinal);
    }
}
