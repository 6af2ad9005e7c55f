namespace NetForge.Generator.Tests;

public class LeNetSnapshotTests
{
    private const string File = """
        # LeNet-5 for 28x28 grayscale images
        namespace Examples.FashionMnist

        network LeNet5 {
            input [1, 28, 28]
            conv2d(6, kernel: 5, padding: 2) -> relu -> maxpool(2)
            conv2d(16, kernel: 5) -> relu -> maxpool(2)
            flatten
            dense(120) -> relu
            dense(84) -> relu
            dense(10)
            loss softmax_cross_entropy
        }
        """;

    private const string Attributes = """
        using NetForge;

        namespace Examples.FashionMnist;

        [Network(1, 28, 28)]
        [Conv2D(6, Kernel = 5, Padding = 2, Activation = Activation.ReLU)]
        [MaxPool(2)]
        [Conv2D(16, Kernel = 5, Activation = Activation.ReLU)]
        [MaxPool(2)]
        [Flatten]
        [Dense(120, Activation = Activation.ReLU)]
        [Dense(84, Activation = Activation.ReLU)]
        [Dense(10)]
        [Loss(LossKind.SoftmaxCrossEntropy)]
        public partial class LeNet5FromAttributes;
        """;

    [Fact]
    public void LeNet5_from_a_net_file_generates_the_pinned_code_and_compiles()
    {
        var (result, output) = GeneratorHarness.Run([("models/lenet5.net", File)]);

        Assert.Empty(result.Diagnostics);
        Snapshot.Match(GeneratorHarness.Generated(result, "Examples.FashionMnist.LeNet5.g.cs"), "LeNet5");
        Assert.Empty(GeneratorHarness.Errors(output));
    }

    [Fact]
    public void LeNet5_from_attributes_generates_the_pinned_code_and_compiles()
    {
        var (result, output) = GeneratorHarness.Run([], ("LeNet5FromAttributes.cs", Attributes));

        Assert.Empty(result.Diagnostics);
        Snapshot.Match(GeneratorHarness.Generated(result, "Examples.FashionMnist.LeNet5FromAttributes.g.cs"), "LeNet5FromAttributes");
        Assert.Empty(GeneratorHarness.Errors(output));
    }

    [Fact]
    public void Both_forms_of_LeNet5_generate_the_same_code_apart_from_its_name()
    {
        var (fromFile, _) = GeneratorHarness.Run([("models/lenet5.net", File)]);
        var (fromAttributes, _) = GeneratorHarness.Run([], ("LeNet5FromAttributes.cs", Attributes));

        Assert.Equal(
            GeneratorHarness.Generated(fromFile, "Examples.FashionMnist.LeNet5.g.cs"),
            GeneratorHarness.Generated(fromAttributes, "Examples.FashionMnist.LeNet5FromAttributes.g.cs").Replace("LeNet5FromAttributes", "LeNet5"));
    }
}
