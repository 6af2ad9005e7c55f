using NetForge.Dsl.Binding;

namespace NetForge.Dsl.Tests;

/// <summary>Each network is checked on its own, every independent mistake is reported, and one mistake is reported once.</summary>
public class IndependenceTests
{
    [Fact]
    public void The_networks_of_one_file_are_checked_independently()
    {
        var text = Source.Network("input [784]|dense(0) -> relu|loss mse", "First")
                   + Source.Network("input [784]|dense(10) -> rleu|loss mse", "Second")
                   + Source.Network("input [784]|dense(10) -> relu|loss softmax_cross_entropy", "Fine");

        var results = NetworkBinder.BindAll(Source.Parse(text).Networks);

        Assert.Equal(3, results.Count);
        var first = Assert.Single(results[0].Diagnostics);
        Assert.Equal(("NF2011", 3, 11), (first.Id, first.Location.Line, first.Location.Column));
        var second = Assert.Single(results[1].Diagnostics);
        Assert.Equal(("NF2001", 8, 18), (second.Id, second.Location.Line, second.Location.Column));
        Assert.Null(results[0].Network);
        Assert.Null(results[1].Network);
        Assert.Empty(results[2].Diagnostics);
        Assert.Equal("Fine", results[2].Network?.Name);
    }

    [Fact]
    public void The_compiler_returns_the_good_networks_of_a_file_beside_the_bad_ones()
    {
        var text = Source.Network("input [784]|dense(0)|loss mse", "Bad") + Source.Network("input [784]|dense(10)|loss mse", "Good");

        var results = ModelCompiler.CompileFile(Source.Path, text);

        Assert.Equal(2, results.Count);
        Assert.Null(results[0].Network);
        Assert.Equal("NF2011", Assert.Single(results[0].Diagnostics).Id);
        Assert.Equal("Good", results[1].Network?.Name);
    }

    [Fact]
    public void A_duplicate_network_does_not_hide_the_errors_of_the_first()
    {
        var text = Source.Network("input [4]|dense(0)|loss mse", "Twin") + Source.Network("input [4]|loss mse", "Twin");

        var results = NetworkBinder.BindAll(Source.Parse(text).Networks);

        Assert.Equal("NF2011", Assert.Single(results[0].Diagnostics).Id);
        Assert.Equal("NF2019", Assert.Single(results[1].Diagnostics).Id);
    }

    [Fact]
    public void A_shape_error_is_not_echoed_by_the_layers_after_it()
    {
        const string body = "input [784]"
                            + "|conv2d(6, kernel: 5) -> relu -> maxpool(2)"
                            + "|conv2d(16, kernel: 5) -> relu -> maxpool(2)"
                            + "|flatten"
                            + "|dense(120) -> relu -> maxout(7)"
                            + "|softmax"
                            + "|loss softmax_cross_entropy";

        var diagnostic = Assert.Single(Source.Diagnose(Source.Network(body)));

        Assert.Equal(("NF2002", 3, 5), (diagnostic.Id, diagnostic.Location.Line, diagnostic.Location.Column));
    }

    [Fact]
    public void A_shape_error_is_not_echoed_by_the_loss()
    {
        var diagnostic = Assert.Single(Source.Diagnose(Source.Network("input [10]|maxout(3)|loss softmax_cross_entropy")));

        Assert.Equal("NF2021", diagnostic.Id);
    }

    [Fact]
    public void A_labelled_line_that_fails_is_not_echoed_where_its_label_is_used()
    {
        var diagnostic = Assert.Single(Source.Diagnose(Source.Network("input [4]|a: dense(0)|dense(8)|add(a) -> concat(a)|loss mse")));

        Assert.Equal(("NF2011", 3, 14), (diagnostic.Id, diagnostic.Location.Line, diagnostic.Location.Column));
    }

    [Fact]
    public void A_missing_input_is_not_echoed_by_shape_errors()
    {
        var diagnostic = Assert.Single(Source.Diagnose(Source.Network("conv2d(4, kernel: 3)|maxout(3)|loss hinge")));

        Assert.Equal("NF2013", diagnostic.Id);
    }

    [Fact]
    public void An_invalid_input_shape_is_not_echoed_by_shape_errors()
    {
        var diagnostic = Assert.Single(Source.Diagnose(Source.Network("input [1, 28]|conv2d(4, kernel: 3)|loss mse")));

        Assert.Equal("NF2018", diagnostic.Id);
    }

    [Fact]
    public void Independent_mistakes_after_a_shape_error_are_still_reported()
    {
        const string body = "input [784]"
                            + "|conv2d(6, kernel: 5)"
                            + "|dense(0)"
                            + "|frob"
                            + "|add(nowhere)"
                            + "|loss nope";

        var diagnostics = Source.Diagnose(Source.Network(body));

        Assert.Equal(
            [("NF2002", 3), ("NF2011", 4), ("NF2001", 5), ("NF2006", 6), ("NF2017", 7)],
            diagnostics.Select(d => (d.Id, d.Location.Line)).OrderBy(x => x.Line));
    }

    [Fact]
    public void Structure_errors_are_reported_together()
    {
        var diagnostics = Source.Diagnose(Source.Network("dense(4)|input [4]|loss mse|input [4]|relu|loss mse"));

        Assert.Equal(
            [("NF2014", 2), ("NF2014", 5), ("NF2016", 7)],
            diagnostics.Select(d => (d.Id, d.Location.Line)).OrderBy(x => x.Line));
    }
}
