using NetForge.Dsl.Syntax;

namespace NetForge.Dsl.Tests;

/// <summary>The argument values of the language as the parser reads them.</summary>
public class LiteralTests
{
    private static ValueSyntax ValueOf(string written)
    {
        var text = Source.Network($"input [4]|op(x: {written})|loss mse");
        var chain = (ChainSyntax)Source.ParseOne(text).Statements[1];
        var argument = Assert.Single(Assert.Single(chain.Ops).Arguments);
        Assert.Equal("x", argument.Name);
        Assert.Equal(written, text.Substring(argument.Location.Start + 3, argument.Location.Length - 3));
        return argument.Value;
    }

    [Theory]
    [InlineData("0", "0")]
    [InlineData("10", "10")]
    [InlineData("007", "007")]
    [InlineData("-3", "-3")]
    [InlineData("99999999999999999999", "99999999999999999999")]
    public void Whole_numbers_are_integers(string written, string text)
    {
        Assert.Equal(new ValueSyntax(ValueKind.Integer, text), ValueOf(written));
    }

    [Theory]
    [InlineData("0.01")]
    [InlineData("1.0")]
    [InlineData("1e-5")]
    [InlineData("1e5")]
    [InlineData("1.5E+3")]
    [InlineData("2.5e-3")]
    [InlineData("-0.5")]
    [InlineData("-1e-3")]
    public void Numbers_with_a_fraction_or_an_exponent_are_reals_kept_as_written(string written)
    {
        Assert.Equal(new ValueSyntax(ValueKind.Real, written), ValueOf(written));
    }

    [Theory]
    [InlineData("true")]
    [InlineData("false")]
    public void True_and_false_are_booleans(string written)
    {
        Assert.Equal(new ValueSyntax(ValueKind.Boolean, written), ValueOf(written));
    }

    [Theory]
    [InlineData("stem")]
    [InlineData("_private")]
    [InlineData("Block2_out")]
    [InlineData("True")]
    public void Other_names_are_names(string written)
    {
        Assert.Equal(new ValueSyntax(ValueKind.Name, written), ValueOf(written));
    }

    [Theory]
    [InlineData("[3, 5]", "3,5")]
    [InlineData("[3]", "3")]
    [InlineData("[1, 2, 3]", "1,2,3")]
    [InlineData("[ 7 , -2 ]", "7,-2")]
    public void Bracketed_whole_numbers_are_integer_lists(string written, string text)
    {
        Assert.Equal(new ValueSyntax(ValueKind.IntegerList, text), ValueOf(written));
    }

    [Fact]
    public void An_integer_list_prints_back_in_the_language()
    {
        Assert.Equal("[3, 5]", ValueOf("[3, 5]").ToString());
    }

    [Fact]
    public void Real_values_built_in_code_read_back_as_reals()
    {
        Assert.Equal("1.0", ValueSyntax.Real(1).Text);
        Assert.Equal("0.01", ValueSyntax.Real(0.01).Text);
        Assert.Equal("1E-05", ValueSyntax.Real(1e-5).Text);
        Assert.Equal(ValueKind.Real, ValueSyntax.Real(2).Kind);
    }
}
