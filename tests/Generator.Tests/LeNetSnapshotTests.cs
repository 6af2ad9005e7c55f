namespace NetForge.Generator.Tests;

public class LeNetSnapshotTests
{
    internal const string File = """
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
        Snapshot.Match(GeneratorHarness.Generated(result, "Examples.FashionMnist.LeNet5.Float64.g.cs"), "LeNet5.Float64");
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

    [Fact]
    public void Every_convolutional_op_generates_the_same_code_in_both_forms()
    {
        const string file = """
            namespace Examples.Branches

            network Branches {
                input [3, 12, 10]
                stem: conv2d(4, kernel: [3, 5], stride: 2, padding: 2, bias: false) -> leaky_relu(0.2)
                conv2d(4, kernel: 3, padding: 1) -> elu
                sum: add(stem)
                avgpool(3, stride: 2)
                side: maxpool(1)
                conv2d(2, kernel: 1) -> sigmoid
                concat(side)
                flatten
                dense(5)
                loss hinge(margin: 2)
            }
            """;
        const string attributes = """
            using NetForge;

            namespace Examples.Branches;

            [Network(3, 12, 10)]
            [Conv2D(4, KernelHeight = 3, KernelWidth = 5, Stride = 2, Padding = 2, Bias = false)]
            [LeakyReLU(Alpha = 0.2, Name = "stem")]
            [Conv2D(4, Kernel = 3, Padding = 1, Activation = Activation.ELU)]
            [Add("stem", Name = "sum")]
            [AvgPool(3, Stride = 2)]
            [MaxPool(1, Name = "side")]
            [Conv2D(2, Kernel = 1, Activation = Activation.Sigmoid)]
            [Concat("side")]
            [Flatten]
            [Dense(5)]
            [Loss(LossKind.Hinge, Margin = 2)]
            public partial class BranchesFromAttributes;
            """;
        var (fromFile, fileOutput) = GeneratorHarness.Run([("models/branches.net", file)]);
        var (fromAttributes, attributeOutput) = GeneratorHarness.Run([], ("BranchesFromAttributes.cs", attributes));

        Assert.Empty(fromFile.Diagnostics);
        Assert.Empty(fromAttributes.Diagnostics);
        Assert.Empty(GeneratorHarness.Errors(fileOutput));
        Assert.Empty(GeneratorHarness.Errors(attributeOutput));
        Assert.Equal(
            GeneratorHarness.Generated(fromFile, "Examples.Branches.Branches.g.cs"),
            GeneratorHarness.Generated(fromAttributes, "Examples.Branches.BranchesFromAttributes.g.cs").Replace("BranchesFromAttributes", "Branches"));
    }
}
