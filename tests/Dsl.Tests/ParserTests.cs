using NetForge.Dsl.Syntax;

namespace NetForge.Dsl.Tests;

public class ParserTests
{
    private const string Mlp = """
        network Mlp {
            input [784]
            dense(256) -> relu
            dense(10)
            loss softmax_cross_entropy
        }
        """;

    [Fact]
    public void A_namespace_line_with_a_dotted_name_applies_to_every_network()
    {
        var result = Source.Parse("namespace Company.Product.Models\n" + Mlp + "\n" + Mlp.Replace("Mlp", "Other"));

        Assert.Empty(result.Diagnostics);
        Assert.Equal(2, result.Networks.Count);
        Assert.All(result.Networks, n => Assert.Equal("Company.Product.Models", n.Namespace));
    }

    [Fact]
    public void A_namespace_of_one_name_is_allowed()
    {
        Assert.Equal("Models", Source.ParseOne("namespace Models\n\n" + Mlp).Namespace);
    }

    [Fact]
    public void Without_a_namespace_line_the_network_has_no_namespace()
    {
        Assert.Null(Source.ParseOne(Mlp).Namespace);
    }

    [Fact]
    public void Several_networks_keep_their_order_names_and_locations()
    {
        const string text = """
            network First {
                input [4]
                loss mse
            }

            network Second {
                input [4]
                loss mse
            }
            network  Third {
                input [4]
                loss mse
            }
            """;

        var networks = Source.Parse(text).Networks;

        Assert.Equal(["First", "Second", "Third"], networks.Select(n => n.Name));
        Assert.Equal([(1, 9), (6, 9), (10, 10)], networks.Select(n => (n.Location.Line, n.Location.Column)));
        Assert.Equal(5, networks[0].Location.Length);
    }

    [Fact]
    public void The_statements_of_a_network_are_input_chains_and_loss_in_order()
    {
        var network = Source.ParseOne(Mlp);

        Assert.IsType<InputSyntax>(network.Statements[0]);
        Assert.IsType<ChainSyntax>(network.Statements[1]);
        Assert.IsType<ChainSyntax>(network.Statements[2]);
        Assert.IsType<LossSyntax>(network.Statements[3]);
        Assert.Equal(4, network.Statements.Count);
        Assert.Equal(["dense", "relu"], ((ChainSyntax)network.Statements[1]).Ops.Select(o => o.Name));
        Assert.Equal("softmax_cross_entropy", ((LossSyntax)network.Statements[3]).Op.Name);
    }

    [Fact]
    public void Statements_and_ops_carry_their_line_and_column()
    {
        var network = Source.ParseOne(Mlp);

        Assert.Equal([(2, 5), (3, 5), (4, 5), (5, 5)], network.Statements.Select(s => (s.Location.Line, s.Location.Column)));
        var chain = (ChainSyntax)network.Statements[1];
        Assert.Equal([(3, 5), (3, 19)], chain.Ops.Select(o => (o.Location.Line, o.Location.Column)));
        var argument = Assert.Single(chain.Ops[0].Arguments);
        Assert.Equal((3, 11), (argument.Location.Line, argument.Location.Column));
        Assert.Equal((5, 10), (((LossSyntax)network.Statements[3]).Op.Location.Line, ((LossSyntax)network.Statements[3]).Op.Location.Column));
    }

    [Fact]
    public void Locations_count_characters_from_the_start_of_the_text()
    {
        var network = Source.ParseOne(Mlp);
        var relu = ((ChainSyntax)network.Statements[1]).Ops[1];

        Assert.Equal(Mlp.IndexOf("relu", StringComparison.Ordinal), relu.Location.Start);
        Assert.Equal(Source.Path, relu.Location.Path);
        Assert.Equal("test.net(3,19)", relu.Location.ToString());
    }

    [Fact]
    public void An_op_location_spans_exactly_the_op_as_written()
    {
        var text = Source.Network("input [3, 8, 8]|conv2d(4, kernel: [3, 3])   ->   relu   # c|loss mse");
        var chain = (ChainSyntax)Source.ParseOne(text).Statements[1];

        Assert.Equal(["conv2d(4, kernel: [3, 3])", "relu"], chain.Ops.Select(o => text.Substring(o.Location.Start, o.Location.Length)));
        Assert.Equal(["4", "kernel: [3, 3]"], chain.Ops[0].Arguments.Select(a => text.Substring(a.Location.Start, a.Location.Length)));
        var conv = chain.Ops[0].Location;
        Assert.Equal((3, 5, 3, 30), (conv.Line, conv.Column, conv.EndLine, conv.EndColumn));
    }

    [Fact]
    public void Keyword_statements_are_located_at_their_keyword()
    {
        var text = Source.Network("input   [784]|dense(10)|loss   mse");
        var network = Source.ParseOne(text);

        Assert.Equal("input", text.Substring(network.Statements[0].Location.Start, network.Statements[0].Location.Length));
        Assert.Equal("loss", text.Substring(network.Statements[2].Location.Start, network.Statements[2].Location.Length));
    }

