using NetForge.Dsl.Model;
using NetForge.Dsl.Planning;

namespace NetForge.Dsl.Tests;

/// <summary>The fusion plan shared by the back-ends.</summary>
public class PlannerTests
{
    private static Plan PlanOf(string body) => Planner.Plan(Source.Bind(Source.Network(body)));

    private static string Describe(Step step) =>
        string.Join("+", step.Layers.Select(layer => layer.Name)) + (step.InferenceOnly ? " (inference)" : "");

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

        Assert.Equal(["conv1+relu1+maxpool1", "relu2", "flatten1", "sigmoid1", "dense1", "dropout1", "tanh1"], plan.Steps.Select(Describe));
    }

    [Fact]
    public void A_convolution_s_activation_fuses_with_the_pooling_after_it_which_reads_the_activated_buffer()
    {
        var plan = PlanOf("input [1, 12, 12]|conv2d(4, kernel: 3) -> relu -> maxpool(2)|conv2d(4, kernel: 3) -> tanh|avgpool(2)|flatten|dense(2)|loss mse");

        Assert.Equal(["conv1+relu1+maxpool1", "conv2+tanh1+avgpool1", "flatten1", "dense1"], plan.Steps.Select(Describe));
        Assert.Equal("conv1 + relu1 + maxpool1", plan.Steps[0].Title);
        Assert.Equal("[4, 5, 5]", plan.Steps[0].Output.ToString());
        Assert.Equal("[4, 10, 10]", plan.Steps[0].Activated.ToString());
        var first = plan.Training.Steps[0];
        Assert.Equal(new PlanBuffer(BufferKind.Step, "conv1", 400), first.Activated);
        Assert.Equal(new PlanBuffer(BufferKind.Step, "maxpool1", 100), first.Output);
        Assert.Equal("conv1:input>conv1 maxpool1:conv1>maxpool1", string.Join(" ", first.Parts.Select(p => p.Step.Name + ":" + p.Input.Name + ">" + p.Output.Name)));
        Assert.Equal([false, true], first.Parts.Select(p => p.WritesInputGradient));
        Assert.Equal(["conv1", "maxpool1", "conv2", "avgpool1"], plan.Training.OwnedBuffers.Select(b => b.Name));
        Assert.Equal(plan.Training.OwnedBuffers, plan.Prediction.OwnedBuffers);
    }

    [Theory]
    [InlineData("input [1, 8, 8]|c: conv2d(4, kernel: 3) -> relu|maxpool(1)|add(c)|loss mse", "conv1+relu1 maxpool1 add1")]
    [InlineData("input [1, 8, 8]|conv2d(4, kernel: 3)|maxpool(2)|loss mse", "conv1 maxpool1")]
    [InlineData("input [1, 8, 8]|conv2d(4, kernel: 3) -> relu -> dropout(0.5)|maxpool(2)|loss mse", "conv1+relu1 dropout1 maxpool1")]
    [InlineData("input [2, 8, 8]|batchnorm -> relu -> maxpool(2)|loss mse", "batchnorm1+relu1 maxpool1")]
    public void A_pooling_stays_a_step_of_its_own_after_a_labelled_activation_or_anything_but_a_convolution_s_activation(string body, string steps)
    {
        Assert.Equal(steps, string.Join(" ", PlanOf(body).Steps.Select(Describe)));
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
        Assert.Equal(["dense1"], plan.Training.Steps.Select(s => Describe(s.Step)));
    }

    [Theory]
    [InlineData("hinge")]
    [InlineData("mse")]
    public void A_final_softmax_with_another_loss_is_trained_through(string loss)
    {
        var plan = PlanOf($"input [784]|dense(10) -> softmax|loss {loss}");

        Assert.Equal(["dense1", "softmax1"], plan.Steps.Select(Describe));
        Assert.Equal(2, plan.Training.Steps.Count);
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

        var covered = plan.Steps.SelectMany(s => s.Layers);
        Assert.Equal(network.Layers, covered);
        Assert.Same(network, plan.Network);
    }

    private static string Buffers(Pass pass) =>
        string.Join(" ", pass.Steps.Select(s => s.Step.Name + ":" + s.Input.Name + ">" + s.Output.Name));

    [Fact]
    public void Batch_norm_fuses_with_the_activation_after_it_unless_labelled()
    {
        Assert.Equal(["conv1", "batchnorm1+relu1"], PlanOf("input [1, 4, 4]|conv2d(2, kernel: 3)|batchnorm|relu|loss mse").Steps.Select(Describe));
        Assert.Equal(["batchnorm1", "relu1", "add1"], PlanOf("input [4]|a: batchnorm|relu|add(a)|loss mse").Steps.Select(Describe));
    }

    [Fact]
    public void Dropout_owns_a_buffer_and_a_mask_in_training_and_renames_its_input_at_inference()
    {
        var plan = PlanOf("input [4]|dense(8)|dropout(0.5)|dense(2)|loss mse");

        Assert.Equal("dense1:input>dense1 dropout1:dense1>dropout1 dense2:dropout1>output", Buffers(plan.Training));
        Assert.Equal("dense1:input>dense1 dropout1:dense1>dense1 dense2:dense1>output", Buffers(plan.Evaluation));
        Assert.Equal(plan.Evaluation, plan.Prediction);
        Assert.True(plan.Prediction.Steps[1].Aliases);
        Assert.Equal([new SavedBufferOf("dropout1", new SavedBuffer("mask", 8, PerSample: true))], plan.Training.SavedBuffers);
        Assert.Empty(plan.Evaluation.SavedBuffers);
    }

    [Fact]
    public void A_final_dropout_still_writes_the_output()
    {
        var plan = PlanOf("input [4]|dense(8)|dropout(0.5)|loss mse");

        Assert.Equal("dense1:input>dense1 dropout1:dense1>output", Buffers(plan.Evaluation));
        Assert.False(plan.Evaluation.Steps[1].Aliases);
    }

    [Fact]
    public void Batch_norm_saves_its_statistics_per_channel_and_keeps_running_ones_as_state()
    {
        var plan = PlanOf("input [3, 4, 4]|batchnorm(momentum: 0.8)|flatten|batchnorm|loss mse");

        Assert.Equal(
            ["batchnorm1.mean 3", "batchnorm1.inverse_std 3", "batchnorm2.mean 48", "batchnorm2.inverse_std 48"],
            plan.Training.SavedBuffers.Select(s => $"{s.Layer}.{s.Saved.Role} {s.Saved.Size}"));
        Assert.All(plan.Training.SavedBuffers, s => Assert.False(s.Saved.PerSample));
        Assert.Equal(
            ["batchnorm1.running_mean [3] Zeros", "batchnorm1.running_var [3] Ones", "batchnorm2.running_mean [48] Zeros", "batchnorm2.running_var [48] Ones"],
            plan.State.Select(s => $"{s.Layer.Name}.{s.Tensor.Role} {s.Tensor.Shape} {s.Tensor.Initializer}"));
        Assert.Equal("batchnorm1:input>batchnorm1 flatten1:batchnorm1>batchnorm1 batchnorm2:batchnorm1>output", Buffers(plan.Training));
    }

    [Fact]
    public void Evaluation_stops_at_the_logits_and_prediction_runs_the_final_softmax()
    {
        var plan = PlanOf("input [4]|dense(3)|softmax|loss softmax_cross_entropy");

        Assert.Equal("dense1:input>output", Buffers(plan.Training));
        Assert.Equal("dense1:input>output", Buffers(plan.Evaluation));
        Assert.Equal("dense1:input>dense1 softmax1:dense1>output", Buffers(plan.Prediction));
        Assert.Equal([Mode.Training, Mode.Inference, Mode.Inference], new[] { plan.Training.Mode, plan.Evaluation.Mode, plan.Prediction.Mode });
    }

    [Fact]
    public void The_first_backward_to_reach_a_label_overwrites_its_skip_gradient_and_later_ones_add()
    {
        var plan = PlanOf("input [4]|a: relu|dense(4)|add(a)|add(a)|loss mse");
        var steps = plan.Training.Steps;

        Assert.True(steps[3].Labels.Single().Accumulates is false, "the last add runs its backward first");
        Assert.True(steps[2].Labels.Single().Accumulates);
        Assert.Equal("a", steps[1].CollectsSkipGradient);
        Assert.Equal([false, true, true, true], steps.Select(s => s.WritesInputGradient));
        Assert.Equal([("a", 4)], plan.Training.SkipGradients);
    }

    [Fact]
    public void A_network_planned_without_its_positions_is_equal_wherever_it_was_written()
    {
        var text = Source.Network("input [4]|dense(8) -> batchnorm -> relu|dropout(0.5)|dense(2)|loss mse");
        var here = Source.Bind(text);
        var lower = Source.Bind("\n\n" + text);

        Assert.NotEqual(Planner.Plan(here), Planner.Plan(lower));
        Assert.Equal(Planner.Plan(here.WithoutLocations()), Planner.Plan(lower.WithoutLocations()));
        Assert.All(here.WithoutLocations().Layers, l => Assert.Same(SourceLocation.None, l.Location));
    }

    [Fact]
    public void Steps_that_read_the_data_through_a_rename_write_no_input_gradient_and_send_it_no_skip_gradient()
    {
        var plan = PlanOf("input [2, 3, 3]|s: flatten|dense(4)|concat(s)|dense(3)|loss mse");
        var steps = plan.Training.Steps;

        Assert.Equal("flatten1:input>input dense1:input>dense1 concat1:dense1>concat1 dense2:concat1>output", Buffers(plan.Training));
        Assert.Equal([false, false, true, true], steps.Select(s => s.WritesInputGradient));
        Assert.Null(steps[1].CollectsSkipGradient);
        Assert.False(steps[2].Labels.Single().TakesGradient);
        Assert.Empty(plan.Training.SkipGradients);
    }

    [Theory]
    [InlineData("input [4]|dense(8)|dropout(0.5)|a: dense(8)|dropout(0.2)|add(a)|dense(2)|loss mse")]
    [InlineData("input [1, 6, 6]|conv2d(2, kernel: 3) -> batchnorm -> relu|flatten|dropout(0.5)|dense(3) -> softmax|loss softmax_cross_entropy")]
    public void Inference_owns_no_buffer_that_training_does_not(string body)
    {
        var plan = PlanOf(body);

        Assert.Subset(plan.Training.OwnedBuffers.ToHashSet(), plan.Evaluation.OwnedBuffers.ToHashSet());
    }
}
