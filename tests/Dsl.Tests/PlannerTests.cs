using NetForge.Dsl.Model;
using NetForge.Dsl.Planning;

namespace NetForge.Dsl.Tests;

/// <summary>The fusion plan shared by the back-ends.</summary>
public class PlannerTests
{
    private static Plan PlanOf(string body) => Planner.Plan(Source.Bind(Source.Network(body)));

    private static string Describe(Step step) =>
        step.Layer.Name + (step.Activation is { } a ? "+" + a.Name : "") + (step.InferenceOnly ? " (inference)" : "");

    [Fact]
    public void A_dense_layer_fuses_with_the_activation_after_it()
    {
        var plan = PlanOf("input [784]|dense(256) -> relu|dense(128) -> tanh|dense(10)|loss softmax_cross_entropy");

        Assert.Equal(["dense1+relu1", "dense2+tanh1", "dense3"], plan.Steps.Select(Describe));
        Assert.Equal("dense1", plan.Steps[0].Name);
        Assert.Equal("[256]", plan.Steps[0].Output.ToString());
    }

    [Theory]
    [InlineData("relu")]
    [InlineData("leaky_relu(0.1)")]
    [InlineData("elu")]
    [InlineData("sigmoid")]
    [InlineData("tanh")]
    public void Every_elementwise_activation_fuses_into_dense(string activation)
    {
        var step = Assert.Single(PlanOf($"input [4]|dense(3) -> {activation}|loss mse").Steps);

        Assert.Equal(OpKind.Dense, step.Layer.Op);
        Assert.NotNull(step.Activation);
    }

    [Fact]
    public void The_activation_on_the_next_line_fuses_too()
    {
        Assert.Equal(["dense1+relu1"], PlanOf("input [4]|dense(3)|relu|loss mse").Steps.Select(Describe));
    }

    [Fact]
    public void A_labelled_dense_layer_does_not_fuse()
    {
        var plan = PlanOf("input [4]|skip: dense(4)|relu|add(skip)|loss mse");

        Assert.Equal(["dense1", "relu1", "add1"], plan.Steps.Select(Describe));
    }

    [Fact]
    public void A_label_on_the_activation_still_lets_it_fuse()
    {
        var plan = PlanOf("input [4]|skip: dense(4) -> relu|dense(4)|add(skip)|loss mse");

        Assert.Equal(["dense1+relu1", "dense2", "add1"], plan.Steps.Select(Describe));
    }

    [Fact]
    public void Standalone_activations_are_steps_of_their_own()
    {
        var plan = PlanOf("input [1, 8, 8]|conv2d(4, kernel: 3) -> relu -> maxpool(2)|relu|flatten -> sigmoid|dense(4) -> dropout(0.5) -> tanh|loss mse");

        Assert.Equal(["conv1+relu1", "maxpool1", "relu2", "flatten1", "sigmoid1", "dense1", "dropout1", "tanh1"], plan.Steps.Select(Describe));
    }

    [Fact]
    public void Two_activations_after_dense_fuse_only_the_first()
    {
        Assert.Equal(["dense1+relu1", "sigmoid1"], PlanOf("input [4]|dense(3) -> relu -> sigmoid|loss mse").Steps.Select(Describe));
    }

    [Fact]
    public void Softmax_and_maxout_do_not_fuse_into_dense()
    {
        Assert.Equal(["dense1", "softmax1"], PlanOf("input [4]|dense(3) -> softmax|loss hinge").Steps.Select(Describe));
        Assert.Equal(["dense1", "maxout1"], PlanOf("input [4]|dense(4) -> maxout(2)|loss mse").Steps.Select(Describe));
    }

    [Fact]
    public void A_final_softmax_with_softmax_cross_entropy_is_inference_only()
    {
        var plan = PlanOf("input [784]|dense(10) -> softmax|loss softmax_cross_entropy");

        Assert.Equal(["dense1", "softmax1 (inference)"], plan.Steps.Select(Describe));
        Assert.Equal(["dense1"], plan.TrainingSteps.Select(Describe));
    }

    [Theory]
    [InlineData("hinge")]
    [InlineData("mse")]
    public void A_final_softmax_with_another_loss_is_trained_through(string loss)
    {
        var plan = PlanOf($"input [784]|dense(10) -> softmax|loss {loss}");

        Assert.Equal(["dense1", "softmax1"], plan.Steps.Select(Describe));
        Assert.Equal(2, plan.TrainingSteps.Count());
    }

    [Fact]
    public void A_softmax_that_is_not_last_is_trained_through()
    {
        var plan = PlanOf("input [784]|dense(10) -> softmax|dense(10)|loss softmax_cross_entropy");

        Assert.All(plan.Steps, s => Assert.False(s.InferenceOnly));
    }

    [Fact]
    public void The_plan_covers_every_layer_once_in_order()
    {
        var network = Source.Bind(SpecExamples.ResidualTiny);
        var plan = Planner.Plan(network);

        var covered = plan.Steps.SelectMany(s => s.Activation is null ? [s.Layer] : new[] { s.Layer, s.Activation });
        Assert.Equal(network.Layers, covered);
        Assert.Same(network, plan.Network);
    }
}