    [Fact]
    public void A_label_names_the_line_and_locates_the_chain()
    {
        var text = Source.Network("input [784]|stem: dense(10) -> relu|loss mse");
        var chain = Assert.IsType<ChainSyntax>(Source.ParseOne(text).Statements[1]);

        Assert.Equal("stem", chain.Label);
        Assert.Equal((3, 5), (chain.Location.Line, chain.Location.Column));
        Assert.Equal("stem", text.Substring(chain.Location.Start, chain.Location.Length));
        Assert.Equal([(3, 11), (3, 24)], chain.Ops.Select(o => (o.Location.Line, o.Location.Column)));
    }

    [Fact]
    public void A_label_may_have_spaces_around_its_colon()
    {
        var chain = (ChainSyntax)Source.ParseOne(Source.Network("input [784]|stem :dense(10)|loss mse")).Statements[1];

        Assert.Equal("stem", chain.Label);
        Assert.Equal("dense", Assert.Single(chain.Ops).Name);
        Assert.Equal(11, chain.Ops[0].Location.Column);
    }

    [Fact]
    public void An_unlabelled_chain_is_located_at_its_first_op()
    {
        var chain = (ChainSyntax)Source.ParseOne(Source.Network("input [784]|dense(10) -> relu|loss mse")).Statements[1];

        Assert.Null(chain.Label);
        Assert.Equal(chain.Ops[0].Location, chain.Location);
    }

    [Theory]
    [InlineData("flatten")]
    [InlineData("flatten()")]
    [InlineData("flatten ( )")]
    public void An_op_without_arguments_may_omit_or_keep_its_parentheses(string written)
    {
        var chain = (ChainSyntax)Source.ParseOne(Source.Network($"input [1, 2, 2]|{written}|loss mse")).Statements[1];

        var op = Assert.Single(chain.Ops);
        Assert.Equal("flatten", op.Name);
        Assert.Empty(op.Arguments);
    }

    [Fact]
    public void Positional_and_named_arguments_keep_their_order_names_and_locations()
    {
        var chain = (ChainSyntax)Source.ParseOne(Source.Network("input [1, 28, 28]|conv2d(6, kernel: 5, padding: 2, bias: false)|loss mse")).Statements[1];

        var arguments = Assert.Single(chain.Ops).Arguments;
        Assert.Equal([null, "kernel", "padding", "bias"], arguments.Select(a => a.Name));
        Assert.Equal(["6", "5", "2", "false"], arguments.Select(a => a.Value.Text));
        Assert.Equal([ValueKind.Integer, ValueKind.Integer, ValueKind.Integer, ValueKind.Boolean], arguments.Select(a => a.Value.Kind));
        Assert.Equal([12, 15, 26, 38], arguments.Select(a => a.Location.Column));
    }

    [Fact]
    public void Several_names_are_positional_arguments()
    {
        var chain = (ChainSyntax)Source.ParseOne(Source.Network("input [4]|a: dense(4)|b: dense(4)|concat(a, b)|loss mse")).Statements[3];

        Assert.Equal(["a", "b"], Assert.Single(chain.Ops).Arguments.Select(a => a.Value.Text));
        Assert.All(chain.Ops[0].Arguments, a => Assert.Equal(ValueKind.Name, a.Value.Kind));
    }

    [Theory]
    [InlineData("[784]", new long[] { 784 })]
    [InlineData("[1, 28, 28]", new long[] { 1, 28, 28 })]
    [InlineData("[ 3 ,32,  32 ]", new long[] { 3, 32, 32 })]
    public void An_input_shape_keeps_its_extents(string shape, long[] expected)
    {
        var input = Assert.IsType<InputSyntax>(Source.ParseOne(Source.Network($"input {shape}|loss mse")).Statements[0]);

        Assert.Equal(expected, input.Dimensions);
    }

    [Fact]
    public void A_loss_takes_arguments_like_an_op()
    {
        var loss = Assert.IsType<LossSyntax>(Source.ParseOne(Source.Network("input [4]|dense(3)|loss hinge(margin: 2)")).Statements[2]);

        Assert.Equal("hinge", loss.Op.Name);
        var margin = Assert.Single(loss.Op.Arguments);
        Assert.Equal("margin", margin.Name);
        Assert.Equal(new ValueSyntax(ValueKind.Integer, "2"), margin.Value);
        Assert.Equal((4, 5), (loss.Location.Line, loss.Location.Column));
        Assert.Equal((4, 10), (loss.Op.Location.Line, loss.Op.Location.Column));
        Assert.Equal((4, 16), (margin.Location.Line, margin.Location.Column));
    }

    [Fact]
    public void A_network_may_be_written_on_few_lines()
    {
        var network = Source.ParseOne("network Tiny { input [4]\n dense(2)\n loss mse }");

        Assert.Equal("input [4]\ndense(2)\nloss mse", Source.Render(network));
    }

    [Fact]
    public void An_empty_network_parses_for_the_binder_to_judge()
    {
        var network = Source.ParseOne("network Empty {\n}\n");

        Assert.Equal("Empty", network.Name);
        Assert.Empty(network.Statements);
    }
}
